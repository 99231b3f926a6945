using QueryAudit.Core.Reconciliation;

namespace QueryAudit.Core.State;

/// <summary>
/// Which findings to return. Every set criterion must hold; an empty list or null means any value.
/// </summary>
public sealed record FindingFilter
{
    /// <summary>A filter that passes every finding.</summary>
    public static FindingFilter All { get; } = new();

    /// <summary>Inclusive lower bound of <see cref="Finding.OccurredAt"/>.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>Exclusive upper bound of <see cref="Finding.OccurredAt"/>.</summary>
    public DateTimeOffset? To { get; init; }

    public IReadOnlyList<Severity> Severities { get; init; } = [];

    /// <summary>Finding kinds (<see cref="FindingKinds"/>).</summary>
    public IReadOnlyList<string> Kinds { get; init; } = [];

    /// <summary>Database accounts, compared exactly.</summary>
    public IReadOnlyList<string> Accounts { get; init; } = [];

    public IReadOnlyList<string> Instances { get; init; } = [];

    /// <summary>Disposition statuses (<see cref="Triage.FindingStatuses"/>); a finding without a disposition is <c>open</c>.</summary>
    public IReadOnlyList<string> Statuses { get; init; } = [];

    /// <summary>Lower-case hex SHA-256 of the statement template.</summary>
    public string? TemplateHash { get; init; }

    /// <summary>Case-insensitive substring of the statement, reason, account, script or source.</summary>
    public string? Text { get; init; }

    /// <summary>Finding ids.</summary>
    public IReadOnlyList<string> Ids { get; init; } = [];

    /// <summary>Most findings to return; null for all.</summary>
    public int? Limit { get; init; }
}
