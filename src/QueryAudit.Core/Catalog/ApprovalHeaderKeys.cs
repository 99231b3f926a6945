namespace QueryAudit.Core.Catalog;

/// <summary>
/// The keys an approval header may contain. Keys may be added later, never renamed, because scripts in the field carry them.
/// </summary>
public static class ApprovalHeaderKeys
{
    public const string Ticket = "ticket";
    public const string ApprovedBy = "approved-by";
    public const string Executor = "executor";
    public const string Window = "window";
    public const string Target = "target";
    public const string MaxRuns = "max-runs";
    public const string Purpose = "purpose";
    public const string ApprovedAt = "approved-at";

    /// <summary>Every known key, in the order the documentation lists them.</summary>
    public static IReadOnlyList<string> All { get; } = [Ticket, ApprovedBy, ApprovedAt, Executor, Window, Target, MaxRuns, Purpose];

    /// <summary>Keys an operation script must have.</summary>
    public static IReadOnlyList<string> RequiredForOperations { get; } = [Ticket, ApprovedBy, Executor, Window, Target];
}
