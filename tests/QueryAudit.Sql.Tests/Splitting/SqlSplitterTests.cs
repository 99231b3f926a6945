namespace QueryAudit.Sql.Tests.Splitting;

public sealed class SqlSplitterTests
{
    private static string Texts(IReadOnlyList<SqlStatementText> statements) => string.Join(" | ", statements.Select(s => s.Text));

    [TestCase("SELECT 1; SELECT 2", "SELECT 1 | SELECT 2")]
    [TestCase("SELECT 1;", "SELECT 1")]
    [TestCase(";; SELECT 1 ;  ; ", "SELECT 1")]
    [TestCase("SELECT ';' ; SELECT \";\"", "SELECT ';' | SELECT \";\"")]
    [TestCase("SELECT `a;b` FROM t; SELECT 2", "SELECT `a;b` FROM t | SELECT 2")]
    [TestCase("SELECT 1 /* ; */; SELECT 2 -- ;\n", "SELECT 1 /* ; */ | SELECT 2 -- ;")]
    [TestCase("START TRANSACTION; UPDATE a SET b = 1; COMMIT", "START TRANSACTION | UPDATE a SET b = 1 | COMMIT")]
    [TestCase("BEGIN; SELECT 1; COMMIT", "BEGIN | SELECT 1 | COMMIT")]
    [TestCase("SELECT begin, end FROM t; SELECT 2", "SELECT begin, end FROM t | SELECT 2")]
    [TestCase("SELECT CASE WHEN a THEN 1 END FROM t; SELECT 2", "SELECT CASE WHEN a THEN 1 END FROM t | SELECT 2")]
    [TestCase("SELECT IF(a, 1, 2) FROM t; SELECT 2", "SELECT IF(a, 1, 2) FROM t | SELECT 2")]
    [TestCase("-- only a comment", "")]
    [TestCase("", "")]
    [TestCase("/*!40101 SET a = 1; SET b = 2 */; SELECT 3", "/*!40101 SET a = 1 | SET b = 2 */ | SELECT 3")]
    public void SplitQuery_SplitsAtSemicolons(string text, string expected) =>
        Assert.That(Texts(SqlSplitter.SplitQuery(text)), Is.EqualTo(expected));

    [TestCase("CREATE PROCEDURE p() BEGIN SELECT 1; SELECT 2; END; CALL p()", 2)]
    [TestCase("CREATE PROCEDURE p() BEGIN IF a THEN SELECT 1; ELSE SELECT 2; END IF; END; SELECT 3", 2)]
    [TestCase("CREATE PROCEDURE p() BEGIN l: LOOP LEAVE l; END LOOP l; WHILE x DO SET x = 0; END WHILE; END; SELECT 3", 2)]
    [TestCase("CREATE PROCEDURE p() BEGIN REPEAT SET x = 1; UNTIL x END REPEAT; SET y = REPEAT('a', 2); END; SELECT 3", 2)]
    [TestCase("CREATE PROCEDURE p() BEGIN CASE x WHEN 1 THEN SELECT 1; ELSE SELECT 2; END CASE; END; SELECT 3", 2)]
    [TestCase("CREATE PROCEDURE p() BEGIN SET v = IF(a, 1, 2); SELECT CASE WHEN a THEN 1 END; END; SELECT 3", 2)]
    [TestCase("CREATE TRIGGER t BEFORE INSERT ON x FOR EACH ROW BEGIN SET NEW.a = 1; SET NEW.b = 2; END; SELECT 1", 2)]
    [TestCase("CREATE TRIGGER t BEFORE INSERT ON x FOR EACH ROW SET NEW.a = 1; SELECT 1", 2)]
    [TestCase("CREATE DEFINER=`root`@`%` EVENT e ON SCHEDULE EVERY 1 DAY DO BEGIN DELETE FROM a; DELETE FROM b; END; SELECT 1", 2)]
    [TestCase("BEGIN NOT ATOMIC SELECT 1; SELECT 2; END; SELECT 3", 2)]
    [TestCase("lbl: BEGIN SELECT 1; END; SELECT 2", 2)]
    [TestCase("DROP PROCEDURE IF EXISTS p; CREATE PROCEDURE p() SELECT 1; CALL p()", 3)]
    public void SplitQuery_KeepsCompoundBodiesWhole(string text, int expected) =>
        Assert.That(SqlSplitter.SplitQuery(text), Has.Count.EqualTo(expected));

