namespace QueryAudit.Sql;

/// <summary>
/// One statement after normalisation: the approval key (exact form), the grouping key (template) and facts the rules need.
/// </summary>
/// <param name="ExactForm">
/// Comments removed (executable comments expanded by version, hints kept), one space between tokens, keywords upper-cased,
/// needless backticks removed, literals kept in canonical spelling, no trailing semicolon. When the text ends inside a token
/// (a cut string, comment or identifier), the exact form ends with that token's canonical text without its closing delimiter,
/// so that <c>approved.ExactForm.StartsWith(cut.ExactForm, StringComparison.Ordinal)</c> is the prefix test. For the same
/// reason a trailing word, number or operator that a cut may have shortened is left out of a text suspected truncated.
/// </param>
/// <param name="ExactHash">Lower-case hex SHA-256 of the UTF-8 exact form.</param>
/// <param name="Template">The exact form with literals replaced by <c>?</c> and value lists collapsed.</param>
/// <param name="TemplateHash">Lower-case hex SHA-256 of the UTF-8 template.</param>
/// <param name="Kind">What the statement does.</param>
/// <param name="Tables">Tables named, as <c>schema.table</c> when qualified, else <c>table</c>; in order of first mention, no duplicates.</param>
/// <param name="Tickets">Ticket references found in comments, in order, no duplicates.</param>
/// <param name="Routine">For CALL, the called procedure; for CREATE/DROP PROCEDURE or FUNCTION, the routine; else null.</param>
/// <param name="TruncationSuspected">True when the text ends inside a string, comment or identifier, has unbalanced parentheses, or reaches the configured byte limit.</param>
/// <param name="TruncationReason">Why truncation is suspected, in words; null when it is not.</param>
public sealed record NormalizedStatement(
    string ExactForm,
    string ExactHash,
    string Template,
    string TemplateHash,
    StatementKind Kind,
    IReadOnlyList<string> Tables,
    IReadOnlyList<string> Tickets,
    string? Routine,
    bool TruncationSuspected,
    string? TruncationReason);
