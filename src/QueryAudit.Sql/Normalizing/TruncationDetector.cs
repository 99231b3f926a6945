using System.Buffers;
using System.Text;
using QueryAudit.Sql.Lexing;

namespace QueryAudit.Sql.Normalizing;

/// <summary>
/// Decides whether logged statement text looks cut off by the server's logging limit, and why.
/// </summary>
internal static class TruncationDetector
{
    private static readonly SearchValues<char> EscapedByLog = SearchValues.Create("'\\\b\t\n\f\r");

    /// <summary>Returns the reason the text looks truncated, or null.</summary>
    public static string? FindReason(ReadOnlySpan<char> original, in ScannedStatement statement, int? logByteLimit)
    {
        switch (statement.LastKind)
        {
            case MySqlTokenKind.UnterminatedString:
                return "the text ends inside a string literal";
            case MySqlTokenKind.UnterminatedIdentifier:
                return "the text ends inside a quoted identifier";
            case MySqlTokenKind.UnterminatedComment:
                return "the text ends inside a comment";
            default:
                break;
        }

        if (statement.EndedInsideExecutableComment)
        {
            return "the text ends inside an executable comment /*! ... */";
        }

        if (statement.EndedInsideCharacter)
        {
            return "the text ends with U+FFFD, the mark of a cut inside a UTF-8 character";
        }

        if (statement.ParenthesisBalance > 0)
        {
            return "the text has more opening than closing parentheses";
        }

        if (logByteLimit is int limit && limit > 0)
        {
            long logged = LoggedByteLength(original);
            if (logged >= limit)
            {
                return $"the logged text is {logged} bytes, at or above the log limit of {limit} bytes";
            }
        }

        return null;
    }

    /// <summary>
    /// Returns the UTF-8 length of the text as the audit plugin writes it before cutting: MariaDB's server_audit escapes
    /// <c>'</c>, <c>\</c>, backspace, tab, LF, FF and CR with a backslash, so each of those costs one more byte.
    /// </summary>
    private static long LoggedByteLength(ReadOnlySpan<char> text)
    {
        long bytes = Encoding.UTF8.GetByteCount(text);
        ReadOnlySpan<char> span = text;
        int escaped = 0;
        int at;
        while ((at = span.IndexOfAny(EscapedByLog)) >= 0)
        {
            escaped++;
            span = span[(at + 1)..];
        }

        return bytes + escaped;
    }
}
