using QueryAudit.Sql.Lexing;

namespace QueryAudit.Sql.Tests.Lexing;

/// <summary>
/// The packed table must find exactly what <see cref="MySqlKeywords.TryGet"/> finds, for every keyword in any case, at
/// any distance from the end of the text, and never a word that differs from a keyword only by a character outside
/// ASCII (those narrow to bytes that no keyword has).
/// </summary>
public sealed class PackedKeywordTableTests
{
    private static IEnumerable<string> PackedKeywords() =>
        MySqlKeywords.Entries.Keys.Where(word => word.Length <= PackedKeywordTable.MaxLength).Order(StringComparer.Ordinal);

    [Test]
    public void TryGet_EveryKeywordInEveryCase_MatchesKeywordList()
    {
        foreach (string keyword in PackedKeywords())
        {
            string mixed = string.Concat(keyword.Select((c, k) => k % 2 == 0 ? char.ToUpperInvariant(c) : char.ToLowerInvariant(c)));
            foreach (string word in new[] { keyword.ToUpperInvariant(), keyword.ToLowerInvariant(), mixed })
            {
                Assert.That(MySqlKeywords.TryGet(word, out KeywordInfo expected), Is.True, word);
                AssertFound(word, expected);
            }
        }
    }

    [Test]
    public void PlacedFirstWords_SitInHomeSlots()
    {
        // The common words are placed first, so that a lookup of one reads a single key, or two where two of them share a
        // slot (4 of the 67 words today).
        string[] words = [.. PackedKeywordTable.PlacedFirstWords];
        Assert.That(words.Where(word => PackedKeywordTable.SlotsRead(word) is < 1 or > 2), Is.Empty);
        Assert.That(words.Count(word => PackedKeywordTable.SlotsRead(word) == 1), Is.GreaterThanOrEqualTo(words.Length * 9 / 10));
    }

    [Test]
    public void EveryPackedKeyword_IsFoundWithinEightSlots()
    {
        // Probing stays short for the rest of the words too. A change of hash or table size that clusters them fails here.
        foreach (string word in PackedKeywords())
        {
            Assert.That(PackedKeywordTable.SlotsRead(word), Is.InRange(1, 8), word);
        }
    }

    [Test]
    public void TryGet_KeywordWithCharacterOutsideAscii_NotFound()
    {
        // The table clamps each character to 0xFF before narrowing. Truncating would turn U+4E4E into 'n' and U+0149 into
        // 'i', and signed saturation would turn U+8000 and above into NUL, the padding after a shorter word.
        char[] others = ['\u00E9', '\u00C9', '\u0141', '\u0149', '\u4E4E', '\u540D', '\u8000', '\uAC00', '\uFFFD', '\uFF21'];
        foreach (string keyword in PackedKeywords().Where(word => word.Length < PackedKeywordTable.MaxLength))
        {
            foreach (char other in others)
            {
                AssertNotFound(keyword + other);
                AssertNotFound(other + keyword[1..]);
                if (keyword.Length > 2)
                {
                    AssertNotFound(keyword[..^1] + other);
                }
            }
        }
    }

    [Test]
    public void TryGet_KeywordPrefixesAndExtensions_MatchKeywordList()
    {
        foreach (string keyword in PackedKeywords())
        {
            foreach (string word in new[] { keyword[..^1], keyword + "X", keyword + "_", keyword + "1", "X" + keyword })
            {
                if (word.Length is < 2 or > PackedKeywordTable.MaxLength)
                {
                    continue;
                }

                bool known = MySqlKeywords.TryGet(word, out KeywordInfo expected);
                if (known)
                {
                    AssertFound(word, expected);
                }
                else
                {
                    AssertNotFound(word);
                }
            }
        }
    }

    [Test]
    public void TryGet_RandomWords_MatchKeywordList()
    {
        Random random = new(20261205);
        const string characters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_$é名";
        for (int n = 0; n < 200_000; n++)
        {
            int length = random.Next(2, PackedKeywordTable.MaxLength + 1);
            string word = string.Create(length, random, (span, r) =>
            {
                for (int k = 0; k < span.Length; k++)
                {
                    span[k] = characters[r.Next(characters.Length)];
                }
            });
            bool known = MySqlKeywords.TryGet(word, out KeywordInfo expected);
            if (known)
            {
                AssertFound(word, expected);
            }
            else
            {
                AssertNotFound(word);
            }
        }
    }

    /// <summary>
    /// Checks the word at the end of the text (the padded copy) and followed by other characters (the direct vector
    /// loads), which must give the same result.
    /// </summary>
    private static void AssertFound(string word, KeywordInfo expected)
    {
        foreach ((string text, int start) in Placements(word))
        {
            Assert.That(PackedKeywordTable.TryGet(text, start, word.Length, out KeywordInfo found), Is.True, $"'{word}' in '{text}'");
            Assert.That(found, Is.EqualTo(expected), $"'{word}' in '{text}'");
        }
    }

    private static void AssertNotFound(string word)
    {
        foreach ((string text, int start) in Placements(word))
        {
            Assert.That(PackedKeywordTable.TryGet(text, start, word.Length, out _), Is.False, $"'{word}' in '{text}'");
        }
    }

    private static IEnumerable<(string Text, int Start)> Placements(string word)
    {
        yield return (word, 0);
        yield return ("(" + word, 1);
        yield return (word + " FROM t WHERE a_long_column = 1", 0);
        yield return ("x " + word + "(名前, 'value', `quoted`)", 2);
    }
}
