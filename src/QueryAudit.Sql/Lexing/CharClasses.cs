namespace QueryAudit.Sql.Lexing;

/// <summary>
/// Character classes of MySQL's lexical grammar.
/// </summary>
internal static class CharClasses
{
    /// <summary>Space, tab, LF, VT, FF and CR: the characters MySQL skips between tokens.</summary>
    public static bool IsWhitespace(char c) => c == ' ' || (c >= '\t' && c <= '\r');

    /// <summary>
    /// A character of an unquoted identifier: ASCII letters, digits, <c>_</c>, <c>$</c>, and every character above U+007F
    /// (MySQL allows U+0080 to U+FFFF; surrogates are accepted here so that supplementary and invalid text stays in one word).
    /// </summary>
    public static bool IsWordChar(char c) =>
        (uint)((c | 0x20) - 'a') <= 'z' - 'a' || (uint)(c - '0') <= 9 || c == '_' || c == '$' || c >= '\u0080';

    public static bool IsDigit(char c) => (uint)(c - '0') <= 9;

    public static bool IsHexDigit(char c) => (uint)(c - '0') <= 9 || (uint)((c | 0x20) - 'a') <= 'f' - 'a';

    public static bool IsAsciiLetter(char c) => (uint)((c | 0x20) - 'a') <= 'z' - 'a';
}
