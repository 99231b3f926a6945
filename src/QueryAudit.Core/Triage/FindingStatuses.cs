namespace QueryAudit.Core.Triage;

/// <summary>
/// Stable names of disposition statuses, as written in the store, CSV and JSON. Never rename one.
/// </summary>
public static class FindingStatuses
{
    /// <summary>Nobody has concluded on it yet.</summary>
    public const string Open = "open";

    /// <summary>A reviewer explained it (usually with a ticket): closed.</summary>
    public const string Explained = "explained";

    /// <summary>A reviewer judged it not to be an exception: closed.</summary>
    public const string Dismissed = "dismissed";

    /// <summary>Handed on for investigation: still open.</summary>
    public const string Escalated = "escalated";

    /// <summary>Covered by a suppression rule: closed, but still listed and counted.</summary>
    public const string Suppressed = "suppressed";

    /// <summary>A critical finding that one reviewer closed and a second, different reviewer must confirm: still open.</summary>
    public const string PendingReview = "pending_review";

    /// <summary>Every status, in the order reports list them.</summary>
    public static IReadOnlyList<string> All { get; } = [Open, PendingReview, Escalated, Explained, Dismissed, Suppressed];

    /// <summary>Tells whether a status ends the triage of a finding.</summary>
    public static bool IsClosed(string status) => status is Explained or Dismissed or Suppressed;
}
