namespace QueryAudit.Core.Catalog;

/// <summary>
/// The approval header of a script as written: the leading <c>/* queryaudit ... */</c> block comment, read as YAML.
/// </summary>
/// <remarks>
/// Values that failed to parse are null or empty here and reported as problems; policy checks (required keys, window
/// length, approver against executor) are applied by the loader, which has the script kind and the policy.
/// </remarks>
public sealed record ApprovalHeader
{
    /// <summary>1-based file line of the comment's opening <c>/*</c>.</summary>
    public required int StartLine { get; init; }

    /// <summary>1-based file line of the comment's closing <c>*/</c>.</summary>
    public required int EndLine { get; init; }

    /// <summary>The YAML text between the word <c>queryaudit</c> and <c>*/</c>.</summary>
    public required string Yaml { get; init; }

    /// <summary>Change ticket, for example <c>OPS-2026-1201</c>.</summary>
    public string? Ticket { get; init; }

    /// <summary>People who approved the script (key <c>approved-by</c>), in the order written, without duplicates.</summary>
    public IReadOnlyList<string> ApprovedBy { get; init; } = [];

    /// <summary>Database accounts allowed to run the script (key <c>executor</c>), in the order written, without duplicates.</summary>
    public IReadOnlyList<string> Executors { get; init; } = [];

    /// <summary>Start of the execution window (inclusive), with the offset as written.</summary>
    public DateTimeOffset? WindowStart { get; init; }

    /// <summary>End of the execution window (exclusive), with the offset as written.</summary>
    public DateTimeOffset? WindowEnd { get; init; }

    /// <summary>Where the script may run (key <c>target</c>, one or a list).</summary>
    public IReadOnlyList<CatalogTarget> Targets { get; init; } = [];

    /// <summary>How many times each statement may run per target (key <c>max-runs</c>); null when the key is absent.</summary>
    public int? MaxRuns { get; init; }

    /// <summary>Free text saying why the script exists.</summary>
    public string? Purpose { get; init; }

    /// <summary>When the change was approved (key <c>approved-at</c>, mainly for migrations without git history).</summary>
    public DateTimeOffset? ApprovedAt { get; init; }

    /// <summary>1-based file line of each key present, by key name; used to point problems at the right line.</summary>
    public IReadOnlyDictionary<string, int> KeyLines { get; init; } = new Dictionary<string, int>();

    /// <summary>Returns the file line of <paramref name="key"/>, or the header's first line when the key is absent.</summary>
    public int LineOf(string key) => KeyLines.TryGetValue(key, out int line) ? line : StartLine;
}
