using QueryAudit.Core.Audit;
using QueryAudit.Core.Reconciliation;
using QueryAudit.Core.Triage;

namespace QueryAudit.Core.State;

/// <summary>
/// One unit of work on an <see cref="IStateStore"/>: everything written through it becomes visible together on
/// <see cref="CommitAsync"/>, or not at all when it is disposed without committing (or the process dies).
/// </summary>
public interface IStateTransaction : IAsyncDisposable
{
    /// <summary>
    /// Inserts findings or updates them by <see cref="Finding.Id"/>. Dispositions are kept, and a finding without one
    /// that a suppression rule covers (its template, account and time) gets the status <c>suppressed</c>.
    /// </summary>
    Task UpsertFindingsAsync(IEnumerable<Finding> findings, CancellationToken cancellationToken);

    /// <summary>Inserts approved executions or updates them by their key (source, script and statement number).</summary>
    Task UpsertApprovedExecutionsAsync(IEnumerable<ApprovedExecution> executions, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes findings by id; ids not stored are ignored. Their dispositions are kept, so that a finding that comes
    /// back under the same id gets its triage state back. Ingestion uses it for a provisional finding that later input
    /// withdrew (a statement a later CALL claimed as part of an approved procedure).
    /// </summary>
    Task DeleteFindingsAsync(IEnumerable<string> ids, CancellationToken cancellationToken);

    /// <summary>Deletes approved executions by their key (source, script and statement number); missing ones are ignored.</summary>
    Task DeleteApprovedExecutionsAsync(IEnumerable<ApprovedExecution> executions, CancellationToken cancellationToken);

    /// <summary>Adds hourly event counts to those already stored under <paramref name="scopeKey"/>.</summary>
    Task AddEventCountsAsync(string scopeKey, IEnumerable<HourlyEventCount> counts, CancellationToken cancellationToken);

    /// <summary>Adds statement counters to those already stored under <paramref name="scopeKey"/>.</summary>
    Task AddCountersAsync(string scopeKey, ReconcileCounters counters, CancellationToken cancellationToken);

    /// <summary>Adds human reads counted as information to those stored under <paramref name="scopeKey"/> (counts summed, first and last widened).</summary>
    Task AddInformationalReadsAsync(string scopeKey, IEnumerable<InformationalRead> reads, CancellationToken cancellationToken);

    /// <summary>Records intervals in which audit logging was off, by instance and start; a later save of the same start sets its end.</summary>
    Task UpsertAuditOffIntervalsAsync(
        string scopeKey, IEnumerable<(string Instance, DateTimeOffset Off, DateTimeOffset? On)> intervals, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes everything stored under <paramref name="scopeKey"/>: hourly event counts, statement counters,
    /// informational reads and audit-off intervals.
    /// </summary>
    Task ClearScopeAsync(string scopeKey, CancellationToken cancellationToken);

    /// <summary>Records quarantined lines; a line already recorded at the same position is replaced.</summary>
    Task UpsertQuarantinedLinesAsync(IEnumerable<QuarantinedLine> lines, CancellationToken cancellationToken);

    /// <summary>Returns the checkpoint of a source as this transaction sees it.</summary>
    Task<SourceCheckpoint?> GetCheckpointAsync(string sourceKey, CancellationToken cancellationToken);

    /// <summary>Stores the checkpoint of a source (an opaque JSON document of the source's reader) with the current time.</summary>
    Task SetCheckpointAsync(string sourceKey, string stateJson, CancellationToken cancellationToken);

    /// <summary>
    /// Locks the lease row of a source and throws <see cref="LeaseLostException"/> unless <paramref name="owner"/> holds
    /// it unexpired. Call it before committing a leased source's batch so that a task whose lease was taken over
    /// cannot commit a checkpoint behind the new owner's back.
    /// </summary>
    Task EnsureLeaseAsync(string sourceKey, string owner, CancellationToken cancellationToken);

    /// <summary>Returns the freeze of a report period as this transaction sees it, locking the row until the transaction ends.</summary>
    Task<ReportFreeze?> GetReportFreezeAsync(string period, CancellationToken cancellationToken);

    /// <summary>Marks a report period as frozen; throws <see cref="InvalidOperationException"/> when it already is.</summary>
    Task FreezeReportAsync(string period, string reportSha256, CancellationToken cancellationToken);

    /// <summary>Adds late events to a frozen period; throws <see cref="InvalidOperationException"/> when the period is not frozen.</summary>
    Task AddLateEventsAsync(string period, long count, CancellationToken cancellationToken);

    /// <summary>Returns one finding with its disposition as this transaction sees it.</summary>
    Task<StoredFinding?> GetFindingAsync(string id, CancellationToken cancellationToken);

    /// <summary>Returns the findings that pass the filter as this transaction sees them.</summary>
    Task<IReadOnlyList<StoredFinding>> FindFindingsAsync(FindingFilter filter, CancellationToken cancellationToken);

    /// <summary>Stores the disposition of a finding, replacing any earlier one.</summary>
    Task SetDispositionAsync(Disposition disposition, CancellationToken cancellationToken);

    /// <summary>Stores a new suppression rule.</summary>
    Task AddSuppressionRuleAsync(SuppressionRule rule, CancellationToken cancellationToken);

    /// <summary>Appends an entry to the trail, chaining it to the previous entry's hash, and returns it as stored.</summary>
    Task<TrailEntry> AppendTrailAsync(TrailRecord record, CancellationToken cancellationToken);

    /// <summary>Makes every write of this transaction durable.</summary>
    Task CommitAsync(CancellationToken cancellationToken);
}
