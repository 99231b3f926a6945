using System.Globalization;
using Microsoft.Extensions.Options;
using QueryAudit.Core.Audit;
using QueryAudit.Core.Pipeline;
using QueryAudit.Core.Policy;
using QueryAudit.Core.Reconciliation;
using QueryAudit.Core.Reporting;
using QueryAudit.Core.State;

namespace QueryAudit.Worker.Hosting;

/// <summary>
/// Commits what ingestion produced in one store transaction: findings (with the <c>log_gap</c> findings of audit-off
/// intervals), approved executions, audit-off intervals, counters, hourly event counts, quarantined lines, late-event
/// counts and the source checkpoint. A crash before the commit leaves the store
/// as if the batch had never been read.
/// </summary>
/// <remarks>
/// Every source (folder, CloudWatch cluster, S3 prefix) commits an <see cref="IngestSession"/>, whose pipeline carries
/// open statements, connection state and failed-login bursts across batches and, for a cluster, across instances.
/// </remarks>
internal sealed class BatchCommitter(
    StoreAccessor store,
    ReconcileContextLoader contextLoader,
    IOptions<QueryAuditOptions> options,
    IngestionMetrics metrics)
{
    /// <summary>
    /// Commits the difference between what the session's pipeline gives for every line read so far and what the store
    /// contains for the source, with <paramref name="checkpoint"/>. Afterwards the store contains, for this source, exactly
    /// the findings, approved executions, counters and hourly event counts of one reconciliation of those lines.
    /// </summary>
    /// <exception cref="LeaseLostException">Another task took the lease; nothing was committed.</exception>
    public async Task<BatchOutcome> CommitAsync(
        IngestSession session, string configuredSource, string leaseOwner, string checkpoint, int lines, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        ReconciliationResult preview = session.Pipeline.Preview();

        // A final finding keeps its object from commit to commit. A finding object not seen before is new or was
        // rebuilt (for example a burst that grew), so only those objects are written.
        Dictionary<string, Finding> findings = new(StringComparer.Ordinal);
        foreach (Finding finding in preview.Findings)
        {
            findings[finding.Id] = finding;
        }

        foreach (Finding gap in AuditOffFindings(preview, session.Pipeline, contextLoader.Context.Policy))
        {
            // Gap findings are rebuilt on every commit; an unchanged one keeps its committed object so it is not written again.
            findings[gap.Id] = session.CommittedFindings.TryGetValue(gap.Id, out Finding? old) && old.EndsAt == gap.EndsAt ? old : gap;
        }

        List<Finding> changedFindings = findings.Values
            .Where(f => !session.CommittedFindings.TryGetValue(f.Id, out Finding? old) || !ReferenceEquals(old, f))
            .ToList();
        List<string> withdrawnFindings = session.CommittedFindings.Keys.Where(id => !findings.ContainsKey(id)).ToList();

        Dictionary<string, ApprovedExecution> approvals = new(StringComparer.Ordinal);
        foreach (ApprovedExecution execution in preview.ApprovedExecutions)
        {
            approvals[IngestSession.ApprovalKey(execution)] = execution;
        }

        List<ApprovedExecution> changedApprovals = approvals
            .Where(pair => !session.CommittedApprovals.TryGetValue(pair.Key, out ApprovedExecution? old) || !ReferenceEquals(old, pair.Value))
            .Select(pair => pair.Value)
            .ToList();
        List<ApprovedExecution> withdrawnApprovals = session.CommittedApprovals
            .Where(pair => !approvals.ContainsKey(pair.Key))
            .Select(pair => pair.Value)
            .ToList();

        ReconcileCounters counterChange = CounterArithmetic.Difference(preview.Counters, session.CommittedCounters);
        Dictionary<(string Instance, DateTimeOffset Hour), long> hours = session.Hours();
        List<HourlyEventCount> hourChange = hours
            .Select(pair => new HourlyEventCount(pair.Key.Instance, pair.Key.Hour, pair.Value - session.CommittedHours.GetValueOrDefault(pair.Key)))
            .Where(c => c.Events != 0)
            .ToList();

        IStateStore state = store.Store;
        IReadOnlyList<(string Period, long Events)> late = await LateEventsAsync(state, hourChange, cancellationToken).ConfigureAwait(false);
        IStateTransaction transaction = await state.BeginAsync(cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            await transaction.EnsureLeaseAsync(session.SourceKey, leaseOwner, cancellationToken).ConfigureAwait(false);
            await transaction.DeleteFindingsAsync(withdrawnFindings, cancellationToken).ConfigureAwait(false);
            await transaction.UpsertFindingsAsync(changedFindings, cancellationToken).ConfigureAwait(false);
            await transaction.DeleteApprovedExecutionsAsync(withdrawnApprovals, cancellationToken).ConfigureAwait(false);
            await transaction.UpsertApprovedExecutionsAsync(changedApprovals, cancellationToken).ConfigureAwait(false);
            await transaction.UpsertAuditOffIntervalsAsync(session.ScopeKey, preview.AuditOffIntervals, cancellationToken).ConfigureAwait(false);
            await transaction.AddCountersAsync(session.ScopeKey, counterChange, cancellationToken).ConfigureAwait(false);
            await transaction.AddEventCountsAsync(session.ScopeKey, hourChange, cancellationToken).ConfigureAwait(false);
            await transaction.UpsertQuarantinedLinesAsync(session.Quarantined, cancellationToken).ConfigureAwait(false);
            foreach ((string period, long lateEvents) in late)
            {
                await transaction.AddLateEventsAsync(period, lateEvents, cancellationToken).ConfigureAwait(false);
            }

            await transaction.SetCheckpointAsync(session.SourceKey, checkpoint, cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        int quarantined = session.Quarantined.Count;
        session.ClearQuarantined();
        session.CommittedFindings.Clear();
        foreach ((string id, Finding finding) in findings)
        {
            session.CommittedFindings[id] = finding;
        }

        session.CommittedApprovals.Clear();
        foreach ((string key, ApprovedExecution execution) in approvals)
        {
            session.CommittedApprovals[key] = execution;
        }

        session.CommittedCounters = preview.Counters;
        session.CommittedHours.Clear();
        foreach (KeyValuePair<(string Instance, DateTimeOffset Hour), long> hour in hours)
        {
            session.CommittedHours[hour.Key] = hour.Value;
        }

        long eventsRead = session.EventsRead();
        long events = eventsRead - session.CommittedTotals.Events;
        long unparsed = session.Pipeline.Completeness.UnparsedLines - session.CommittedTotals.Unparsed;
        session.CommittedTotals = (eventsRead, session.Pipeline.Completeness.UnparsedLines);
        long critical = changedFindings.Count(f => f.Severity == Severity.Critical);
        DateTimeOffset? newest = NewestEvent(session.Pipeline);
        metrics.AddBatch(configuredSource, events, unparsed, critical, newest);
        return new BatchOutcome(lines, events, changedFindings.Count, quarantined);
    }

    /// <summary>Returns the time of the newest event read, events held for reordering included; null before the first.</summary>
    private static DateTimeOffset? NewestEvent(AuditPipeline pipeline) =>
        pipeline.Completeness.Coverage().Select(c => c.LastEvent)
            .Concat(pipeline.HeldEvents.Select(e => (DateTimeOffset?)e.Timestamp))
            .Max();

    /// <summary>
    /// Returns the <c>log_gap</c> findings of the intervals in which audit logging was switched off, as
    /// <c>reconcile</c> makes them. An interval not switched on again ends at the newest event read so far.
    /// </summary>
    private static IReadOnlyList<Finding> AuditOffFindings(ReconciliationResult result, AuditPipeline pipeline, AuditPolicy policy)
    {
        if (result.AuditOffIntervals.Count == 0)
        {
            return [];
        }

        DateTimeOffset until = result.AuditOffIntervals.Max(i => i.Off);
        if (NewestEvent(pipeline) is { } newest && newest > until)
        {
            until = newest;
        }

        return ReportBuilder.AuditOffFindings(result.AuditOffIntervals, policy, until);
    }

    /// <summary>
    /// Returns the batch's events per month whose report is already frozen: they are recorded as late events of that
    /// month, so that the frozen report stays as issued and the late events are on record for an amendment.
    /// </summary>
    /// <remarks>
    /// Freezes are read before the batch's transaction begins; a month frozen between the two is missed by this batch.
    /// </remarks>
    private async Task<IReadOnlyList<(string Period, long Events)>> LateEventsAsync(
        IStateStore state, IReadOnlyList<HourlyEventCount> counts, CancellationToken cancellationToken)
    {
        List<(string, long)> late = [];
        TimeZoneInfo zone = TimeZoneInfo.FindSystemTimeZoneById(options.Value.Schedules.TimeZone);
        IEnumerable<IGrouping<string, HourlyEventCount>> months = counts.GroupBy(
            c => TimeZoneInfo.ConvertTime(c.HourStart, zone).ToString("yyyy-MM", CultureInfo.InvariantCulture),
            StringComparer.Ordinal);
        foreach (IGrouping<string, HourlyEventCount> month in months)
        {
            ReportFreeze? freeze = await state.GetReportFreezeAsync(month.Key, cancellationToken).ConfigureAwait(false);
            if (freeze is not null)
            {
                late.Add((month.Key, month.Sum(c => c.Events)));
            }
        }

        return late;
    }
}

/// <summary>
/// What one committed batch contained.
/// </summary>
internal readonly record struct BatchOutcome(int Lines, long Events, int Findings, int Quarantined);
