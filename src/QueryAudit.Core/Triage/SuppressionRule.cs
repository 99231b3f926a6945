namespace QueryAudit.Core.Triage;

/// <summary>
/// A rule that turns future findings of one statement template by one account into <see cref="FindingStatuses.Suppressed"/>
/// until it expires. Suppressed findings stay listed and counted.
/// </summary>
public sealed record SuppressionRule
{
    /// <summary>Stable id: <c>S-</c> and 16 hex digits.</summary>
    public required string Id { get; init; }

    /// <summary>Lower-case hex SHA-256 of the statement template the rule covers.</summary>
    public required string TemplateHash { get; init; }

    /// <summary>The template text, for people reading the rule.</summary>
    public required string Template { get; init; }

    /// <summary>The database account whose statements the rule covers, compared exactly.</summary>
    public required string Account { get; init; }

    /// <summary>When the rule was made, UTC; statements before it are not covered.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>Exclusive end of the rule, UTC; statements at or after it are not covered.</summary>
    public required DateTimeOffset ExpiresAt { get; init; }

    /// <summary>The reviewer who made and approved the rule.</summary>
    public required string Approver { get; init; }

    public required string Ticket { get; init; }

    public string? Note { get; init; }

    /// <summary>The finding the rule was made from.</summary>
    public required string SourceFindingId { get; init; }

    /// <summary>Tells whether the rule covers a statement of this template, account and time.</summary>
    public bool Covers(string? templateHash, string account, DateTimeOffset occurredAt) =>
        templateHash is not null
        && string.Equals(templateHash, TemplateHash, StringComparison.Ordinal)
        && string.Equals(account, Account, StringComparison.Ordinal)
        && occurredAt >= CreatedAt
        && occurredAt < ExpiresAt;
}
