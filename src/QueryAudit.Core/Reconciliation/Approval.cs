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

    /// <summary>Where the script may run; empty means any cluster and database.</summary>
    public IReadOnlyList<ApprovalTarget> Targets { get; init; } = [];

    /// <summary>The targets as written, for reasons and reports.</summary>
    public string TargetText => Targets.Count == 0 ? "*/*" : string.Join(", ", Targets);

    /// <summary>How often each statement may run per target. Default 1.</summary>
    public int MaxRuns { get; init; } = 1;
}

/// <summary>
/// A cluster and database where a script may run, each a name or a glob.
/// </summary>
/// <param name="Cluster">Cluster glob, compared ignoring case because RDS stores identifiers in lower case.</param>
/// <param name="Database">Database glob, compared with case as MySQL on Linux does.</param>
public sealed record ApprovalTarget(string Cluster, string Database)
{
    /// <summary>Formats as <c>cluster/database</c>.</summary>
    public override string ToString() => $"{Cluster}/{Database}";
}
