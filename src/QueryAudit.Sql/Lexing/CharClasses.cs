using System.Runtime.CompilerServices;

namespace QueryAudit.Sql.Lexing;

/// <summary>
/// Character classes of MySQL's lexical grammar.
/// </summary>
internal static class CharClasses
{
    private const byte Word = 1;
    private const byte Space = 2;

    /// <summary>Class bits of the ASCII characters, indexed by code: one table load replaces a chain of comparisons.</summary>
    private static ReadOnlySpan<byte> AsciiClasses =>
    [
        0, 0, 0, 0, 0, 0, 0, 0, 0, Space, Space, Space, Space, Space, 0, 0, // 0x00: TAB LF VT FF CR
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, // 0x10
        Space, 0, 0, 0, Word, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, // 0x20: space, $
        Word, Word, Word, Word, Word, Word, Word, Word, Word, Word, 0, 0, 0, 0, 0, 0, // 0x30: digits
        0, Word, Word, Word, Word, Word, Word, Word, Word, Word, Word, Word, Word, Word, Word, Word, // 0x40: A-O
        Word, Word, Word, Word, Word, Word, Word, Word, Word, Word, Word, 0, 0, 0, 0, Word, // 0x50: P-Z, _
        0, Word, Word, Word, Word, Word, Word, Word, Word, Word, Word, Word, Word, Word, Word, Word, // 0x60: a-o
        Word, Word, Word, Word, Word, Word, Word, Word, Word, Word, Word, 0, 0, 0, 0, 0, // 0x70: p-z
    ];

    /// <summary>Space, tab, LF, VT, FF and CR: the characters MySQL skips between tokens.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsWhitespace(char c) => c < 128 && (AsciiClasses[c] & Space) != 0;

    /// <summary>
    /// A character of an unquoted identifier: ASCII letters, digits, <c>_</c>, <c>$</c>, and every character above U+007F
    /// (MySQL allows U+0080 to U+FFFF; surrogates are accepted here so that supplementary and invalid text stays in one word).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsWordChar(char c) => c >= 128 || (AsciiClasses[c] & Word) != 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsDigit(char c) => (uint)(c - '0') <= 9;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsHexDigit(char c) => (uint)(c - '0') <= 9 || (uint)((c | 0x20) - 'a') <= 'f' - 'a';

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsAsciiLetter(char c) => (uint)((c | 0x20) - 'a') <= 'z' - 'a';
}
