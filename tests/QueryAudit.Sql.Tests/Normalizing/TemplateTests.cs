namespace QueryAudit.Sql.Tests.Normalizing;

public sealed class TemplateTests
{
    private static string Template(string sql) => SqlNormalizer.Normalize(sql).Template;

    [TestCase("SELECT a FROM t WHERE id = 5 AND name = 'x'", "SELECT a FROM t WHERE id = ? AND NAME = ?")]
    [TestCase("SELECT a FROM t WHERE id IN (1, 2, 3)", "SELECT a FROM t WHERE id IN ( ... )")]
    [TestCase("SELECT a FROM t WHERE id IN (SELECT b FROM u WHERE c = 1)", "SELECT a FROM t WHERE id IN ( SELECT b FROM u WHERE c = ? )")]
    [TestCase("INSERT INTO t (a, b) VALUES (1, 'x'), (2, 'y'), (3, 'z')", "INSERT INTO t ( a , b ) VALUES ( ? , ? )")]
    [TestCase("INSERT INTO t (a, b) VALUES (1, NOW()), (2, 'y')", "INSERT INTO t ( a , b ) VALUES ( ? , NOW ( ) ) , ( ? , ? )")]
    [TestCase("SELECT -1, (-2), 3 - -4, 5 - 6, a - 7, a = -8", "SELECT ? , ( ? ) , ? - ? , ? - ? , a - ? , a = - ?")]
    [TestCase("SELECT a FROM t WHERE x BETWEEN -1 AND +2", "SELECT a FROM t WHERE x BETWEEN ? AND ?")]
    [TestCase("SELECT a FROM t ORDER BY 2 DESC, a, 1 LIMIT 5", "SELECT a FROM t ORDER BY 2 DESC , a , 1 LIMIT ?")]
    [TestCase("SELECT a FROM t ORDER BY a + 1", "SELECT a FROM t ORDER BY a + ?")]
    [TestCase("SELECT ROW_NUMBER() OVER (PARTITION BY 1 ORDER BY 2) FROM t", "SELECT ROW_NUMBER ( ) OVER ( PARTITION BY 1 ORDER BY 2 ) FROM t")]
    [TestCase("CREATE TABLE t (a INT NOT NULL, b INT NULL DEFAULT NULL)", "CREATE TABLE t ( a INT NOT NULL , b INT NULL DEFAULT ? )")]
    [TestCase("SELECT a FROM t WHERE b IS NULL OR c IS NOT NULL OR d = NULL", "SELECT a FROM t WHERE b IS NULL OR c IS NOT NULL OR d = ?")]
    [TestCase("SELECT TRUE, FALSE", "SELECT TRUE , FALSE")]
    [TestCase("SELECT _utf8mb4'x', N'y', X'0a', b'1', 0x0a, 0b1, 1e3, ?, :id", "SELECT ? , ? , ? , ? , ? , ? , ? , ? , ?")]
    [TestCase("CALL billing.close_month(2026, 11, @closed)", "CALL billing . close_month ( ? , ? , @closed )")]
    [TestCase("UPDATE users_2009 SET v2 = 3", "UPDATE users_2009 SET v2 = ?")]
    [TestCase("SELECT /*+ MAX_EXECUTION_TIME(1000) */ a FROM t", "SELECT /*+ MAX_EXECUTION_TIME(1000) */ a FROM t")]
    public void Template_FoldsLiterals(string sql, string expected) => Assert.That(Template(sql), Is.EqualTo(expected));

    [Test]
    public void TemplateAlgorithmVersion_IsOne() => Assert.That(SqlNormalizer.TemplateAlgorithmVersion, Is.EqualTo(1));
}
