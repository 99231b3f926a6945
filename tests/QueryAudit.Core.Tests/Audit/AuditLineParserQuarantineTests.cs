using System.Text;
using NUnit.Framework;
using QueryAudit.Core.Audit;
using static QueryAudit.Core.Tests.Audit.AuditTestLines;

namespace QueryAudit.Core.Tests.Audit;

public class AuditLineParserQuarantineTests
{
    [TestCase("", "empty line")]
    [TestCase("   \t", "empty line")]
    [TestCase("\r", "empty line")]
    [TestCase("2026-12-04 19:51:11 [Note] Server socket created on IP: '127.0.0.1'.", "no comma-separated fields")]
    [TestCase("2026-12-04 19:51:11,vm,root,localhost,3,0,CONNECT,,,0", "neither a 16-digit epoch-microsecond timestamp nor YYYYMMDD HH:MM:SS")]
    [TestCase("160344220850810,database-1-instance-1,admin,192.0.2.10,50,0,CONNECT,,,0", "neither a 16-digit")]
    [TestCase("20261304 19:51:11,vm,root,localhost,3,0,CONNECT,,,0", "is not a valid date and time")]
    [TestCase("20261204 24:00:00,vm,root,localhost,3,0,CONNECT,,,0", "is not a valid date and time")]
    [TestCase("20261204 19:51:11,vm,root,localhost,3,0,CONNECT", "too few fields: found 7")]
    [TestCase("20261204 19:51:11,vm,root,localhost,3,0,CONNECT,,", "too few fields: found 9")]
    [TestCase("20261204 19:51:11,vm,root,localhost,abc,0,CONNECT,,,0", "connection id 'abc'")]
    [TestCase("20261204 19:51:11,vm,root,localhost,-3,0,CONNECT,,,0", "connection id '-3'")]
    [TestCase("20261204 19:51:11,vm,root,localhost,3,99999999999999999999,QUERY,,'SELECT 1',0", "query id '99999999999999999999'")]
    [TestCase("20261204 19:51:11,vm,root,localhost,3,0,,,,0", "operation field is empty")]
    [TestCase("20261204 19:51:11,vm,root,localhost,3,0,CONNECT,,,ok", "retcode 'ok' is not a number")]
    [TestCase("20261204 19:51:11,vm,root,localhost,3,0,CONNECT,,,0,a,b,c", "unexpected fields after the retcode: 'a,b,c'")]
    [TestCase("20261204 19:51:11,vm,root,localhost,3,0,CONNECT,,,0,'x'", "unexpected fields after the retcode")]
    [TestCase("20261204 19:51:11,vm,root,localhost,3,0,CONNECT,a,b,,0", "retcode of this CONNECT record is empty")]
    [TestCase("20261204 19:51:11,vm,root,localhost,3,0,DISCONNECT,,,", "retcode of this DISCONNECT record is empty")]
    [TestCase("20261204 19:51:11,vm,root,localhost,3,5,QUERY,,SELECT 1,", "retcode of this QUERY record is empty")]
    [TestCase("20261204 19:54:39,vm,dba_alice,127.0.0.1,46,166420,QUERY,billing,'INSERT INTO notes VALUES (1, \\'abc", "not followed by a comma and the retcode")]
    [TestCase("20261204 19:54:39,vm,dba_alice,127.0.0.1,46,166420,QUERY,billing,'INSERT INTO notes VALUES (1, 2", "has no closing quote")]
    [TestCase("20261204 19:54:39,vm,dba_alice,127.0.0.1,46,166420,QUERY,billing,'SELECT 1',", "retcode of this QUERY record is empty")]
    [TestCase("20261204 19:54:39,vm,dba_alice,127.0.0.1,46,166420,QUERY,billing,'SELECT \\'a\\',0", "lone backslash before the closing quote but is only 11 bytes")]
    public void Parse_BrokenLine_IsQuarantinedWithReason(string line, string reason)
    {
        AuditParseResult result = new AuditLineParser().Parse(Raw(line, 42));

        Assert.That(result.Event, Is.Null);
        Assert.That(result.IsEvent, Is.False);
        Assert.That(result.Quarantined, Is.Not.Null);
        Assert.That(result.Quarantined!.Reason, Does.Contain(reason));
        Assert.That(result.Quarantined.Source, Is.EqualTo(new SourcePosition(TestSource, 42)));
        Assert.That(result.Quarantined.Length, Is.EqualTo(Encoding.UTF8.GetByteCount(line)));
    }

    [Test]
    public void Parse_BinaryJunk_IsQuarantinedWithEscapedPreview()
    {
        byte[] junk = [0x1F, 0x8B, 0x08, 0x00, 0xFF, (byte)',', 0x00, 0x01, (byte)'\n', 0xC3];

        AuditParseResult result = new AuditLineParser().Parse(Raw(junk, 3));

        Assert.That(result.Quarantined?.Reason, Does.Contain("not an audit record"));
        Assert.That(result.Quarantined?.Preview, Is.EqualTo("\\x1F\uFFFD\\x08\\0\uFFFD,\\0\\x01\\n\uFFFD"));
        Assert.That(result.Quarantined?.Length, Is.EqualTo(10));
    }

