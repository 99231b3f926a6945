using QueryAudit.Sql.Normalizing;

namespace QueryAudit.Sql.Tests.Normalizing;

/// <summary>
/// <see cref="CharBuilder"/> copies short text and upper-cases words several characters at a time. Every template and
/// exact form passes through it, so it must write exactly what a character-by-character loop writes, for every length
/// and every UTF-16 code unit, including those next to the ASCII letters and above U+007F.
/// </summary>
public sealed class CharBuilderTests
{
    /// <summary>Code units at the edges of the ranges the upper-casing tests, and some far from them.</summary>
    private static readonly char[] Units =
    [
        'a', 'z', 'A', 'Z', 'm', 'M', '`', '{', '@', '[', '_', '$', '0', '9', ' ', '\0', '\x7F', '\x80', '\xE1', '\xC1',
        '\xFF', '\u0161', '\u00E0', '\u8000', '\u8061', '\u807A', '\uE061', '\uFFE1', '\uFFFD', '\uD83D', '\uDE00', '\u0241',
    ];

    private static string UpperOneByOne(string text) =>
        string.Concat(text.Select(c => c is >= 'a' and <= 'z' ? (char)(c - 32) : c));

    [TestCase("")]
    [TestCase("s")]
    [TestCase("se")]
    [TestCase("sel")]
    [TestCase("sele")]
    [TestCase("select")]
    [TestCase("customer_id")]
    [TestCase("Straße_größe")]
    [TestCase("json_extract")]
    [TestCase("a{z`@[_$09")]
    public void AppendUpper_Words_UpperCasesAsciiLettersOnly(string word)
    {
        CharBuilder builder = new(4);
        builder.Append('<');
        builder.AppendUpper(word);
        builder.Append('>');

        Assert.That(builder.ToString(), Is.EqualTo("<" + UpperOneByOne(word) + ">"));
        builder.Dispose();
    }

    [Test]
    public void AppendUpperAndAppend_RandomUnits_MatchOneByOne()
    {
        Random random = new(20261205);
        for (int i = 0; i < 50_000; i++)
        {
            int length = random.Next(0, 24);
            char[] chars = new char[length];
            for (int k = 0; k < length; k++)
            {
                chars[k] = random.Next(3) == 0 ? (char)random.Next(0, 0x10000) : Units[random.Next(Units.Length)];
            }

            string text = new(chars);
            string prefix = new('p', random.Next(0, 9));
            CharBuilder builder = new(random.Next(0, 2) == 0 ? new char[random.Next(1, 40)] : new char[64]);
            builder.Append(prefix);
            builder.AppendUpper(text);
            builder.Append(text);

            Assert.That(builder.ToString(), Is.EqualTo(prefix + UpperOneByOne(text) + text), $"units {string.Join(' ', chars.Select(c => ((int)c).ToString("X4", System.Globalization.CultureInfo.InvariantCulture)))}");
            builder.Dispose();
        }
    }
}
