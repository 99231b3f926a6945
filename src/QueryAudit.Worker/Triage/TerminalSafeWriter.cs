using System.Globalization;
using System.Text;

namespace QueryAudit.Worker.Triage;

/// <summary>
/// A writer for text meant to be read on a terminal that shows control characters as escapes instead of passing them
/// on. Statements, accounts and notes come from audit logs that any database user can write to, and an escape sequence
/// in them (ESC [2K, a backspace, a carriage return, a bidirectional override) could hide or rewrite the text a
/// reviewer reads. Line feeds and tabs pass. Everything else in C0, DEL, C1, the Unicode line and paragraph separators
/// and the bidirectional controls is written as <c>\xHH</c> or <c>\uHHHH</c>.
/// </summary>
internal sealed class TerminalSafeWriter(TextWriter inner) : TextWriter(CultureInfo.InvariantCulture)
{
    public override Encoding Encoding => inner.Encoding;

    [System.Diagnostics.CodeAnalysis.AllowNull]
    public override string NewLine
    {
        get => inner.NewLine;
        set => inner.NewLine = value;
    }

    /// <summary>Returns <paramref name="text"/> with every character that <see cref="TerminalSafeWriter"/> escapes written as an escape.</summary>
    public static string Escape(ReadOnlySpan<char> text)
    {
        if (!NeedsEscape(text))
        {
            return text.ToString();
        }

        StringBuilder escaped = new(text.Length + 16);
        foreach (char c in text)
        {
            AppendEscaped(escaped, c);
        }

        return escaped.ToString();
    }

    public override void Write(char value)
    {
        if (IsUnsafe(value))
        {
            inner.Write(EscapeOf(value));
        }
        else
        {
            inner.Write(value);
        }
    }

    public override void Write(string? value) => Write(value.AsSpan());

    public override void Write(char[] buffer, int index, int count) => Write(buffer.AsSpan(index, count));

    public override void Write(ReadOnlySpan<char> buffer) => inner.Write(Escape(buffer));

    // The line break is the writer's own, so it passes even where it contains a carriage return.
    public override void WriteLine() => inner.WriteLine();

    public override void WriteLine(string? value)
    {
        Write(value);
        inner.WriteLine();
    }

    public override void WriteLine(ReadOnlySpan<char> buffer)
    {
        Write(buffer);
        inner.WriteLine();
    }

    public override void Flush() => inner.Flush();

    public override Task FlushAsync() => inner.FlushAsync();

    private static bool NeedsEscape(ReadOnlySpan<char> text)
    {
        foreach (char c in text)
        {
            if (IsUnsafe(c))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsUnsafe(char c) =>
        c < ' ' ? c is not ('\n' or '\t')
            : c is '\u007f' or (>= '\u0080' and <= '\u009f') or '\u061c' or '\u200e' or '\u200f' or '\u2028' or '\u2029'
                or (>= '\u202a' and <= '\u202e') or (>= '\u2066' and <= '\u2069');

    private static void AppendEscaped(StringBuilder escaped, char c)
    {
        if (IsUnsafe(c))
        {
            escaped.Append(EscapeOf(c));
        }
        else
        {
            escaped.Append(c);
        }
    }

    private static string EscapeOf(char c) =>
        c <= '\u00ff'
            ? string.Create(CultureInfo.InvariantCulture, $"\\x{(int)c:x2}")
            : string.Create(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
}
