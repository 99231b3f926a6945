using System.Runtime.CompilerServices;

namespace QueryAudit.Sql.Lexing;

/// <summary>
/// An open-addressing hash table of ASCII words, looked up case-insensitively from a span. Every word of a statement is
/// looked up, so this avoids the general-purpose dictionaries' comparer calls: the hash reads four characters and folds
/// their case, and the comparison is a scalar loop.
/// </summary>
internal sealed class KeywordTable
{
    private readonly string[] words;
    private readonly KeywordInfo[] infos;
    private readonly int mask;

    public KeywordTable(IReadOnlyDictionary<string, KeywordInfo> entries)
    {
        int size = 1;
        while (size < entries.Count * 4)
        {
            size <<= 1;
        }

        words = new string[size];
        infos = new KeywordInfo[size];
        mask = size - 1;
        foreach ((string word, KeywordInfo info) in entries)
        {
            if (word.Length < 2)
            {
                throw new ArgumentException($"Keyword '{word}' is shorter than the two characters the hash reads.", nameof(entries));
            }

            int slot = (int)Hash(word) & mask;
            while (words[slot] is not null)
            {
                slot = (slot + 1) & mask;
            }

            words[slot] = word.ToUpperInvariant();
            infos[slot] = info;
        }
    }

    /// <summary>Finds <paramref name="word"/> (at least two characters, any case); a word with characters other than ASCII never matches.</summary>
    public bool TryGet(ReadOnlySpan<char> word, out KeywordInfo info)
    {
        int slot = (int)Hash(word) & mask;
        while (words[slot] is { } candidate)
        {
            if (candidate.Length == word.Length && EqualsUpperIgnoreCase(candidate, word))
            {
                info = infos[slot];
                return true;
            }

            slot = (slot + 1) & mask;
        }

        info = default;
        return false;
    }

    /// <summary>
    /// Compares an upper-case table word with <paramref name="word"/> of the same length, ignoring the case of ASCII
    /// letters. A scalar loop, because keywords are short and the vectorised comparisons cost more in calls than they save.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool EqualsUpperIgnoreCase(string upper, ReadOnlySpan<char> word)
    {
        for (int i = 0; i < word.Length; i++)
        {
            uint expected = upper[i];
            uint actual = word[i];
            if (actual != expected && !((expected - 'A') <= 'Z' - 'A' && (actual | 0x20) == (expected | 0x20)))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Hashes the length and the first two and last two characters, with ASCII letters case-folded: enough to spread the
    /// keywords over the table, and no loop over the word. Words must have at least two characters.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Hash(ReadOnlySpan<char> word)
    {
        uint first = ((uint)word[0] | 0x20) | (((uint)word[1] | 0x20) << 16);
        uint last = ((uint)word[^1] | 0x20) | (((uint)word[^2] | 0x20) << 16);
        uint hash = (first * 0x9E3779B1) ^ (last * 0x85EBCA77) ^ ((uint)word.Length * 0xC2B2AE3D);
        return hash ^ (hash >> 15);
    }
}
