namespace QueryAudit.Core.Reconciliation;

/// <summary>
/// Everything one reconciliation produced, in a stable order.
/// </summary>
public sealed record ReconciliationResult
{
    /// <summary>Findings sorted by time, then source, then kind.</summary>
    public required IReadOnlyList<Finding> Findings { get; init; }

    /// <summary>Approved executions sorted by time, then source.</summary>
    public required IReadOnlyList<ApprovedExecution> ApprovedExecutions { get; init; }

    /// <summary>Human reads counted as information, sorted by account and template.</summary>
    public required IReadOnlyList<InformationalRead> InformationalReads { get; init; }

    /// <summary>Audit-logging switched off and back on, per instance: silent by design, listed as gaps.</summary>
    public required IReadOnlyList<(string Instance, DateTimeOffset Off, DateTimeOffset? On)> AuditOffIntervals { get; init; }

    public required ReconcileCounters Counters { get; init; }
}
