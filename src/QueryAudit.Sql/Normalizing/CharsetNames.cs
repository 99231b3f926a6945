using System.Collections.Frozen;

namespace QueryAudit.Sql.Normalizing;

/// <summary>
/// Character set names that MySQL 8.0 accepts in a <c>_charset'...'</c> introducer. A word such as <c>_col</c> that
/// names no character set is an identifier, as in MySQL.
/// </summary>
internal static class CharsetNames
{
    private static readonly FrozenSet<string> Names = FrozenSet.ToFrozenSet(
        [
            "armscii8", "ascii", "big5", "binary", "cp1250", "cp1251", "cp1256", "cp1257", "cp850", "cp852", "cp866", "cp932",
            "dec8", "eucjpms", "euckr", "gb18030", "gb2312", "gbk", "geostd8", "greek", "hebrew", "hp8", "keybcs2", "koi8r",
            "koi8u", "latin1", "latin2", "latin5", "latin7", "macce", "macroman", "sjis", "swe7", "tis620", "ucs2", "ujis",
            "utf16", "utf16le", "utf32", "utf8", "utf8mb3", "utf8mb4",
        ],
        StringComparer.OrdinalIgnoreCase);

    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> Lookup = Names.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>True when <paramref name="word"/> is <c>_</c> followed by a character set name (any case).</summary>
    public static bool IsIntroducer(ReadOnlySpan<char> word) => word.Length > 3 && word[0] == '_' && Lookup.Contains(word[1..]);
}
