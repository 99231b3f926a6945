using QueryAudit.Core.Audit;
using QueryAudit.Core.Reconciliation;

namespace QueryAudit.Core.State;

/// <summary>
/// One reconciliation to save as a whole with <see cref="IStateStore.SaveReconciliationAsync"/>.
/// </summary>
public sealed record ReconciliationSnapshot
{
    /// <summary>
    /// Key under which the counters and hourly event counts are stored, replaced on every save with the same key: for
    /// example <c>reconcile:2026-12</c>. Two scopes that read the same events count them twice, so one period's events
    /// should be saved under one key.
    /// </summary>
    public required string ScopeKey { get; init; }

    public required ReconciliationResult Result { get; init; }

    /// <summary>Events per instance and hour (from the completeness tracker).</summary>
    public IReadOnlyList<HourlyEventCount> EventCounts { get; init; } = [];

    public IReadOnlyList<QuarantinedLine> QuarantinedLines { get; init; } = [];
}
