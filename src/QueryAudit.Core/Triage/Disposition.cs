using QueryAudit.Core.Reporting;

namespace QueryAudit.Core.Triage;

/// <summary>
/// The triage state of one finding.
/// </summary>
public sealed record Disposition
{
    public required string FindingId { get; init; }

    /// <summary>One of <see cref="FindingStatuses"/>.</summary>
    public required string Status { get; init; }

    /// <summary>People who reviewed it, in order; for a critical finding the first and second reviewer.</summary>
    public IReadOnlyList<string> Reviewers { get; init; } = [];

    public string? Ticket { get; init; }

    public string? Note { get; init; }

    /// <summary>For <see cref="FindingStatuses.PendingReview"/>: the closing status the first reviewer chose.</summary>
    public string? ProposedStatus { get; init; }

    /// <summary>For <see cref="FindingStatuses.Suppressed"/>: the rule that suppressed it.</summary>
    public string? SuppressionRuleId { get; init; }

    /// <summary>When it was last changed, UTC.</summary>
    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>
    /// Returns the disposition as the report shows it. The report knows no pending state, so a finding awaiting its
    /// second reviewer is reported as <c>open</c> with a note naming the first reviewer's proposal.
    /// </summary>
    public FindingDisposition ToReport()
    {
        if (Status != FindingStatuses.PendingReview)
        {
            return new FindingDisposition(Status, Reviewers, Ticket, Note);
        }

        string proposal = $"awaiting a second reviewer; {string.Join(", ", Reviewers)} proposed {ProposedStatus}";
        string note = string.IsNullOrEmpty(Note) ? proposal : proposal + ": " + Note;
        return new FindingDisposition(FindingStatuses.Open, Reviewers, Ticket, note);
    }
}
