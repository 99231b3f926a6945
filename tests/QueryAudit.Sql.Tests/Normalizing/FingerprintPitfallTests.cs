namespace QueryAudit.Sql.Tests.Normalizing;

/// <summary>
/// Known wrong merges and splits of pt-fingerprint 3.2.1, MySQL's statement digest and other fingerprinters, in both
/// directions: pairs whose templates must be equal, pairs whose templates must differ, and the same for exact forms.
/// </summary>
public sealed class FingerprintPitfallTests
{
    private static NormalizedStatement Normalize(string sql) => SqlNormalizer.Normalize(sql);

    // Statements that differ only in literal values share a template.
    [TestCase("SELECT id FROM orders WHERE id IN (1,2)", "SELECT id FROM orders WHERE id IN (1,2,3)")]
    [TestCase("SELECT id FROM orders WHERE id IN (7)", "SELECT id FROM orders WHERE id IN (1,2,3)")]
    [TestCase("SELECT b FROM t WHERE b IN (_binary'a')", "SELECT b FROM t WHERE b IN (_binary'a',_binary'b')")]
    [TestCase("SELECT 1 FROM t WHERE (a, b) IN ((1, 2), (3, 4))", "SELECT 1 FROM t WHERE (a, b) IN ((5, 6))")]
    [TestCase("INSERT INTO t (a, b) VALUES (1,'a')", "INSERT INTO t (a, b) VALUES (1,'a'),(2,'b')")]
    [TestCase("INSERT INTO t VALUES (0x0A)", "INSERT INTO t VALUES (0x0B)")]
    [TestCase("SELECT a FROM t ORDER BY FIELD(a,1,2)", "SELECT a FROM t ORDER BY FIELD(a,3,4)")]
    [TestCase("SELECT a,b FROM t", "SELECT a, b FROM t")]
    [TestCase(@"SELECT 1 FROM t WHERE k = 'ab\\' AND x = 'c'", "SELECT 1 FROM t WHERE k = 'zz' AND x = 'd'")]
    [TestCase("SELECT 1 FROM t WHERE name = 'O''Brien'", "SELECT 1 FROM t WHERE name = 'Smith'")]
    [TestCase("SELECT a FROM t WHERE x = 1 -- trailing", "SELECT a FROM t WHERE x = 2")]
    [TestCase("SELECT id FROM blobs WHERE tag = 0x79910E", "SELECT id FROM blobs WHERE tag = 0xABCDEF")]
    [TestCase("SELECT id FROM blobs WHERE tag = X'FF'", "SELECT id FROM blobs WHERE tag = x'00'")]
    [TestCase("SELECT id FROM r WHERE v BETWEEN 2.6E+10 AND 1", "SELECT id FROM r WHERE v BETWEEN 3.1e-5 AND 2")]
    [TestCase("SELECT _utf8mb4'x' COLLATE utf8mb4_bin", "SELECT _utf8mb4'yy' COLLATE utf8mb4_bin")]
    [TestCase("SELECT 1 FROM t WHERE x = (-5)", "SELECT 1 FROM t WHERE x = (5)")]
    [TestCase("SELECT 1 FROM t WHERE x IN (-1, 2)", "SELECT 1 FROM t WHERE x IN (3, 4)")]
    [TestCase("SELECT 1 FROM t WHERE x BETWEEN -1 AND 5", "SELECT 1 FROM t WHERE x BETWEEN 0 AND 5")]
    [TestCase("SELECT a FROM t LIMIT 10 OFFSET 0", "SELECT a FROM t LIMIT 20 OFFSET 40")]
    [TestCase("SELECT `a` FROM `t`", "select a from t")]
    [TestCase(
        "INSERT INTO orders (id, status) VALUES (1,'A'),(2,'B') ON DUPLICATE KEY UPDATE status = VALUES(status)",
        "INSERT INTO orders (id, status) VALUES (3,'C') ON DUPLICATE KEY UPDATE status = VALUES(status)")]
    [TestCase("SET GLOBAL max_connections = 179", "SET GLOBAL max_connections = 200")]
    [TestCase("CALL p(1)", "CALL p(999)")]
    [TestCase("GRANT SELECT ON db.* TO 'bob'@'%'", "GRANT SELECT ON db.* TO 'eve'@'10.0.0.1'")]
    [TestCase("CREATE USER 'a'@'%' IDENTIFIED BY 'pw1'", "CREATE USER 'b'@'%' IDENTIFIED BY 'pw2'")]
    [TestCase("SELECT 1 FROM t WHERE v1 = x'31' AND v2 = 31", "SELECT 1 FROM t WHERE v1 = x'32' AND v2 = 32")]
    [TestCase("SELECT a FROM t WHERE b = NULL", "SELECT a FROM t WHERE b = 5")]

