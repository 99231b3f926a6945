using System.Text;
using NUnit.Framework;
using QueryAudit.Core.Audit;
using static QueryAudit.Core.Tests.Audit.AuditTestLines;

namespace QueryAudit.Core.Tests.Audit;

public class AuditLineParserTruncationTests
{
    private const string MariaDbPrefix = "20261204 19:54:59,vm,dba_bob,127.0.0.1,49,182697,QUERY,billing,'";
    private const string AuroraPrefix = "1796414099000000,vm,dba_bob,127.0.0.1,49,182697,QUERY,billing,'";

    [TestCase(1023, false)]
    [TestCase(1024, true)]
    public void Parse_MariaDb_TruncatedAtDefaultLimit(int escapedBytes, bool truncated)
    {
        string text = "SELECT customer_id FROM customers WHERE customer_id IN (" + new string('1', escapedBytes - 56);

        AuditEvent parsed = ParseAll(MariaDbPrefix + text + "',0")[0];

        Assert.That(Encoding.UTF8.GetByteCount(text), Is.EqualTo(escapedBytes));
        Assert.That(parsed.Truncated, Is.EqualTo(truncated));
        Assert.That(parsed.ObjectText, Is.EqualTo(text));
    }

    [TestCase(null, false)]
    [TestCase(1024, true)]
    [TestCase(2048, false)]
    public void Parse_Aurora_TruncatedAtConfiguredLimit(int? limit, bool truncated)
    {
        string text = new('x', 1024);
        var parser = new AuditLineParser(new AuditLineParserOptions { QueryLogLimitBytes = limit });

        AuditEvent parsed = parser.Parse(Raw(AuroraPrefix + text + "',0")).Event!;

        Assert.That(parsed.Format, Is.EqualTo(AuditLogFormat.Aurora));
        Assert.That(parsed.Truncated, Is.EqualTo(truncated));
    }

    [Test]
    public void Parse_EscapedLengthReachesLimit_CountsEscapedBytes()
    {
        // "a" + 1022 escaped bytes + "b" make 1024 bytes but decode to 1022 characters: the limit counts escaped bytes.
        string escaped = "\\'" + new string('x', 1018) + "\\'";

        AuditEvent atLimit = ParseAll(MariaDbPrefix + "a" + escaped + "b',0")[0];
        AuditEvent belowLimit = ParseAll(MariaDbPrefix + escaped + "b',0")[0];

        Assert.That(atLimit.Truncated, Is.True);
        Assert.That(atLimit.ObjectText, Has.Length.EqualTo(1024 - 2));
        Assert.That(belowLimit.Truncated, Is.False);
    }

    [Test]
    public void Parse_CutInsideEscape_DropsLoneBackslash()
    {
        // The real capture cut "\'" after its backslash: the text ends with a lone backslash before the quote.
        string text = "INSERT INTO sbtest1(k, c, pad) VALUES(9966, " + new string('5', 1024 - 45) + "\\";

        AuditEvent parsed = ParseAll(MariaDbPrefix + text + "',0")[0];

        Assert.That(Encoding.UTF8.GetByteCount(text), Is.EqualTo(1024));
        Assert.That(parsed.Truncated, Is.True);
        Assert.That(parsed.ObjectText, Is.EqualTo(text[..^1]));
        Assert.That(parsed.RetCode, Is.Zero);
    }

    [Test]
    public void Parse_SplitEscapeUnknownLimit_Truncated()
    {
        AuditEvent parsed = ParseAll(AuroraPrefix + "SELECT \\'a\\',0")[0];

        Assert.That(parsed.Truncated, Is.True);
        Assert.That(parsed.ObjectText, Is.EqualTo("SELECT 'a"));
    }

    [Test]
    public void Parse_SplitCharacter_EndsWithReplacement()
    {
        // As in the real capture: a Japanese note cut by the 1024-byte limit inside a 3-byte character.
        byte[] head = Encoding.UTF8.GetBytes(MariaDbPrefix + "INSERT INTO customer_notes (note) VALUES (\\'");
        byte[] japanese = Encoding.UTF8.GetBytes(new string('担', 330));
        int room = 1024 - (head.Length - MariaDbPrefix.Length);
        byte[] line = [.. head, .. japanese.AsSpan(0, room), .. "',0"u8];

        AuditEvent parsed = new AuditLineParser().Parse(Raw(line)).Event!;

        Assert.That(room % 3, Is.Not.Zero, "the cut must fall inside a character for this test");
        Assert.That(parsed.Truncated, Is.True);
        Assert.That(parsed.ObjectText, Does.EndWith("担\uFFFD"));
    }

    [Test]
    public void Parse_SplitCharacterUnknownLimit_Truncated()
    {
        byte[] line = [.. Encoding.UTF8.GetBytes(AuroraPrefix + "SELECT \\'担"), 0xE5, 0xBD, .. "',0"u8];

        AuditEvent parsed = new AuditLineParser().Parse(Raw(line)).Event!;

        Assert.That(parsed.Truncated, Is.True);
    }

    [Test]
    public void Parse_WholeCharacters_NotTruncated()
    {
        AuditEvent parsed = ParseAll(AuroraPrefix + "SELECT \\'担当\\'',0")[0];

        Assert.That(parsed.Truncated, Is.False);
        Assert.That(parsed.ObjectText, Is.EqualTo("SELECT '担当'"));
    }
}
