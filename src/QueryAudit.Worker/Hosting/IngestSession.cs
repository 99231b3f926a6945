using QueryAudit.Core.Audit;
using QueryAudit.Core.Pipeline;
using QueryAudit.Core.Reconciliation;
using QueryAudit.Core.State;

namespace QueryAudit.Worker.Hosting;

/// <summary>
/// One pipeline that reads a leased source from its first line for as long as the lease is held, and what the store
/// holds for the source. Each commit stores the difference between <see cref="AuditPipeline.Preview"/> and the
/// previous commit, so that after every commit the store contains what one reconciliation of the lines read so far
/// gives, whatever the batch sizes and restart points were.
/// </summary>
internal sealed class IngestSession
{
    private readonly List<QuarantinedLine> _quarantined = [];

    /// <param name="context">Policy, catalog and parser settings.</param>
    /// <param name="sourceKey">The source's key in the store.</param>
    /// <param name="periodStart">Events before it are counted as outside the period.</param>
    /// <param name="cluster">The cluster findings are reported under; null when the log names it.</param>
    /// <param name="reorderWindow">How far events are put back in timestamp order, as reconcile does for the same kind of source.</param>
    public IngestSession(ReconcileContext context, string sourceKey, DateTimeOffset periodStart, string? cluster, TimeSpan reorderWindow = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        SourceKey = sourceKey;
        PeriodStart = periodStart;
        ReconcileOptions reconcile = new()
        {
            PeriodStart = periodStart,

            // The pipeline lives as long as the lease, so no event is after the period's end.
            PeriodEnd = DateTimeOffset.MaxValue,
            Cluster = cluster,
            Sql = context.Sql,
        };
        // Threads stays 1: commits run inside the line stream and need every line given so far to be reconciled.
        Pipeline = new AuditPipeline(context.Policy, context.Approvals, reconcile, context.Parser)
        {
            QuarantineSink = Quarantine,
            ReorderWindow = reorderWindow,
            Threads = 1,
        };
    }

    public string SourceKey { get; }

    /// <summary>Scope under which the source's counters and hourly event counts are stored.</summary>
    public string ScopeKey => "ingest:" + SourceKey;

    public DateTimeOffset PeriodStart { get; }

    public AuditPipeline Pipeline { get; }

    /// <summary>True while committed lines are read again to rebuild the state; their unparsed lines are already stored.</summary>
    public bool Replaying { get; set; } = true;

    /// <summary>Unparsed lines read since the last commit.</summary>
    public IReadOnlyList<QuarantinedLine> Quarantined => _quarantined;

    /// <summary>Findings by id as stored after the last commit.</summary>
    public Dictionary<string, Finding> CommittedFindings { get; } = new(StringComparer.Ordinal);

    /// <summary>Approved executions by store key as stored after the last commit.</summary>
    public Dictionary<string, ApprovedExecution> CommittedApprovals { get; } = new(StringComparer.Ordinal);

    /// <summary>Counters as stored under <see cref="ScopeKey"/> after the last commit.</summary>
    public ReconcileCounters CommittedCounters { get; set; } = new();

    /// <summary>Events per instance and UTC hour as stored under <see cref="ScopeKey"/>.</summary>
    public Dictionary<(string Instance, DateTimeOffset Hour), long> CommittedHours { get; } = [];

    /// <summary>Parsed events and unparsed lines counted at the last commit, for the metrics.</summary>
    public (long Events, long Unparsed) CommittedTotals { get; set; }

    /// <summary>
    /// Ends the replay: takes the state rebuilt from the committed lines as what the store holds, except the
    /// counters, which are read from the store so that a policy or catalog change since then cannot make them drift.
    /// </summary>
    public void EndReplay(ReconcileCounters storedCounters)
    {
        ReconciliationResult preview = Pipeline.Preview();
        foreach (Finding finding in preview.Findings)
        {
            CommittedFindings[finding.Id] = finding;
        }

        foreach (ApprovedExecution execution in preview.ApprovedExecutions)
        {
            CommittedApprovals[ApprovalKey(execution)] = execution;
        }

        foreach (KeyValuePair<(string Instance, DateTimeOffset Hour), long> hour in Hours())
        {
            CommittedHours[hour.Key] = hour.Value;
        }

        CommittedCounters = storedCounters;
        CommittedTotals = (EventsRead(), Pipeline.Completeness.UnparsedLines);
        _quarantined.Clear();
        Replaying = false;
    }

    /// <summary>
    /// Returns the events per instance and UTC hour of every line read so far, events held for reordering included.
    /// The counts then do not depend on when the reorder window released an event, which differs between a run and
    /// the replay that rebuilds it.
    /// </summary>
    public Dictionary<(string Instance, DateTimeOffset Hour), long> Hours()
    {
        Dictionary<(string Instance, DateTimeOffset Hour), long> hours = HourlyEventCount
            .FromCoverage(Pipeline.Completeness.Coverage())
            .ToDictionary(c => (c.Instance, c.HourStart), c => c.Events);
        foreach (AuditEvent held in Pipeline.HeldEvents.Where(e => e.Timestamp >= PeriodStart))
        {
            long ticks = held.Timestamp.UtcTicks;
            DateTimeOffset hour = new(ticks - (ticks % TimeSpan.TicksPerHour), TimeSpan.Zero);
            hours[(held.Instance, hour)] = hours.GetValueOrDefault((held.Instance, hour)) + 1;
        }

        return hours;
    }

    /// <summary>Returns the parsed events in the period read so far, events held for reordering included.</summary>
    public long EventsRead() => Pipeline.Completeness.Events + Pipeline.HeldEvents.Count(e => e.Timestamp >= PeriodStart);

    /// <summary>Forgets the unparsed lines of the batch just committed.</summary>
    public void ClearQuarantined() => _quarantined.Clear();

    /// <summary>The key the store gives an approved execution: its source, script and statement number.</summary>
    public static string ApprovalKey(ApprovedExecution execution) =>
        execution.Source + "\n" + execution.Script + "#" + execution.ScriptStatement.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private void Quarantine(QuarantinedLine line)
    {
        if (!Replaying)
        {
            _quarantined.Add(line);
        }
    }
}
