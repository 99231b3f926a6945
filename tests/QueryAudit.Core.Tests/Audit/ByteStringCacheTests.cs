using System.Text;
using NUnit.Framework;
using QueryAudit.Core.Audit;

namespace QueryAudit.Core.Tests.Audit;

/// <summary>
/// The parser's name cache returns the decoded string of exactly the bytes given, and the same string instance when
/// the same bytes come again.
/// </summary>
public class ByteStringCacheTests
{
    [TestCase("app_billing")]
    [TestCase("10.0.1.5")]
    [TestCase("billing-prod-instance-1")]
    [TestCase("x")]
    [TestCase("データベース")]
    public void Get_RepeatedName_SameInstance(string name)
    {
        ByteStringCache cache = new(64);

        string first = cache.Get(Encoding.UTF8.GetBytes(name));
        string second = cache.Get(Encoding.UTF8.GetBytes(name));

        Assert.That(first, Is.EqualTo(name));
        Assert.That(second, Is.SameAs(first));
    }

    [Test]
    public void Get_NamesDifferingInMiddle_EachDecodedRight()
    {
        // These have the same length and the same first and last eight bytes, so they share a slot and replace each other.
        ByteStringCache cache = new(64);
        string[] names = ["billing_reader_1_prod", "billing_writer_1_prod", "billing_adminr_1_prod"];

        for (int round = 0; round < 3; round++)
        {
            foreach (string name in names)
            {
                Assert.That(cache.Get(Encoding.UTF8.GetBytes(name)), Is.EqualTo(name), $"round {round}");
            }
        }
    }

    [Test]
    public void Get_ManyDistinctNames_EachDecodedRight()
    {
        ByteStringCache cache = new(16);
        List<string> names = Enumerable.Range(0, 500).Select(i => $"user_{i}@10.0.{i % 7}.{i % 251}").ToList();

        foreach (string name in names.Concat(names))
        {
            Assert.That(cache.Get(Encoding.UTF8.GetBytes(name)), Is.EqualTo(name));
        }
    }

    [Test]
    public void Get_InvalidUtf8_ReplacementCharacter()
    {
        ByteStringCache cache = new(64);

        Assert.That(cache.Get([(byte)'a', 0xFF, (byte)'b']), Is.EqualTo("a\uFFFDb"));
    }

    [Test]
    public void Get_EmptyAndLongValues_Decoded()
    {
        ByteStringCache cache = new(64);
        string longValue = new('q', 300);

        Assert.That(cache.Get([]), Is.EqualTo(""));
        Assert.That(cache.Get(Encoding.UTF8.GetBytes(longValue)), Is.EqualTo(longValue));
    }
}