    [Test]
    public void Parse_LineOverMaximum_IsQuarantinedWithLength()
    {
        string line = "20261204 19:51:11,vm,root,localhost,3,7,QUERY,,'SELECT \\'" + new string('x', 1024 * 1024) + "\\'',0";

        AuditParseResult result = new AuditLineParser().Parse(Raw(line, 5));

        Assert.That(result.Quarantined?.Reason, Does.Contain($"{line.Length} bytes long, more than the maximum of 1048576 bytes"));
        Assert.That(result.Quarantined?.Length, Is.EqualTo(line.Length));
        Assert.That(result.Quarantined?.Preview, Has.Length.EqualTo(200));
        Assert.That(result.Quarantined?.Preview, Does.StartWith("20261204 19:51:11,vm,root"));
    }

    [Test]
    public void Parse_CutBySource_QuarantinedWithLength()
    {
        RawAuditLine line = Raw("20261204 19:51:11,vm,root,localhost,3,7,QUERY,,'SELECT") with { FullLength = 5_000_000 };

        AuditParseResult result = new AuditLineParser().Parse(line);

        Assert.That(result.Quarantined?.Reason, Does.Contain("5000000 bytes long"));
        Assert.That(result.Quarantined?.Length, Is.EqualTo(5_000_000));
    }

    [Test]
    public void Parse_LongPreview_IsCutAt200Characters()
    {
        string line = new('q', 5000);

        AuditParseResult result = new AuditLineParser().Parse(Raw(line));

        Assert.That(result.Quarantined?.Preview, Is.EqualTo(new string('q', 200)));
    }

    [Test]
    public void Parse_MixedInput_QuarantinesOnlyBrokenLines()
    {
        string[] lines =
        [
            "20261204 19:51:11,vm,root,localhost,3,0,CONNECT,,,0",
            "",
            "20261204 19:51:11,vm,root,localhost,4,2,QUERY,mysql,'CREATE USER \\'admin\\'@\\'%\\' IDENTIFIED BY *****",
            "\u0001\u0002garbage,,,",
            "20261204 19:51:11,vm,root,localhost,4,2,WRITE,mysql,db,",
            "20261204 19:51:11,vm,root,localhost,3,0,DISCONNECT,,,0",
        ];
        var parser = new AuditLineParser();

        var results = lines.Select((line, index) => parser.Parse(Raw(line, index + 1))).ToList();

        Assert.That(results.Where(r => r.IsEvent).Select(r => r.Event!.Source.Line), Is.EqualTo(new long[] { 1, 5, 6 }));
        Assert.That(results.Where(r => !r.IsEvent).Select(r => r.Quarantined!.Source.Line), Is.EqualTo(new long[] { 2, 3, 4 }));
    }

    [Test]
    public void Parse_DamagedRealLines_NeverThrow()
    {
        // Cuts, byte changes and inserted quotes, commas and backslashes in real lines, from a fixed seed.
        var random = new Random(20261204);
        var parser = new AuditLineParser();
        byte[] specials = "',\\\n\0"u8.ToArray();
        int variants = 0;
        foreach (string text in FixtureSample())
        {
            byte[] line = Encoding.UTF8.GetBytes(text);
            for (int i = 0; i < 8; i++)
            {
                byte[] damaged = Damage(line, random, specials);

                AuditParseResult result = parser.Parse(Raw(damaged, variants));

                Assert.That(result.Event is null, Is.Not.EqualTo(result.Quarantined is null), () => Encoding.UTF8.GetString(damaged));
                variants++;
            }
        }

        Assert.That(variants, Is.GreaterThan(10_000));
    }

    private static byte[] Damage(byte[] line, Random random, byte[] specials)
    {
        int position = random.Next(line.Length);
        switch (random.Next(3))
        {
            case 0:
                return line[..position];
            case 1:
                byte[] changed = (byte[])line.Clone();
                changed[position] = (byte)random.Next(256);
                return changed;
            default:
                return [.. line[..position], specials[random.Next(specials.Length)], .. line[position..]];
        }
    }

    private static IEnumerable<string> FixtureSample()
    {
        string folder = Path.Combine(RepositoryPaths.FixtureLogs, "mariadb");
        foreach (IAuditLineSource source in AuditInputs.Expand([folder]).Sources.Take(2))
        {
            foreach (RawAuditLine line in source.ReadLinesAsync(CancellationToken.None).ToBlockingEnumerable().Take(1000))
            {
                yield return Encoding.UTF8.GetString(line.Bytes.Span);
            }
        }
    }

    [Test]
    public void Options_InvalidValues_AreRejectedWithName()
    {
        Assert.That(() => new AuditLineParser(new AuditLineParserOptions { QueryLogLimitBytes = 0 }),
            Throws.ArgumentException.With.Message.Contains("QueryLogLimitBytes"));
        Assert.That(() => new AuditLineParser(new AuditLineParserOptions { MaxLineBytes = 10 }),
            Throws.ArgumentException.With.Message.Contains("MaxLineBytes"));
    }
}
