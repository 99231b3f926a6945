namespace QueryAudit.Sql.Normalizing;

/// <summary>
/// Decodes the content of a quoted string or identifier and writes it back in one canonical spelling, so that
/// <c>'O\'Brien'</c>, <c>'O''Brien'</c> and <c>"O'Brien"</c> all become <c>'O''Brien'</c>.
/// </summary>
internal static class StringLiteralCodec
{
    /// <summary>
    /// Appends the canonical single-quoted form of string content (the text between the quotes). A quote is doubled;
    /// with backslash escapes on, a backslash is written <c>\\</c> and NUL <c>\0</c>; every other character is written
    /// as itself. A backslash cut off at the end of unterminated content is dropped.
    /// </summary>
    public static void AppendCanonicalString(ref CharBuilder output, ReadOnlySpan<char> content, char quote, bool backslashEscapes)
    {
        if (content.IndexOfAny('\'', '\\', quote) < 0 && (!backslashEscapes || !content.Contains('\0')))
        {
            output.Append(content);
            return;
        }

        CharBuilder decoded = new(content.Length);
        try
        {
            AppendDecodedString(ref decoded, content, quote, backslashEscapes);
            AppendEncoded(ref output, decoded.AsSpan(), backslashEscapes);
        }
        finally
        {
            decoded.Dispose();
        }
    }

    /// <summary>Appends a decoded string value in canonical encoding (without the surrounding quotes).</summary>
    public static void AppendEncoded(ref CharBuilder output, ReadOnlySpan<char> value, bool backslashEscapes)
    {
        foreach (char c in value)
        {
            AppendDecoded(ref output, c, backslashEscapes);
        }
    }

    /// <summary>
    /// Appends the value of string content: MySQL's escapes (<c>\0 \b \n \r \t \Z</c>, <c>\x</c> for any other x, with
    /// <c>\%</c> and <c>\_</c> keeping their backslash) and doubled quotes decoded. A backslash cut off at the end of
    /// unterminated content is dropped.
    /// </summary>
    public static void AppendDecodedString(ref CharBuilder output, ReadOnlySpan<char> content, char quote, bool backslashEscapes)
    {
        for (int i = 0; i < content.Length; i++)
        {
            char c = content[i];
            if (c == '\\' && backslashEscapes)
            {
                if (i + 1 >= content.Length)
                {
                    break;
                }

                char escaped = content[++i];
                switch (escaped)
                {
                    case '0': output.Append('\0'); break;
                    case 'b': output.Append('\b'); break;
                    case 'n': output.Append('\n'); break;
                    case 'r': output.Append('\r'); break;
                    case 't': output.Append('\t'); break;
                    case 'Z': output.Append('\u001a'); break;

                    // MySQL keeps the backslash of \% and \_ so that LIKE patterns can match a literal % or _.
                    case '%' or '_':
                        output.Append('\\');
                        output.Append(escaped);
                        break;
                    default: output.Append(escaped); break;
                }

                continue;
            }

            if (c == quote && i + 1 < content.Length && content[i + 1] == quote)
            {
                i++;
            }

            output.Append(c);
        }
    }

    /// <summary>Appends identifier content between backticks (or ANSI double quotes) decoded: a doubled quote is one quote.</summary>
    public static void AppendDecodedIdentifier(ref CharBuilder output, ReadOnlySpan<char> content, char quote)
    {
        for (int i = 0; i < content.Length; i++)
        {
            char c = content[i];
            if (c == quote && i + 1 < content.Length && content[i + 1] == quote)
            {
                i++;
            }

            output.Append(c);
        }
    }

    /// <summary>Returns identifier content decoded, for table and routine names.</summary>
    public static string DecodeIdentifier(ReadOnlySpan<char> content, char quote)
    {
        if (content.IndexOf(quote) < 0)
        {
            return new string(content);
        }

        CharBuilder builder = new(content.Length);
        try
        {
            AppendDecodedIdentifier(ref builder, content, quote);
            return builder.ToString();
        }
        finally
        {
            builder.Dispose();
        }
    }

    private static void AppendDecoded(ref CharBuilder output, char c, bool backslashEscapes)
    {
        switch (c)
        {
            case '\'':
                output.Append("''");
                break;
            case '\\' when backslashEscapes:
                output.Append("\\\\");
                break;
            case '\0' when backslashEscapes:
                output.Append("\\0");
                break;
            default:
                output.Append(c);
                break;
        }
    }
}
