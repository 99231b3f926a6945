using System.Runtime.CompilerServices;
using QueryAudit.Sql.Lexing;

namespace QueryAudit.Sql.Normalizing;

/// <summary>
/// Questions about a token in its statement that both the exact form and the template ask.
/// </summary>
internal static class TokenTraits
{
    /// <summary>True when the token at <paramref name="index"/> is a charset introducer glued to the literal after it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsIntroducer(ReadOnlySpan<char> text, ReadOnlySpan<StatementToken> tokens, int index)
    {
        MySqlToken token = tokens[index].Token;
        if (token.Kind != MySqlTokenKind.Word || index + 1 >= tokens.Length || text[token.Start] != '_')
        {
            return false;
        }

        MySqlTokenKind next = tokens[index + 1].Kind;
        bool literalFollows = next is MySqlTokenKind.StringLiteral or MySqlTokenKind.HexString or MySqlTokenKind.BitString
            or MySqlTokenKind.HexNumber or MySqlTokenKind.BitNumber or MySqlTokenKind.UnterminatedString;
        return literalFollows && CharsetNames.IsIntroducer(text.Slice(token.Start, token.Length));
    }

    /// <summary>True for tokens that the template replaces with <c>?</c> (NULL is decided by the caller).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsLiteral(MySqlTokenKind kind) => kind switch
    {
        MySqlTokenKind.StringLiteral or MySqlTokenKind.NationalString or MySqlTokenKind.HexString or MySqlTokenKind.BitString
            or MySqlTokenKind.IntegerLiteral or MySqlTokenKind.DecimalLiteral or MySqlTokenKind.FloatLiteral
            or MySqlTokenKind.HexNumber or MySqlTokenKind.BitNumber or MySqlTokenKind.Placeholder
            or MySqlTokenKind.NamedPlaceholder or MySqlTokenKind.UnterminatedString => true,
        _ => false,
    };

    /// <summary>True when the word or quoted identifier at <paramref name="index"/> is part of a qualified name (a dot next to it).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsNextToDot(ReadOnlySpan<StatementToken> tokens, int index) =>
        IsAfterDot(tokens, index) || (index + 1 < tokens.Length && tokens[index + 1].Kind == MySqlTokenKind.Dot);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsAfterDot(ReadOnlySpan<StatementToken> tokens, int index) =>
        index > 0 && tokens[index - 1].Kind == MySqlTokenKind.Dot;

    /// <summary>
    /// True when identifier content can be written without quotes: word characters only, not starting with a digit
    /// (so it can never read as a number), and not a reserved word unless it follows a dot.
    /// </summary>
    public static bool IsPlainIdentifier(ReadOnlySpan<char> name, bool afterDot)
    {
        // A name ending in U+FFFD keeps its quotes, because bare at the end of a text it would read as the mark of a cut.
        if (name.IsEmpty || CharClasses.IsDigit(name[0]) || name[^1] == '\uFFFD')
        {
            return false;
        }

        foreach (char c in name)
        {
            if (!CharClasses.IsWordChar(c))
            {
                return false;
            }
        }

        return afterDot || !MySqlKeywords.IsReserved(name);
    }
}
