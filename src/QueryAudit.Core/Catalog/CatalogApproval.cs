using System.Globalization;

namespace QueryAudit.Core.Catalog;

/// <summary>
/// The approval a script carries once header and git provenance are combined: who approved what, for whom, where and when.
/// </summary>
public sealed record CatalogApproval
{
    /// <summary>Change ticket; null for a migration approved by merge without a header.</summary>
    public string? Ticket { get; init; }

    /// <summary>People who approved: header <c>approved-by</c> first, then git trailer names not already listed.</summary>
    public IReadOnlyList<string> Approvers { get; init; } = [];

    /// <summary>
    /// Database accounts allowed to run the script. Empty for a migration whose header names none, which means any account
    /// the policy classes as <c>migration</c>.
    /// </summary>
    public IReadOnlyList<string> Executors { get; init; } = [];

    /// <summary>Start of the execution window (inclusive); null when the script has no window (migrations).</summary>
    public DateTimeOffset? WindowStart { get; init; }

    /// <summary>End of the execution window (exclusive); null when the script has no window.</summary>
    public DateTimeOffset? WindowEnd { get; init; }

    /// <summary>Where the script may run; empty means any target (migrations without a header target).</summary>
    public IReadOnlyList<CatalogTarget> Targets { get; init; } = [];

    /// <summary>How many times each statement may run per target. Default 1.</summary>
    public int MaxRuns { get; init; } = 1;

    /// <summary>
    /// When the approval took effect: header <c>approved-at</c>, else for a migration the commit time of the approving git
    /// commit. Null when neither applies. An operation's header is its approval and its window bounds the runs, so the
    /// time its file reached git does not restrict it.
    /// </summary>
    public DateTimeOffset? ApprovedAt { get; init; }

    /// <summary>The git commit taken as the approval (the merge that brought the approved content in); null without git.</summary>
    public string? ApprovedCommit { get; init; }

    /// <summary>Free text saying why the script exists.</summary>
    public string? Purpose { get; init; }

    /// <summary>Where the approval evidence came from: <c>header</c>, <c>git</c> or <c>header+git</c>.</summary>
    public required string Evidence { get; init; }

    /// <summary>Formats the window as an ISO 8601 interval with offsets, or returns an empty string when there is none.</summary>
    public string FormatWindow() =>
        WindowStart is { } start && WindowEnd is { } end
            ? $"{start.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture)}/{end.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture)}"
            : "";

    /// <summary>Tests whether a run on <paramref name="cluster"/>/<paramref name="database"/> is inside the approved targets.</summary>
    public bool AllowsTarget(string cluster, string database) =>
        Targets.Count == 0 || Targets.Any(target => target.Matches(cluster, database));

    /// <summary>Tests whether <paramref name="at"/> falls inside the window (start inclusive, end exclusive); true when there is no window.</summary>
    public bool AllowsTime(DateTimeOffset at) =>
        (WindowStart is not { } start || at >= start) && (WindowEnd is not { } end || at < end);
}