    [Test]
    public void SplitScript_FollowsDelimiterCommand()
    {
        string script = "DROP PROCEDURE IF EXISTS p;\n\nDELIMITER $$\nCREATE PROCEDURE p()\nBEGIN\n  SELECT 1;\nEND$$\nDELIMITER ;\nCALL p();\n";

        IReadOnlyList<SqlStatementText> statements = SqlSplitter.SplitScript(script);

        Assert.That(statements.Select(s => s.Text), Is.EqualTo(new[]
        {
            "DROP PROCEDURE IF EXISTS p",
            "CREATE PROCEDURE p()\nBEGIN\n  SELECT 1;\nEND",
            "CALL p()",
        }));
        Assert.That(statements.Select(s => s.StartLine), Is.EqualTo(new[] { 1, 4, 9 }));
    }

    [TestCase("delimiter //\nSELECT 1//\nSELECT 2 //\ndelimiter ;\nSELECT 3;", "SELECT 1 | SELECT 2 | SELECT 3")]
    [TestCase("DELIMITER ;;\n/*!50003 CREATE PROCEDURE p() BEGIN SELECT 1; END */;;\nDELIMITER ;", "/*!50003 CREATE PROCEDURE p() BEGIN SELECT 1; END */")]
    [TestCase("DELIMITER $$\nSELECT '$$'$$ SELECT `a$$b`$$", "SELECT '$$' | SELECT `a$$b`")]
    [TestCase("DELIMITER $$\nSELECT 1 -- $$ inside a comment\n$$", "SELECT 1 -- $$ inside a comment")]
    [TestCase("DELIMITER 'x y'\nSELECT 1x y", "SELECT 1")]
    [TestCase("SELECT 1;\n  delimiter $$\nSELECT 2$$", "SELECT 1 | SELECT 2")]
    [TestCase("SELECT delimiter FROM t;", "SELECT delimiter FROM t")]
    public void SplitScript_HandlesDelimiters(string script, string expected) =>
        Assert.That(Texts(SqlSplitter.SplitScript(script)), Is.EqualTo(expected));

    [Test]
    public void SplitScript_KeepsLeadingComments()
    {
        string script = "/* header\nticket: DBCHG-1 */\n-- note\nSELECT 1; -- trailing remark\n-- about two\nSELECT 2;";

        IReadOnlyList<SqlStatementText> statements = SqlSplitter.SplitScript(script);

        Assert.That(statements[0].Text, Is.EqualTo("/* header\nticket: DBCHG-1 */\n-- note\nSELECT 1"));
        Assert.That(statements[0].StartOffset, Is.EqualTo(0));
        Assert.That(statements[0].StartLine, Is.EqualTo(4));
        Assert.That(statements[1].Text, Is.EqualTo("-- about two\nSELECT 2"));
        Assert.That(statements[1].StartLine, Is.EqualTo(6));
        Assert.That(SqlNormalizer.Normalize(statements[0].Text).Tickets, Is.EqualTo(new[] { "DBCHG-1" }));
    }

    [Test]
    public void SplitScript_OffsetsPointIntoInput()
    {
        string script = "SELECT 1;\r\n\r\nUPDATE t SET a = 'x;y';";

        foreach (SqlStatementText statement in SqlSplitter.SplitScript(script))
        {
            Assert.That(script.Substring(statement.StartOffset, statement.Text.Length), Is.EqualTo(statement.Text));
        }
    }

    [Test]
    public void SplitScript_CatalogProcedureKeepsBody()
    {
        string path = Path.Combine(Support.RepositoryPaths.SqlFixtures, "catalog", "migrations", "V003__proc_close_overdue_invoices.sql");

        IReadOnlyList<SqlStatementText> statements = SqlSplitter.SplitScript(File.ReadAllText(path));

        Assert.That(statements, Has.Count.EqualTo(2));
        Assert.That(statements[1].Text, Does.StartWith("CREATE PROCEDURE close_overdue_invoices"));
        Assert.That(statements[1].Text, Does.EndWith("SET p_closed = v_total;\nEND"));
        Assert.That(statements[1].StartLine, Is.EqualTo(14));
    }

    [Test]
    public void SplitScript_UnterminatedStringEndsScript()
    {
        IReadOnlyList<SqlStatementText> statements = SqlSplitter.SplitScript("SELECT 1; SELECT 'abc; SELECT 3;");

        Assert.That(Texts(statements), Is.EqualTo("SELECT 1 | SELECT 'abc; SELECT 3;"));
    }
}
