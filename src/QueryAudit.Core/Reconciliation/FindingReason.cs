using System.Globalization;

namespace QueryAudit.Core.Reconciliation;

/// <summary>
/// Why a finding was raised: a stable code with its arguments, so that a report can word it in its own language, and
/// the English text written to CSV and JSON.
/// </summary>
/// <param name="Code">Stable snake_case code; reports look up <c>reason.CODE</c> in their resources and fill in the arguments in order.</param>
/// <param name="Arguments">Values for the placeholders <c>{0}</c>, <c>{1}</c>, ... of the code's template; never literals of a statement.</param>
/// <param name="Text">The reason in English.</param>
public sealed record FindingReason(string Code, IReadOnlyList<string> Arguments, string Text)
{
    /// <summary>Makes a reason from a code, an English template with <c>{0}</c>-style placeholders, and its arguments.</summary>
    public static FindingReason Create(string code, string englishTemplate, params string[] arguments) =>
        new(code, arguments, string.Format(CultureInfo.InvariantCulture, englishTemplate, arguments));

    /// <summary>
    /// Appends a note (for example a failed attempt) to the English text and its code to <see cref="Notes"/>. A note's
    /// values come from the finding itself (its error number), so only its code is kept.
    /// </summary>
    public FindingReason WithNote(FindingReason? note) =>
        note is null ? this : this with { Text = Text + note.Text, Notes = [.. Notes, note.Code] };

    /// <summary>Codes of the notes added to the main reason, in order.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];
}
