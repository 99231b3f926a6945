using System.Runtime.CompilerServices;

namespace QueryAudit.Sql.Lexing;

/// <summary>
/// MySQL's lexical grammar as one state machine over a span: each call to <see cref="TryRead"/> skips whitespace and
/// returns the next token's kind and offsets. It never allocates and never throws on any input, including NUL and lone
/// surrogates. A string, quoted identifier or comment that the text cuts off is returned as an error kind, never guessed.
/// </summary>
/// <remarks>
/// Executable comments <c>/*!NNNNN ... */</c> are expanded when NNNNN is at most the server version (and always when no
/// version is written): their content is lexed as ordinary tokens and the delimiters vanish. Otherwise the whole comment
/// is one <see cref="MySqlTokenKind.Comment"/>. NOTE: MariaDB's <c>/*M!NNNNNN ... */</c> form is read as a plain comment,
/// as MySQL reads it.
/// </remarks>
public ref struct MySqlLexer
{
    private readonly ReadOnlySpan<char> text;
    private readonly int serverVersion;
    private readonly bool backslashEscapes;
    private readonly bool ansiQuotes;
    private int position;
    private int executableCommentStart;

    /// <summary>Creates a lexer over <paramref name="text"/> with the server version and SQL modes of <paramref name="options"/>.</summary>
    public MySqlLexer(ReadOnlySpan<char> text, SqlNormalizerOptions? options = null)
    {
        options ??= SqlNormalizerOptions.Default;
        this.text = text;
        serverVersion = options.ServerVersion;
        backslashEscapes = !options.NoBackslashEscapes;
        ansiQuotes = options.AnsiQuotes;
        position = 0;
        executableCommentStart = -1;
    }

    /// <summary>Offset where the next token search starts.</summary>
    public readonly int Position => position;

    /// <summary>True while the lexer is inside an expanded <c>/*! ... */</c>; after the last token, true means the text ended inside one.</summary>
    public readonly bool IsInsideExecutableComment => executableCommentStart >= 0;

    /// <summary>Offset of the <c>/*!</c> that opened the expanded executable comment the lexer is in, or -1 outside one.</summary>
    public readonly int ExecutableCommentStart => executableCommentStart;

    /// <summary>Reads the next token; returns false at the end of the text.</summary>
    public bool TryRead(out MySqlToken token) => TryReadInlined(out token);

    /// <summary>
    /// <see cref="TryRead"/> compiled into its caller, for the one hot loop that gains from it
    /// (<see cref="Splitting.FusedTemplatePass"/>) without growing every other caller.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal bool TryReadInlined(out MySqlToken token)
    {
        ReadOnlySpan<char> s = text;
        int i = position;

        while (true)
        {
            while (i < s.Length && CharClasses.IsWhitespace(s[i]))
            {
                i++;
            }

            if (i >= s.Length)
            {
                position = i;
                token = default;
                return false;
            }

            if (s[i] == '*' && executableCommentStart >= 0 && i + 1 < s.Length && s[i + 1] == '/')
            {
                executableCommentStart = -1;
                i += 2;
                continue;
            }

            if (s[i] == '/' && i + 2 < s.Length && s[i + 1] == '*' && s[i + 2] == '!')
            {
                int contentStart = ReadExecutableCommentVersion(s, i + 3, out int version);
                if (version <= serverVersion)
                {
                    executableCommentStart = i;
                    i = contentStart;
                    continue;
                }

                token = BlockComment(i, i + 3, MySqlTokenKind.Comment);
                position = token.End;
                return true;
            }

            break;
        }

        // Through a local, so that the end is not read back from the out parameter just written.
        MySqlToken read = ReadToken(i);
        position = read.Start + read.Length;
        token = read;
        return true;
    }

    /// <summary>
    /// Reads the version after <c>/*!</c>: five digits as MySQL writes them, or six as MariaDB does. With fewer digits
    /// the comment has no version and is always executed, and the digits are part of its content.
    /// </summary>
    internal static int ReadExecutableCommentVersion(ReadOnlySpan<char> s, int start, out int version)
    {
        int digits = 0;
        while (digits < 7 && start + digits < s.Length && CharClasses.IsDigit(s[start + digits]))
        {
            digits++;
        }

        if (digits < 5)
        {
            version = 0;
            return start;
        }

        int length = digits == 6 ? 6 : 5;
        version = 0;
        for (int k = 0; k < length; k++)
        {
            version = (version * 10) + (s[start + k] - '0');
        }

        return start + length;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private readonly MySqlToken ReadToken(int i)
    {
        ReadOnlySpan<char> s = text;
        char c = s[i];
        char next = i + 1 < s.Length ? s[i + 1] : '\0';

        // Words and numbers first, the most common tokens: no case of the switch below is a word character.
        if (CharClasses.IsWordChar(c))
        {
            return WordOrNumber(i, c, next);
        }

        switch (c)
        {
            case '\'':
                return Quoted(i, i + 1, '\'', backslashEscapes, MySqlTokenKind.StringLiteral, MySqlTokenKind.UnterminatedString);
            case '"':
                return ansiQuotes
                    ? Quoted(i, i + 1, '"', false, MySqlTokenKind.QuotedIdentifier, MySqlTokenKind.UnterminatedIdentifier)
                    : Quoted(i, i + 1, '"', backslashEscapes, MySqlTokenKind.StringLiteral, MySqlTokenKind.UnterminatedString);
            case '`':
                return Quoted(i, i + 1, '`', false, MySqlTokenKind.QuotedIdentifier, MySqlTokenKind.UnterminatedIdentifier);
            case '#':
                return LineComment(i);
            case '-':
                // "--" starts a comment only when followed by whitespace, a control character or the end: "5--1" is 5 - (-1).
                if (next == '-' && (i + 2 >= s.Length || s[i + 2] <= ' '))
                {
                    return LineComment(i);
                }

                if (next == '>')
                {
                    return Operator(i, i + 2 < s.Length && s[i + 2] == '>' ? 3 : 2);
                }

                return Operator(i, 1);
            case '/':
                if (next == '*')
                {
                    bool isHint = i + 2 < s.Length && s[i + 2] == '+';
                    return BlockComment(i, i + 2, isHint ? MySqlTokenKind.Hint : MySqlTokenKind.Comment);
                }

                return Operator(i, 1);
            case '(':
                return new MySqlToken(MySqlTokenKind.LeftParenthesis, i, 1);
            case ')':
                return new MySqlToken(MySqlTokenKind.RightParenthesis, i, 1);
            case ',':
                return new MySqlToken(MySqlTokenKind.Comma, i, 1);
            case ';':
                return new MySqlToken(MySqlTokenKind.Semicolon, i, 1);
            case '.':
                if (CharClasses.IsDigit(next) && (i == 0 || !(CharClasses.IsWordChar(s[i - 1]) || s[i - 1] == '`')))
                {
                    return Fraction(i, i + 1);
                }

                return new MySqlToken(MySqlTokenKind.Dot, i, 1);
            case '@':
                return Variable(i);
            case '?':
                return new MySqlToken(MySqlTokenKind.Placeholder, i, 1);
            case ':':
                if (next == '=')
                {
                    return Operator(i, 2);
                }

                // ":name" is a client-side placeholder, but "label:" before a word is a label.
                if ((CharClasses.IsAsciiLetter(next) || next == '_') && (i == 0 || !CharClasses.IsWordChar(s[i - 1])))
                {
                    return new MySqlToken(MySqlTokenKind.NamedPlaceholder, i, WordEnd(i + 1) - i);
                }

                return Operator(i, 1);
            case '<':
                if (next == '=')
                {
                    return Operator(i, i + 2 < s.Length && s[i + 2] == '>' ? 3 : 2);
                }

                return Operator(i, next is '>' or '<' ? 2 : 1);
            case '>':
                return Operator(i, next is '=' or '>' ? 2 : 1);
            case '!':
                return Operator(i, next == '=' ? 2 : 1);
            case '|':
                return Operator(i, next == '|' ? 2 : 1);
            case '&':
                return Operator(i, next == '&' ? 2 : 1);
            case '=' or '+' or '*' or '%' or '^' or '~' or '{' or '}':
                return Operator(i, 1);
            case '\\':
                // "\N" is MySQL's old spelling of NULL; any other backslash outside a string is not part of the grammar.
                return new MySqlToken(MySqlTokenKind.Unknown, i, next == 'N' ? 2 : 1);
            default:
                break;
        }

        return new MySqlToken(MySqlTokenKind.Unknown, i, 1);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private readonly MySqlToken WordOrNumber(int i, char c, char next)
    {
        if (CharClasses.IsDigit(c))
        {
            return Number(i);
        }

        if (next == '\'')
        {
            switch (c)
            {
                case 'N' or 'n':
                    return Quoted(i, i + 2, '\'', backslashEscapes, MySqlTokenKind.NationalString, MySqlTokenKind.UnterminatedString);
                case 'X' or 'x':
                    return Quoted(i, i + 2, '\'', false, MySqlTokenKind.HexString, MySqlTokenKind.UnterminatedString);
                case 'B' or 'b':
                    return Quoted(i, i + 2, '\'', false, MySqlTokenKind.BitString, MySqlTokenKind.UnterminatedString);
                default:
                    break;
            }
        }

        return new MySqlToken(MySqlTokenKind.Word, i, WordEnd(i) - i);
    }


    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private readonly int WordEnd(int i)
    {
        ReadOnlySpan<char> s = text;
        while (i < s.Length && CharClasses.IsWordChar(s[i]))
        {
            i++;
        }

        return i;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int DigitsEnd(ReadOnlySpan<char> s, int i)
    {
        while (i < s.Length && CharClasses.IsDigit(s[i]))
        {
            i++;
        }

        return i;
    }

    private static MySqlToken Operator(int start, int length) => new(MySqlTokenKind.Operator, start, length);

    private readonly MySqlToken Number(int start)
    {
        ReadOnlySpan<char> s = text;

        if (s[start] == '0' && start + 1 < s.Length && s[start + 1] is 'x' or 'b')
        {
            // Only lower-case 0x / 0b prefixes make numbers; "0x1g" or "0X1F" are identifiers.
            bool hex = s[start + 1] == 'x';
            int end = start + 2;
            while (end < s.Length && (hex ? CharClasses.IsHexDigit(s[end]) : s[end] is '0' or '1'))
            {
                end++;
            }

            if (end > start + 2 && (end >= s.Length || !CharClasses.IsWordChar(s[end])))
            {
                return new MySqlToken(hex ? MySqlTokenKind.HexNumber : MySqlTokenKind.BitNumber, start, end - start);
            }

            return new MySqlToken(MySqlTokenKind.Word, start, WordEnd(start) - start);
        }

        int i = DigitsEnd(s, start);
        if (i < s.Length && s[i] == '.')
        {
            return Fraction(start, i + 1);
        }

        if (i < s.Length && s[i] is 'e' or 'E')
        {
            int exponentEnd = ExponentEnd(s, i);
            if (exponentEnd > 0)
            {
                return new MySqlToken(MySqlTokenKind.FloatLiteral, start, exponentEnd - start);
            }
        }

        if (i < s.Length && CharClasses.IsWordChar(s[i]))
        {
            // MySQL identifiers may start with digits ("1abc", "123_tmp") unless they are all digits.
            return new MySqlToken(MySqlTokenKind.Word, start, WordEnd(start) - start);
        }

        return new MySqlToken(MySqlTokenKind.IntegerLiteral, start, i - start);
    }

    /// <summary>Reads the digits after a decimal point at <paramref name="afterPoint"/> and an optional exponent.</summary>
    private readonly MySqlToken Fraction(int start, int afterPoint)
    {
        ReadOnlySpan<char> s = text;
        int i = DigitsEnd(s, afterPoint);
        if (i < s.Length && s[i] is 'e' or 'E')
        {
            int exponentEnd = ExponentEnd(s, i);
            if (exponentEnd > 0)
            {
                return new MySqlToken(MySqlTokenKind.FloatLiteral, start, exponentEnd - start);
            }
        }

        return new MySqlToken(MySqlTokenKind.DecimalLiteral, start, i - start);
    }

    /// <summary>Returns the end of an exponent starting at the <c>e</c> at <paramref name="e"/>, or -1 when no digit follows.</summary>
    internal static int ExponentEnd(ReadOnlySpan<char> s, int e)
    {
        int i = e + 1;
        if (i < s.Length && s[i] is '+' or '-')
        {
            i++;
        }

        if (i >= s.Length || !CharClasses.IsDigit(s[i]))
        {
            return -1;
        }

        return DigitsEnd(s, i);
    }

    private readonly MySqlToken Variable(int start)
    {
        ReadOnlySpan<char> s = text;
        int i = start + 1;

        if (start > 0 && (s[start - 1] is '\'' or '"' or '`' || CharClasses.IsWordChar(s[start - 1])))
        {
            // 'user'@'host' and user@host: the @ glued to a name separates the account's user and host parts.
            return Operator(start, 1);
        }

        if (i < s.Length && s[i] == '@')
        {
            i++;
            while (i < s.Length && (CharClasses.IsWordChar(s[i]) || (s[i] == '.' && i + 1 < s.Length && CharClasses.IsWordChar(s[i + 1]))))
            {
                i++;
            }

            return new MySqlToken(MySqlTokenKind.SystemVariable, start, i - start);
        }

        if (i < s.Length && s[i] is '\'' or '"' or '`')
        {
            char quote = s[i];
            int end = ScanQuoted(i + 1, quote, quote != '`' && backslashEscapes);
            if (end < 0)
            {
                return new MySqlToken(quote == '`' ? MySqlTokenKind.UnterminatedIdentifier : MySqlTokenKind.UnterminatedString, start, s.Length - start);
            }

            return new MySqlToken(MySqlTokenKind.UserVariable, start, end - start);
        }

        while (i < s.Length && (CharClasses.IsWordChar(s[i]) || s[i] == '.'))
        {
            i++;
        }

        return i == start + 1 ? Operator(start, 1) : new MySqlToken(MySqlTokenKind.UserVariable, start, i - start);
    }

    private readonly MySqlToken Quoted(int start, int contentStart, char quote, bool escapes, MySqlTokenKind kind, MySqlTokenKind unterminatedKind)
    {
        int end = ScanQuoted(contentStart, quote, escapes);
        return end < 0
            ? new MySqlToken(unterminatedKind, start, text.Length - start)
            : new MySqlToken(kind, start, end - start);
    }

    /// <summary>Returns the offset after the closing quote of content starting at <paramref name="start"/>, or -1 when the text ends first.</summary>
    private readonly int ScanQuoted(int start, char quote, bool escapes)
    {
        ReadOnlySpan<char> s = text;
        int i = start;
        while (i < s.Length)
        {
            int k = escapes ? s[i..].IndexOfAny(quote, '\\') : s[i..].IndexOf(quote);
            if (k < 0)
            {
                return -1;
            }

            i += k;
            if (s[i] == '\\')
            {
                i += 2;
                continue;
            }

            if (i + 1 < s.Length && s[i + 1] == quote)
            {
                i += 2;
                continue;
            }

            return i + 1;
        }

        return -1;
    }

    private readonly MySqlToken LineComment(int start)
    {
        int k = text[start..].IndexOf('\n');
        return new MySqlToken(MySqlTokenKind.Comment, start, k < 0 ? text.Length - start : k);
    }

    private readonly MySqlToken BlockComment(int start, int contentStart, MySqlTokenKind kind)
    {
        int k = contentStart <= text.Length ? text[contentStart..].IndexOf("*/", StringComparison.Ordinal) : -1;
        return k < 0
            ? new MySqlToken(MySqlTokenKind.UnterminatedComment, start, text.Length - start)
            : new MySqlToken(kind, start, contentStart + k + 2 - start);
    }
}
