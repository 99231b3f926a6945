namespace QueryAudit.Core.Reconciliation;

/// <summary>
/// A statement run that matched an approved script statement with every constraint met: evidence, not an exception.
/// </summary>
public sealed record ApprovedExecution
{
    public required DateTimeOffset ExecutedAt { get; init; }

    public required string Instance { get; init; }

    public required string Account { get; init; }

    public string ClientHost { get; init; } = "";

    public long ConnectionId { get; init; }

    public long QueryId { get; init; }

    public string Database { get; init; } = "";

    /// <summary>Catalog-relative path of the script.</summary>
    public required string Script { get; init; }

    /// <summary>1-based statement number within the script.</summary>
    public int ScriptStatement { get; init; }

    public string? Ticket { get; init; }

    public IReadOnlyList<string> Approvers { get; init; } = [];

    /// <summary>Approval window as written in the header (ISO 8601 interval); empty for migrations without one.</summary>
    public string Window { get; init; } = "";

    /// <summary>Which run of this statement on this target this was (1 = first).</summary>
    public int Run { get; init; } = 1;

    /// <summary>Exact-form SHA-256 of the statement.</summary>
    public required string ExactHash { get; init; }

    /// <summary>How the match was made: <c>exact</c>, <c>prefix</c> (text cut by the log limit) or <c>procedure</c> (a statement a stored procedure ran).</summary>
    public string Match { get; init; } = "exact";

    public required string Source { get; init; }
}
