using QueryAudit.Sql.Lexing;

namespace QueryAudit.Sql.Tests.Lexing;

/// <summary>
/// The keyword table's ids come from a switch over the list words. Every word must get the id whose enum name is the
/// word in Pascal case without underscores (NONE included), and every other word <see cref="KeywordId.Other"/>.
/// </summary>
public sealed class MySqlKeywordsTests
{
    [Test]
    public void Entries_ListWordIds_MatchEnumNames()
    {
        Dictionary<string, KeywordId> ids = Enum.GetValues<KeywordId>().ToDictionary(id => id.ToString(), StringComparer.Ordinal);
        foreach ((string word, KeywordInfo info) in MySqlKeywords.Entries)
        {
            KeywordId expected = ids.TryGetValue(ToPascalCase(word), out KeywordId named) ? named : KeywordId.Other;
            Assert.That(info.Id, Is.EqualTo(expected), word);
        }
    }

    [Test]
    public void Entries_ListWords_FirstListWins()
    {
        // SCHEMA is reserved and a function name, UTC_TIMESTAMP too: the reserved entry is kept.
        Assert.That(MySqlKeywords.Entries["SCHEMA"].Flags, Is.EqualTo(KeywordFlags.Reserved));
        Assert.That(MySqlKeywords.Entries["utc_timestamp"].Flags, Is.EqualTo(KeywordFlags.Reserved));
        Assert.That(MySqlKeywords.Entries["SELECT"].Flags, Is.EqualTo(KeywordFlags.Reserved | KeywordFlags.StartsExpression));
        Assert.That(MySqlKeywords.Entries["COUNT"].Flags, Is.EqualTo(KeywordFlags.Function));
    }

    [Test]
    public void Entries_Count_MatchesDistinctListWords()
    {
        string[] words =
        [
            .. $"{MySqlKeywordLists.Reserved} {MySqlKeywordLists.NonReserved} {MySqlKeywordLists.Functions}"
                .Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries),
        ];
        Assert.That(MySqlKeywords.Entries, Has.Count.EqualTo(words.Distinct(StringComparer.OrdinalIgnoreCase).Count()));
    }

    private static string ToPascalCase(string word) =>
        string.Concat(word.Split('_').Select(part => part.Length == 0 ? "" : char.ToUpperInvariant(part[0]) + part[1..].ToLowerInvariant()));
}
