using QueryAudit.Core.Completeness;
using QueryAudit.Core.Policy;
using QueryAudit.Core.Reconciliation;

namespace QueryAudit.Core.Reporting;

/// <summary>
/// What <see cref="ReportBuilder"/> needs besides the reconciliation result.
/// </summary>
public sealed record ReportInputs
{
    public required ReconciliationResult Result { get; init; }

    public required CompletenessTracker Completeness { get; init; }

    public required AuditPolicy Policy { get; init; }

    public required ApprovalIndex Approvals { get; init; }

    /// <summary>Inclusive start of the period, UTC.</summary>
    public required DateTimeOffset PeriodStart { get; init; }

    /// <summary>Exclusive end of the period, UTC.</summary>
    public required DateTimeOffset PeriodEnd { get; init; }

    /// <summary>Label of the period: <c>2026-12</c>, or the two instants.</summary>
    public required string PeriodLabel { get; init; }

    /// <summary>IANA time zone id of the period.</summary>
    public required string TimeZone { get; init; }

    /// <summary>Until when the log could have events: the period end, or the current time for a period still open.</summary>
    public required DateTimeOffset ObservedUntil { get; init; }

    public IReadOnlyList<string> Clusters { get; init; } = [];

    /// <summary>Set when this report amends a frozen report of the same period; null for the first report.</summary>
    public ReportAmendment? Amendment { get; init; }

    /// <summary>Instances expected to log in the period; one that logged nothing is a gap over the whole period.</summary>
    public IReadOnlyList<string> ExpectedInstances { get; init; } = [];

    public required string ToolVersion { get; init; }

    public string? CatalogCommit { get; init; }

    public required string CatalogHash { get; init; }

    public IReadOnlyList<InputSummary> Inputs { get; init; } = [];

    /// <summary>Errors found in the approved catalog, each as <c>file:line: message</c>; every one becomes a finding.</summary>
    public IReadOnlyList<string> CatalogProblems { get; init; } = [];

    public IReadOnlyList<string> Sources { get; init; } = [];

    /// <summary>
    /// SHA-256 of each input's content (decompressed for gzip) by source name, the key of
    /// <see cref="CompletenessTracker.UnparsedBySource"/>. An unparsed-line finding's id is made from it,
    /// so that a file read under another path or name keeps its id; a source not listed is identified by its name.
    /// </summary>
    public IReadOnlyDictionary<string, string> ContentHashes { get; init; } = new Dictionary<string, string>();

    public IReadOnlyList<string> Formats { get; init; } = [];

    public long DuplicatesRemoved { get; init; }

    public long LateEvents { get; init; }

    public string Language { get; init; } = "en";

    public bool IncludeLiterals { get; init; }

    /// <summary>Triage state per finding id; findings without an entry are open.</summary>
    public IReadOnlyDictionary<string, FindingDisposition> Dispositions { get; init; } = new Dictionary<string, FindingDisposition>();
}

/// <summary>
/// A reviewer's decision on a finding.
/// </summary>
/// <param name="Status"><c>open</c>, <c>explained</c>, <c>dismissed</c>, <c>escalated</c> or <c>suppressed</c>.</param>
/// <param name="Reviewers">People who reviewed it, in order.</param>
/// <param name="Ticket">Ticket reference given with the decision.</param>
/// <param name="Note">The reviewer's note.</param>
public sealed record FindingDisposition(string Status, IReadOnlyList<string> Reviewers, string? Ticket, string? Note);
