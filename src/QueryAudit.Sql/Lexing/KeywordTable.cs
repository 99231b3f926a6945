using System.Runtime.CompilerServices;
using System.Text;

namespace QueryAudit.Sql.Lexing;

/// <summary>
/// An open-addressing hash table of ASCII words, looked up case-insensitively from a span. Every word of a statement is
/// looked up, so this avoids the general-purpose dictionaries' comparer calls: the hash folds case as it reads, and a
/// word with a character no keyword has is rejected before any probe.
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
            int slot = (int)Hash(word, out _) & mask;
            while (words[slot] is not null)
            {
                slot = (slot + 1) & mask;
            }

            words[slot] = word;
            infos[slot] = info;
        }
    }

    public bool TryGet(ReadOnlySpan<char> word, out KeywordInfo info)
    {
        uint hash = Hash(word, out bool valid);
        if (valid)
        {
            int slot = (int)hash & mask;
            while (words[slot] is { } candidate)
            {
                if (candidate.Length == word.Length && Ascii.EqualsIgnoreCase(candidate, word))
                {
                    info = infos[slot];
                    return true;
                }

                slot = (slot + 1) & mask;
            }
        }

        info = default;
        return false;
    }

    /// <summary>Hashes letters case-insensitively; <paramref name="valid"/> is false for characters outside A-Z, 0-9 and _.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Hash(ReadOnlySpan<char> word, out bool valid)
    {
        uint hash = 2166136261;
        uint seen = 0;
        foreach (char c in word)
        {
            uint folded = (uint)c | 0x20;
            seen |= c;
            hash = (hash ^ folded) * 16777619;
        }

        valid = seen < 0x80;
        return hash ^ (hash >> 15);
    }
}
