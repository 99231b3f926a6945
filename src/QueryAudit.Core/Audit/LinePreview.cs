using System.Text;

namespace QueryAudit.Core.Audit;

/// <summary>
/// Builds the short, printable start of a raw line that a <see cref="QuarantinedLine"/> carries.
/// </summary>
internal static class LinePreview
{
    public const int MaxChars = 200;

    // 4 bytes per character is the UTF-8 maximum, so this many bytes always give MaxChars characters or the whole line.
    private const int MaxBytes = MaxChars * 4;

    /// <summary>Decodes the start of the line as UTF-8 and escapes control characters as <c>\n</c>, <c>\0</c>, <c>\x1B</c>.</summary>
    public static string Create(ReadOnlySpan<byte> line)
    {
        string text = Encoding.UTF8.GetString(line[..Math.Min(line.Length, MaxBytes)]);
        var builder = new StringBuilder(Math.Min(text.Length, MaxChars) + 16);
        foreach (char c in text)
        {
            if (builder.Length >= MaxChars)
            {
                break;
            }

            switch (c)
            {
                case '\n':
                    builder.Append("\\n");
                    break;
                case '\r':
                    builder.Append("\\r");
                    break;
                case '\t':
                    builder.Append("\\t");
                    break;
                case '\0':
                    builder.Append("\\0");
                    break;
                default:
                    if (char.IsControl(c))
                    {
                        builder.Append("\\x").Append(((int)c).ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        return builder.ToString();
    }
}