    // 5--1 is 5 - (-1): the sign folds into the literal as in MySQL's digest, so only the values differ.
    [TestCase("DELETE FROM accounts WHERE id = 5--1", "DELETE FROM accounts WHERE id = 5-1")]
    public void Templates_Merge(string first, string second)
    {
        Assert.That(Normalize(first).Template, Is.EqualTo(Normalize(second).Template));
        Assert.That(Normalize(first).TemplateHash, Is.EqualTo(Normalize(second).TemplateHash));
    }

    // Statements that do different things keep different templates (pt-fingerprint merges most of these).
    [TestCase("DELETE FROM accounts WHERE id = 5--1 OR 1=1", "DELETE FROM accounts WHERE id = 5")]
    [TestCase("UPDATE accounts SET balance = balance - 26 WHERE id = 1", "UPDATE accounts SET balance = balance + 87 WHERE id = 1")]
    [TestCase(
        "INSERT INTO orders (id, status) VALUES (1,'A'),(2,'B') ON DUPLICATE KEY UPDATE status = VALUES(status)",
        "INSERT INTO orders (id, status) VALUES (1,'A'),(2,'B')")]
    [TestCase("DROP TABLE orders_2023", "DROP TABLE orders_2024")]
    [TestCase("SELECT * FROM sensor_17", "SELECT * FROM sensor_18")]
    [TestCase("SELECT * FROM Users", "SELECT * FROM users")]
    [TestCase("SELECT utf8mb4_col FROM t", "SELECT utf16_col FROM t")]
    [TestCase("CALL p(1)", "CALL q(1)")]
    [TestCase("CALL db_14.p_5()", "CALL db_15.p_6()")]
    [TestCase("/*x.y:1/1*/ DELETE FROM t WHERE id = 1", "/*a.b:2/2*/ SELECT 1")]
    [TestCase("SELECT '/*', secret, '*/' FROM t", "SELECT 'x' FROM t")]
    [TestCase("SELECT balance--37 FROM t", "SELECT balance FROM t")]
    [TestCase("SELECT a FROM t ORDER BY name, ascii_code ASC", "SELECT a FROM t ORDER BY name, code")]
    [TestCase("SELECT a FROM t ORDER BY 1", "SELECT a FROM t ORDER BY 2")]
    [TestCase("SELECT a, COUNT(*) FROM t GROUP BY 1", "SELECT a, COUNT(*) FROM t GROUP BY 2")]
    [TestCase("CREATE PROCEDURE p() BEGIN DELETE FROM t; END", "CREATE PROCEDURE p() BEGIN SELECT 1; END")]
    [TestCase("UPDATE t SET a = 1 WHERE b = 2", "UPDATE t SET a = 1 WHERE b = 2 LIMIT 1")]
    [TestCase("INSERT INTO t (a) VALUES (1)", "REPLACE INTO t (a) VALUES (1)")]
    [TestCase("SELECT a FROM t WHERE id IN (1,2)", "SELECT a FROM t WHERE id NOT IN (1,2)")]
    [TestCase("SELECT a FROM t WHERE b IS NULL", "SELECT a FROM t WHERE b = NULL")]
    [TestCase("SELECT a FROM t WHERE b IS NOT NULL", "SELECT a FROM t WHERE b IS NULL")]
    [TestCase("SET autocommit = TRUE", "SET autocommit = FALSE")]
    [TestCase("SELECT 1 UNION SELECT 2", "SELECT 1 UNION ALL SELECT 2")]
    [TestCase("SELECT /*+ BKA(t1) */ a FROM t1", "SELECT a FROM t1")]
    [TestCase("SELECT a FROM t WHERE x IN (1, y)", "SELECT a FROM t WHERE x IN (1, 2)")]
    [TestCase("INSERT INTO t (a, b) VALUES (1, NOW())", "INSERT INTO t (a, b) VALUES (1, 2)")]
    [TestCase("SELECT 1 FROM t WHERE a = -1", "SELECT 1 FROM t WHERE a = 1")]
    [TestCase("SELECT ascii_code FROM t ORDER BY x ASC", "SELECT ascii_code FROM t ORDER BY x DESC")]
    [TestCase("DELETE FROM t WHERE a = 1 /* x */ OR 1=1", "DELETE FROM t WHERE a = 1")]
    public void Templates_Differ(string first, string second) =>
        Assert.That(Normalize(first).Template, Is.Not.EqualTo(Normalize(second).Template));

