using QueryAudit.Sql;

namespace QueryAudit.Core.Reconciliation;

/// <summary>
/// One exception (or informational observation) produced by reconciliation.
/// </summary>
public sealed record Finding
{
    /// <summary>Stable id: a hash of the source position and kind, so re-running the same inputs gives the same id.</summary>
    public required string Id { get; init; }

    public required Severity Severity { get; init; }

    /// <summary>One of <see cref="FindingKinds"/>.</summary>
    public required string Kind { get; init; }

    /// <summary>When the statement or event happened, UTC.</summary>
    public required DateTimeOffset OccurredAt { get; init; }

    public required string Instance { get; init; }

    public required string Account { get; init; }

    public string ClientHost { get; init; } = "";

    public long ConnectionId { get; init; }

    public long QueryId { get; init; }

    public string Database { get; init; } = "";

    public StatementKind? StatementKind { get; init; }

    /// <summary>Template of the statement (literals replaced by <c>?</c>); null for non-statement findings.</summary>
    public string? Template { get; init; }

    /// <summary>Statement with literals masked; safe to print in reports.</summary>
    public string? MaskedStatement { get; init; }

    /// <summary>Full statement text with literals; shown only in triage detail and with --include-literals.</summary>
    public string? Statement { get; init; }

    /// <summary>MySQL error number of the statement or login (0 = success).</summary>
    public int? RetCode { get; init; }

    /// <summary>Why the finding was raised, in English (the failed constraint or rule).</summary>
    public required string Reason { get; init; }

    /// <summary>Stable code of the reason, for reports in other languages; see <see cref="FindingReasons"/>.</summary>
    public string ReasonCode { get; init; } = "";

    /// <summary>Values for the placeholders of the reason's template, in order.</summary>
    public IReadOnlyList<string> ReasonArguments { get; init; } = [];

    /// <summary>Codes of notes added to the reason (<c>note_failed_attempt</c>, <c>note_no_database</c>).</summary>
    public IReadOnlyList<string> ReasonNotes { get; init; } = [];

    /// <summary>The approved script the statement was compared with, if any.</summary>
    public string? Script { get; init; }

    /// <summary>1-based statement number within <see cref="Script"/>.</summary>
    public int? ScriptStatement { get; init; }

    /// <summary>Pointer back to the raw evidence: <c>file:line</c> or <c>stream:eventId</c>.</summary>
    public required string Source { get; init; }

    /// <summary>Number of events this finding covers (a burst or a gap covers several); 1 otherwise.</summary>
    public int EventCount { get; init; } = 1;

    /// <summary>End of the covered interval for findings that span time (gaps, bursts); null otherwise.</summary>
    public DateTimeOffset? EndsAt { get; init; }
}
