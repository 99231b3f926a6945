using System.Runtime.CompilerServices;

namespace QueryAudit.Sql.Lexing;

/// <summary>
/// MySQL 8.0's keywords (reserved and non-reserved, from the reference manual's keyword list) and common built-in function
/// names, looked up by span without allocating.
/// </summary>
public static class MySqlKeywords
{
    private static readonly Dictionary<string, KeywordInfo> AllEntries = Build();

    private static readonly KeywordTable Table = new(AllEntries);

    /// <summary>Every word of the table with its entry, for tables built from the same words.</summary>
    internal static IReadOnlyDictionary<string, KeywordInfo> Entries => AllEntries;

    /// <summary>Finds <paramref name="word"/> (any case) in the table.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryGet(ReadOnlySpan<char> word, out KeywordInfo info)
    {
        if (word.Length is < 2 or > 40)
        {
            info = default;
            return false;
        }

        return Table.TryGet(word, out info);
    }

    /// <summary>Returns the keyword id of <paramref name="word"/>, or <see cref="KeywordId.None"/>.</summary>
    public static KeywordId Identify(ReadOnlySpan<char> word) => TryGet(word, out KeywordInfo info) ? info.Id : KeywordId.None;

    /// <summary>True when <paramref name="word"/> is a reserved word.</summary>
    public static bool IsReserved(ReadOnlySpan<char> word) =>
        TryGet(word, out KeywordInfo info) && (info.Flags & KeywordFlags.Reserved) != 0;

    private static Dictionary<string, KeywordInfo> Build()
    {
        // Ids by name, built once: Enum.TryParse per keyword took a noticeable share of a native process's start-up.
        Dictionary<string, KeywordId> ids = new(StringComparer.Ordinal);
        foreach (KeywordId id in Enum.GetValues<KeywordId>())
        {
            ids[id.ToString()] = id;
        }

        Dictionary<string, KeywordInfo> table = new(StringComparer.OrdinalIgnoreCase);
        Add(table, ids, MySqlKeywordLists.Reserved, KeywordFlags.Reserved);
        Add(table, ids, MySqlKeywordLists.NonReserved, KeywordFlags.None);
        Add(table, ids, MySqlKeywordLists.Functions, KeywordFlags.Function);

        foreach (string word in MySqlKeywordLists.StartsExpression)
        {
            KeywordInfo info = table[word];
            table[word] = info with { Flags = info.Flags | KeywordFlags.StartsExpression };
        }

        return table;
    }

    private static void Add(Dictionary<string, KeywordInfo> table, Dictionary<string, KeywordId> ids, string words, KeywordFlags flags)
    {
        foreach (string word in words.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            if (table.ContainsKey(word))
            {
                continue;
            }

            // As Enum.TryParse names them, NONE included: its id is None, so it is written as spelled.
            KeywordId id = ids.TryGetValue(ToPascalCase(word), out KeywordId named) ? named : KeywordId.Other;
            table[word] = new KeywordInfo(id, flags);
        }
    }

    private static string ToPascalCase(string word)
    {
        Span<char> buffer = stackalloc char[word.Length];
        int length = 0;
        bool upper = true;
        foreach (char c in word)
        {
            if (c == '_')
            {
                upper = true;
                continue;
            }

            buffer[length++] = upper ? char.ToUpperInvariant(c) : char.ToLowerInvariant(c);
            upper = false;
        }

        return new string(buffer[..length]);
    }
}
