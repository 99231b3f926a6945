using QueryAudit.Core.Audit;
using QueryAudit.Core.Reconciliation;
using QueryAudit.Core.Reporting;
using QueryAudit.Core.Triage;

namespace QueryAudit.Core.State;

/// <summary>
/// Durable state of QueryAudit: findings, approved executions, event counters, quarantined lines, source checkpoints,
/// report freezes, source leases and the triage data (dispositions, suppression rules, the hash-chained trail).
/// Writes go through one <see cref="IStateTransaction"/> per batch, so that a batch's findings, counters and checkpoint
/// are committed together or not at all. Implementations create and upgrade their schema when opened.
/// </summary>
public interface IStateStore : IAsyncDisposable
{
    /// <summary>Where the store is, for messages: a file path or a server and database, never a password.</summary>
    string Description { get; }

    /// <summary>The schema version the store has after opening.</summary>
    int SchemaVersion { get; }

    /// <summary>Starts a unit of work that takes the store's write lock; dispose without committing to roll back.</summary>
    Task<IStateTransaction> BeginAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Saves one whole reconciliation in one transaction, idempotently: findings and approved executions are upserted by
    /// their stable ids, quarantined lines by position, and the statement counters, hourly event counts, informational
    /// reads and audit-off intervals of <see cref="ReconciliationSnapshot.ScopeKey"/> are replaced. Saving the same
    /// snapshot twice leaves the same state.
    /// </summary>
    Task SaveReconciliationAsync(ReconciliationSnapshot snapshot, CancellationToken cancellationToken);

    /// <summary>Returns the findings that pass the filter, with their dispositions, sorted by time, then id.</summary>
    Task<IReadOnlyList<StoredFinding>> FindFindingsAsync(FindingFilter filter, CancellationToken cancellationToken);

    /// <summary>Returns one finding with its disposition, or null when no finding has this id.</summary>
    Task<StoredFinding?> GetFindingAsync(string id, CancellationToken cancellationToken);

    /// <summary>
    /// Returns the stored findings and approved executions of one connection of one instance that happened within
    /// <paramref name="window"/> of <paramref name="around"/>, sorted by time and query id.
    /// </summary>
    Task<IReadOnlyList<ConnectionStatement>> ConnectionContextAsync(
        string instance, long connectionId, DateTimeOffset around, TimeSpan window, CancellationToken cancellationToken);

    /// <summary>Returns the approved executions in [from, to), sorted by time, then source.</summary>
    Task<IReadOnlyList<ApprovedExecution>> ApprovedExecutionsAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken);

    /// <summary>Returns events per instance and hour with the hour start in [from, to), summed over all scopes, sorted by instance and hour.</summary>
    Task<IReadOnlyList<HourlyEventCount>> EventCountsAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken);

    /// <summary>Returns the statement counters stored under one scope key; all zero when none were stored.</summary>
    Task<ReconcileCounters> CountersAsync(string scopeKey, CancellationToken cancellationToken);

    /// <summary>
    /// Returns the informational reads whose first-to-last interval overlaps [from, to), summed over all scopes per
    /// account and template, sorted by account and template.
    /// </summary>
    Task<IReadOnlyList<InformationalRead>> InformationalReadsAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken);

    /// <summary>Returns the audit-off intervals that overlap [from, to) (an interval without an end is still open), sorted by instance and start.</summary>
    Task<IReadOnlyList<(string Instance, DateTimeOffset Off, DateTimeOffset? On)>> AuditOffIntervalsAsync(
        DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken);

    /// <summary>Returns quarantined lines sorted by source and line, at most <paramref name="limit"/> of them.</summary>
    Task<IReadOnlyList<QuarantinedLine>> QuarantinedLinesAsync(int limit, CancellationToken cancellationToken);

    /// <summary>Returns the number of quarantined lines per source.</summary>
    Task<IReadOnlyDictionary<string, long>> QuarantinedCountsAsync(CancellationToken cancellationToken);

    /// <summary>Returns the checkpoint of a source, or null before its first commit.</summary>
    Task<SourceCheckpoint?> GetCheckpointAsync(string sourceKey, CancellationToken cancellationToken);

    /// <summary>Returns every source checkpoint, sorted by source key.</summary>
    Task<IReadOnlyList<SourceCheckpoint>> CheckpointsAsync(CancellationToken cancellationToken);

    /// <summary>Returns the freeze of a report period with its late-event count, or null while the period is not frozen.</summary>
    Task<ReportFreeze?> GetReportFreezeAsync(string period, CancellationToken cancellationToken);

    /// <summary>
    /// Takes the lease on a source for <paramref name="ttl"/> when it is free, expired or already held by
    /// <paramref name="owner"/>; returns false when another owner holds an unexpired lease.
    /// </summary>
    Task<bool> TryAcquireLeaseAsync(string sourceKey, string owner, TimeSpan ttl, CancellationToken cancellationToken);

    /// <summary>Extends a lease that <paramref name="owner"/> still holds unexpired; returns false when it was lost.</summary>
    Task<bool> RenewLeaseAsync(string sourceKey, string owner, TimeSpan ttl, CancellationToken cancellationToken);

    /// <summary>Gives up a lease held by <paramref name="owner"/>; does nothing when another owner holds it.</summary>
    Task ReleaseLeaseAsync(string sourceKey, string owner, CancellationToken cancellationToken);

    /// <summary>Returns every lease row, expired ones included, sorted by source key.</summary>
    Task<IReadOnlyList<SourceLease>> LeasesAsync(CancellationToken cancellationToken);

    /// <summary>Returns the triage state of every finding that has one, as the report shows it (see <see cref="Disposition.ToReport"/>).</summary>
    Task<IReadOnlyDictionary<string, FindingDisposition>> ReportDispositionsAsync(CancellationToken cancellationToken);

    /// <summary>Returns every suppression rule, expired and revoked ones included, sorted by creation time.</summary>
    Task<IReadOnlyList<SuppressionRule>> SuppressionRulesAsync(CancellationToken cancellationToken);

    /// <summary>Returns the trail entries in sequence order.</summary>
    Task<IReadOnlyList<TrailEntry>> TrailAsync(CancellationToken cancellationToken);

    /// <summary>Returns the sequence number and hash of the last appended trail entry as the store's head row records it.</summary>
    Task<TrailHead> TrailHeadAsync(CancellationToken cancellationToken);
}
