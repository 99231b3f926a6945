namespace QueryAudit.Core.Reconciliation;

/// <summary>
/// Result of comparing one statement with the approved catalog.
/// </summary>
/// <param name="Statement">The approved statement that matched best, if any.</param>
/// <param name="ViolationKind">Null when approved; else the finding kind of the first failed constraint, or <see cref="FindingKinds.ValuesDiffer"/>.</param>
/// <param name="Reason">The failed constraint or the differing place; null when approved.</param>
/// <param name="Match"><c>exact</c>, <c>prefix</c> or <c>template</c>.</param>
/// <param name="Run">For approved matches, which run this was (1 = first).</param>
internal sealed record MatchOutcome(ApprovedStatement? Statement, string? ViolationKind, FindingReason? Reason, string Match, int Run)
{
    public static MatchOutcome None { get; } = new(null, null, null, "none", 0);

    public bool IsApproved => Statement is not null && ViolationKind is null;

    public bool IsNone => Statement is null;
}
