using System.Runtime.CompilerServices;

namespace QueryAudit.Sql.Lexing;

/// <summary>
/// Character classes of MySQL's lexical grammar.
/// </summary>
internal static class CharClasses
{
    private const byte Word = 1;
    private const byte Space = 2;

    /// <summary>A printable character that starts no comment: a token starts at it without a look at what follows.</summary>
    private const byte Plain = 4;

    private const byte WordPlain = Word | Plain;

    /// <summary>Class bits of the ASCII characters, indexed by code: one table load replaces a chain of comparisons.</summary>
    private static ReadOnlySpan<byte> AsciiClasses =>
    [
        0, 0, 0, 0, 0, 0, 0, 0, 0, Space, Space, Space, Space, Space, 0, 0, // 0x00: TAB LF VT FF CR
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, // 0x10
        Space, Plain, Plain, 0, WordPlain, Plain, Plain, Plain, Plain, Plain, 0, Plain, Plain, 0, Plain, 0, // 0x20: space and $. #, *, - and / may start a comment
        WordPlain, WordPlain, WordPlain, WordPlain, WordPlain, WordPlain, WordPlain, WordPlain, WordPlain, WordPlain, Plain, Plain, Plain, Plain, Plain, Plain, // 0x30: digits
        Plain, WordPlain, WordPlain, WordPlain, WordPlain, WordPlain, WordPlain, WordPlain, WordPlain, WordPlain, WordPlain, WordPlain, WordPlain, WordPlain, WordPlain, WordPlain, // 0x40: A-O
        WordPlain, WordPlain, WordPlain, WordPlain, WordPlain, WordPlain, WordPlain, WordPlain, WordPlain, WordPlain, WordPlain, Plain, Plain, Plain, Plain, WordPlain, // 0x50: P-Z, _
        Plain, WordPlain, WordPlain, WordPlain, WordPlain, WordPlain, WordPlain, WordPlain, WordPlain, WordPlain, WordPlain, WordPlain, WordPlain, WordPlain, WordPlain, WordPlain, // 0x60: a-o
        WordPlain, WordPlain, WordPlain, WordPlain, WordPlain, WordPlain, WordPlain, WordPlain, WordPlain, WordPlain, WordPlain, Plain, Plain, Plain, Plain, 0, // 0x70: p-z
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

    /// <summary>
    /// True when a token starts at <paramref name="c"/> whatever follows: a printable ASCII character other than a space
    /// and the <c>#</c>, <c>-</c>, <c>/</c> and <c>*</c> that may start or end a comment, or any character above U+007F.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsPlainTokenStart(char c) => c >= 128 || (AsciiClasses[c] & Plain) != 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsDigit(char c) => (uint)(c - '0') <= 9;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsHexDigit(char c) => (uint)(c - '0') <= 9 || (uint)((c | 0x20) - 'a') <= 'f' - 'a';

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsAsciiLetter(char c) => (uint)((c | 0x20) - 'a') <= 'z' - 'a';
}
