using System.Buffers;
using QueryAudit.Sql.Lexing;

namespace QueryAudit.Sql.Normalizing;

/// <summary>
/// Writes the canonical spelling of each token: the exact form is these spellings joined by single spaces.
/// </summary>
internal static class ExactFormWriter
{
    /// <summary>Writes all tokens of <paramref name="tokens"/>, one space between them.</summary>
    public static void Write(ref CharBuilder output, ReadOnlySpan<char> text, ReadOnlySpan<StatementToken> tokens, bool backslashEscapes)
    {
        for (int i = 0; i < tokens.Length; i++)
        {
            if (output.Length > 0)
            {
                output.Append(' ');
            }

            i += AppendToken(ref output, text, tokens, i, backslashEscapes) - 1;
        }
    }

    /// <summary>Appends the canonical text of the token at <paramref name="index"/>; returns how many tokens it used (2 for an introducer and its literal).</summary>
    public static int AppendToken(ref CharBuilder output, ReadOnlySpan<char> text, ReadOnlySpan<StatementToken> tokens, int index, bool backslashEscapes)
    {
        ref readonly StatementToken statementToken = ref tokens[index];
        MySqlToken token = statementToken.Token;
        ReadOnlySpan<char> raw = text.Slice(token.Start, token.Length);

        switch (token.Kind)
        {
            case MySqlTokenKind.Word:
                if (TokenTraits.IsIntroducer(text, tokens, index))
                {
                    // The character set name is case-insensitive; the literal follows after one space like any token.
                    output.AppendLower(raw);
                    output.Append(' ');
                    AppendToken(ref output, text, tokens, index + 1, backslashEscapes);
                    return 2;
                }

                AppendWord(ref output, raw, statementToken.Keyword, tokens, index);
                return 1;
            case MySqlTokenKind.QuotedIdentifier:
                AppendQuotedIdentifier(ref output, raw, tokens, index);
                return 1;
            case MySqlTokenKind.StringLiteral:
                output.Append('\'');
                StringLiteralCodec.AppendCanonicalString(ref output, raw[1..^1], raw[0], backslashEscapes);
                output.Append('\'');
                return 1;
            case MySqlTokenKind.NationalString:
                output.Append("N'");
                StringLiteralCodec.AppendCanonicalString(ref output, raw[2..^1], '\'', backslashEscapes);
                output.Append('\'');
                return 1;
            case MySqlTokenKind.HexString:
                output.Append("X'");
                output.AppendUpper(raw[2..^1]);
                output.Append('\'');
                return 1;
            case MySqlTokenKind.BitString:
                output.Append("B'");
                output.Append(raw[2..^1]);
                output.Append('\'');
                return 1;
            case MySqlTokenKind.FloatLiteral:
                output.AppendUpper(raw);
                return 1;
            case MySqlTokenKind.HexNumber:
                output.Append("0x");
                output.AppendUpper(raw[2..]);
                return 1;
            case MySqlTokenKind.UserVariable:
                AppendUserVariable(ref output, raw, backslashEscapes, terminated: true);
                return 1;
            case MySqlTokenKind.SystemVariable:
                output.AppendLower(raw);
                return 1;
            case MySqlTokenKind.Hint:
                AppendHint(ref output, raw);
                return 1;
            case MySqlTokenKind.UnterminatedString:
                AppendUnterminatedString(ref output, raw, backslashEscapes);
                return 1;
            case MySqlTokenKind.UnterminatedIdentifier:
                int quoteAt = raw[0] == '@' ? 1 : 0;
                output.Append(raw[..quoteAt]);
                output.Append('`');
                AppendBacktickContent(ref output, raw[(quoteAt + 1)..], raw[quoteAt]);
                return 1;
            default:
                output.Append(raw);
                return 1;
        }
    }

    /// <summary>Appends an unquoted word that is not a charset introducer: keywords upper-cased (function names only as calls), other names as written.</summary>
    public static void AppendWord(ref CharBuilder output, ReadOnlySpan<char> word, KeywordInfo keyword, ReadOnlySpan<StatementToken> tokens, int index)
    {
        if (word[^1] == '\uFFFD')
        {
            output.Append('`');
            AppendBacktickContent(ref output, word, '`');
            output.Append('`');
            return;
        }

        if (keyword.Id == KeywordId.None || TokenTraits.IsNextToDot(tokens, index))
        {
            output.Append(word);
            return;
        }

        // Function names are upper-cased only as calls, so that a column that happens to share a name keeps its spelling.
        bool isCall = index + 1 < tokens.Length && tokens[index + 1].Kind == MySqlTokenKind.LeftParenthesis;
        if (keyword.Flags == KeywordFlags.Function && !isCall)
        {
            output.Append(word);
            return;
        }

        output.AppendUpper(word);
    }

    private static void AppendQuotedIdentifier(ref CharBuilder output, ReadOnlySpan<char> raw, ReadOnlySpan<StatementToken> tokens, int index)
    {
        char quote = raw[0];
        ReadOnlySpan<char> content = raw[1..^1];
        if (content.IndexOf(quote) < 0)
        {
            bool afterDot = TokenTraits.IsAfterDot(tokens, index);
            if (TokenTraits.IsPlainIdentifier(content, afterDot))
            {
                // Written bare it must read exactly as the bare word would, keyword casing included.
                MySqlKeywords.TryGet(content, out KeywordInfo keyword);
                AppendWord(ref output, content, keyword, tokens, index);
                return;
            }
        }

        output.Append('`');
        AppendBacktickContent(ref output, content, quote);
        output.Append('`');
    }

