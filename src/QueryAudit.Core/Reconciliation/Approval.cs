namespace QueryAudit.Core.Reconciliation;

/// <summary>
/// The approval that covers the statements of one script, as the reconciler checks it.
/// </summary>
public sealed record Approval
{
    /// <summary>Catalog-relative path of the script.</summary>
    public required string Script { get; init; }

    /// <summary>True for migrations (approved when merged), false for one-off operations.</summary>
    public bool IsMigration { get; init; }

    public string? Ticket { get; init; }

    /// <summary>People who approved the script.</summary>
    public IReadOnlyList<string> Approvers { get; init; } = [];

    /// <summary>Database accounts allowed to run it; empty for a migration means any migration-class account.</summary>
    public IReadOnlyList<string> Executors { get; init; } = [];

    /// <summary>Start of the execution window, if any.</summary>
    public DateTimeOffset? WindowStart { get; init; }

    /// <summary>End of the execution window (exclusive), if any.</summary>
    public DateTimeOffset? WindowEnd { get; init; }

    /// <summary>The window as written, for reports.</summary>
    public string WindowText { get; init; } = "";

    /// <summary>When the script was approved (merge time or header <c>approved-at</c>); runs before it are exceptions.</summary>
    public DateTimeOffset? ApprovedAt { get; init; }

    /// <summary>Target cluster glob; <c>*</c> for any.</summary>
    public string TargetCluster { get; init; } = "*";

    /// <summary>Target database glob; <c>*</c> for any.</summary>
    public string TargetDatabase { get; init; } = "*";

    /// <summary>How often each statement may run per target. Default 1.</summary>
    public int MaxRuns { get; init; } = 1;
}