    [Test]
    public void LongStatements_DifferingAtEnd_Differ()
    {
        string columns = string.Join(", ", Enumerable.Range(1, 400).Select(i => $"column_{i}"));
        string first = $"INSERT INTO archive SELECT {columns} FROM orders WHERE region_a = 1";
        string second = $"INSERT INTO archive SELECT {columns} FROM orders WHERE region_b = 1";

        Assert.That(Normalize(first).Template, Is.Not.EqualTo(Normalize(second).Template));
    }

    // The same SQL with the same values has one exact form, however it is spelled.
    [TestCase(@"UPDATE t SET n = 'O\'Brien'", "UPDATE t SET n = 'O''Brien'")]
    [TestCase("UPDATE t SET n = \"O'Brien\"", "UPDATE t SET n = 'O''Brien'")]
    [TestCase("select a from t where b = 1", "SELECT  a\nFROM t\tWHERE b=1;")]
    [TestCase("SELECT `a` FROM `db`.`t`", "SELECT a FROM db.t")]
    [TestCase("/* ticket OPS-1 */ DELETE FROM t WHERE id = 1 -- done", "DELETE FROM t WHERE id = 1")]
    [TestCase("/*!40101 SET NAMES utf8 */", "SET NAMES utf8")]
    [TestCase("SELECT X'ff'", "SELECT x'FF'")]
    [TestCase("SELECT t.count FROM t", "SELECT t.`count` FROM t")]
    [TestCase("SELECT NOW()", "select now ( )")]
    [TestCase("SELECT 'a\\%'", "SELECT 'a\\\\%'")]
    [TestCase("SELECT @x", "SELECT @X")]
    public void ExactForms_Merge(string first, string second) =>
        Assert.That(Normalize(first).ExactHash, Is.EqualTo(Normalize(second).ExactHash));

    // Different values or different objects keep different exact forms.
    [TestCase("UPDATE t SET a = 1 WHERE id = 5", "UPDATE t SET a = 1 WHERE id = 6")]
    [TestCase("SELECT * FROM Users", "SELECT * FROM users")]
    [TestCase("SELECT 1.0", "SELECT 1.00")]
    [TestCase("SELECT 'a'", "SELECT 'A'")]
    [TestCase(@"SELECT 'a\nb'", @"SELECT 'a\\nb'")]
    [TestCase("SELECT /*+ BKA(t) */ a FROM t", "SELECT a FROM t")]
    [TestCase("SELECT 5--1", "SELECT 5-1")]
    [TestCase("GRANT SELECT ON db.* TO 'bob'@'%'", "GRANT SELECT ON db.* TO 'eve'@'%'")]
    [TestCase("CALL p(1)", "CALL p(999)")]
    [TestCase("SELECT 'x'", "SELECT _utf8mb4'x'")]
    [TestCase("SELECT 0x41", "SELECT X'41'")]
    [TestCase("SELECT `a b`", "SELECT `a  b`")]
    [TestCase("SELECT 'a  b'", "SELECT 'a b'")]
    public void ExactForms_Differ(string first, string second) =>
        Assert.That(Normalize(first).ExactHash, Is.Not.EqualTo(Normalize(second).ExactHash));
}
