using System.Text;

namespace QueryAudit.Sql.Tests.Normalizing;

public sealed class TruncationTests
{
    private static readonly SqlNormalizerOptions LogLimit = new() { LogByteLimit = 1024 };

    [TestCase("SELECT 'abc", "string")]
    [TestCase("SELECT `abc", "quoted identifier")]
    [TestCase("SELECT 1 /* abc", "comment")]
    [TestCase("/*!40101 SET NAMES utf8", "executable comment")]
    [TestCase("SELECT a FROM t WHERE x IN (1, 2", "parentheses")]
    [TestCase("INSERT INTO t VALUES ('有限会社\uFFFD", "string")]
    [TestCase("SELECT 1 FROM t WHERE a = '有'\uFFFD", "U+FFFD")]
    public void CutText_IsSuspected(string sql, string reasonWord)
    {
        NormalizedStatement statement = SqlNormalizer.Normalize(sql);

        Assert.That(statement.TruncationSuspected, Is.True);
        Assert.That(statement.TruncationReason, Does.Contain(reasonWord));
    }

    [TestCase("SELECT 'abc'")]
    [TestCase("SELECT a FROM t WHERE x IN (1, 2)")]
    [TestCase("SELECT 1 -- comment without end of line")]
    [TestCase("SELECT ')' FROM t")]
    public void CompleteText_IsNotSuspected(string sql)
    {
        NormalizedStatement statement = SqlNormalizer.Normalize(sql, LogLimit);

        Assert.That(statement.TruncationSuspected, Is.False);
        Assert.That(statement.TruncationReason, Is.Null);
    }

    [Test]
    public void ByteLimit_CountsLoggedEscapes()
    {
        // 609 bytes of text, but the log writes each of its 602 quotes as \', which makes 1,211 bytes.
        string sql = "SELECT '" + string.Concat(Enumerable.Repeat("''", 300)) + "'";
        Assert.That(Encoding.UTF8.GetByteCount(sql), Is.LessThan(1024));

        NormalizedStatement statement = SqlNormalizer.Normalize(sql, LogLimit);

        Assert.That(statement.TruncationSuspected, Is.True);
        Assert.That(statement.TruncationReason, Does.Contain("1024"));
    }

    [Test]
    public void ByteLimit_NotReached_IsNotSuspected()
    {
        NormalizedStatement statement = SqlNormalizer.Normalize("SELECT '" + new string('x', 900) + "'", LogLimit);

        Assert.That(statement.TruncationSuspected, Is.False);
    }

    // The cut form must be a prefix of the complete statement's exact form wherever the cut falls.
    [TestCase("UPDATE customers SET name = 'O\\'Brien' WHERE customer_id = 12")]
    [TestCase("INSERT INTO t (a, b) VALUES (CURRENT_USER(), 'it''s \"quoted\"')")]
    [TestCase("SELECT `my table`.`col` FROM `my table` WHERE x <=> 5 AND j->>'$.a' = @Closed")]
    [TestCase("UPDATE t SET note = '社名変更（旧：Customer 00007）' WHERE id = 7")]
    [TestCase("SELECT 0xFF, X'0a', 2.5E+3, _utf8mb4'x' /* c */ FROM dual -- end")]
    public void CutAnywhere_IsPrefixOfComplete(string sql)
    {
        string complete = SqlNormalizer.Normalize(sql).ExactForm;
        for (int cut = 1; cut < sql.Length; cut++)
        {
            NormalizedStatement prefix = SqlNormalizer.Normalize(sql[..cut] + "\uFFFD", LogLimit);

            Assert.That(complete.StartsWith(prefix.ExactForm, StringComparison.Ordinal), Is.True, $"cut at {cut}: {prefix.ExactForm}");
        }
    }

    [Test]
    public void CutWord_IsDropped()
    {
        NormalizedStatement statement = SqlNormalizer.Normalize("INSERT INTO t (a) VALUES (cu\uFFFD");

        Assert.That(statement.ExactForm, Is.EqualTo("INSERT INTO t ( a ) VALUES ("));
    }
}