    /// <summary>Appends decoded identifier content with every backtick doubled, ready to sit between backticks.</summary>
    private static void AppendBacktickContent(ref CharBuilder output, ReadOnlySpan<char> content, char quote)
    {
        for (int i = 0; i < content.Length; i++)
        {
            char c = content[i];
            if (c == quote && i + 1 < content.Length && content[i + 1] == quote)
            {
                i++;
            }

            if (c == '`')
            {
                output.Append('`');
            }

            output.Append(c);
        }
    }

    /// <summary>
    /// Writes a user variable lower-cased (MySQL compares their names case-insensitively): bare when its name is plain,
    /// else as <c>@'name'</c> in canonical string spelling, without the closing quote when the text cut it off.
    /// </summary>
    private static void AppendUserVariable(ref CharBuilder output, ReadOnlySpan<char> raw, bool backslashEscapes, bool terminated)
    {
        char quote = raw.Length > 1 ? raw[1] : '\0';
        if (quote is not ('\'' or '"' or '`'))
        {
            output.AppendLower(raw);
            return;
        }

        ReadOnlySpan<char> content = terminated ? raw[2..^1] : raw[2..];
        CharBuilder decoded = new(content.Length + 2);
        try
        {
            if (quote == '`')
            {
                StringLiteralCodec.AppendDecodedIdentifier(ref decoded, content, '`');
            }
            else
            {
                StringLiteralCodec.AppendDecodedString(ref decoded, content, quote, backslashEscapes);
            }

            ReadOnlySpan<char> name = decoded.AsSpan();
            bool plain = terminated && !name.IsEmpty;
            foreach (char c in name)
            {
                plain &= CharClasses.IsWordChar(c) || c == '.';
            }

            output.Append('@');
            if (plain)
            {
                output.AppendLower(name);
                return;
            }

            int start = output.Length;
            output.Append('\'');
            StringLiteralCodec.AppendEncoded(ref output, name, backslashEscapes);
            if (terminated)
            {
                output.Append('\'');
            }

            LowerInPlace(ref output, start);
        }
        finally
        {
            decoded.Dispose();
        }
    }

    private static void LowerInPlace(ref CharBuilder output, int start)
    {
        CharBuilder copy = new(output.Length - start);
        try
        {
            copy.AppendLower(output.AsSpan(start, output.Length - start));
            output.Length = start;
            output.Append(copy.AsSpan());
        }
        finally
        {
            copy.Dispose();
        }
    }

    private static void AppendUnterminatedString(ref CharBuilder output, ReadOnlySpan<char> raw, bool backslashEscapes)
    {
        switch (raw[0])
        {
            case '@':
                AppendUserVariable(ref output, raw, backslashEscapes, terminated: false);
                return;
            case 'N' or 'n':
                output.Append("N'");
                StringLiteralCodec.AppendCanonicalString(ref output, raw[2..], '\'', backslashEscapes);
                return;
            case 'X' or 'x':
                output.Append("X'");
                output.AppendUpper(raw[2..]);
                return;
            case 'B' or 'b':
                output.Append("B'");
                output.Append(raw[2..]);
                return;
            default:
                output.Append('\'');
                StringLiteralCodec.AppendCanonicalString(ref output, raw[1..], raw[0], backslashEscapes);
                return;
        }
    }

    /// <summary>Writes a hint as <c>/*+ content */</c> with each whitespace run in the content collapsed to one space.</summary>
    private static void AppendHint(ref CharBuilder output, ReadOnlySpan<char> raw)
    {
        char[] target = ArrayPool<char>.Shared.Rent(MaxHintLength(raw.Length));
        try
        {
            output.Append(target.AsSpan(0, WriteHint(raw, target)));
        }
        finally
        {
            ArrayPool<char>.Shared.Return(target);
        }
    }

    /// <summary>The longest <see cref="WriteHint"/> writes for a hint of <paramref name="rawLength"/> characters.</summary>
    internal static int MaxHintLength(int rawLength) => (2 * rawLength) + 6;

    /// <summary>
    /// Writes the hint <paramref name="raw"/> (<c>/*+ ... */</c>) to <paramref name="target"/> as <c>/*+ content */</c>,
    /// with each whitespace run in the content collapsed to one space, and returns the number of characters written:
    /// at most <see cref="MaxHintLength"/>.
    /// </summary>
    internal static int WriteHint(ReadOnlySpan<char> raw, Span<char> target)
    {
        ReadOnlySpan<char> content = raw[3..^2];
        "/*+".CopyTo(target);
        int length = 3;
        bool pendingSpace = true;
        foreach (char c in content)
        {
            if (CharClasses.IsWhitespace(c))
            {
                pendingSpace = true;
                continue;
            }

            if (pendingSpace)
            {
                target[length++] = ' ';
                pendingSpace = false;
            }

            target[length++] = c;
        }

        " */".CopyTo(target[length..]);
        return length + 3;
    }
}
