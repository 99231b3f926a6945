using System.Buffers;
using System.Text;
using QueryAudit.Sql.Normalizing;
using QueryAudit.Sql.Splitting;
using QueryAudit.Sql.Tests.Support;

namespace QueryAudit.Sql.Tests.Normalizing;

/// <summary>
/// The fast template pass must take most statements, or its speed is lost to the passes it hands over to. What it
/// writes must be what the splitter's token array and <c>TemplateWriter</c> write. <see cref="FusedTemplatePassTests"/>
/// compares whole scripts on every input. These tests check how many statements the fast pass itself takes, and compare
/// it on random statements built only from tokens it handles, where it takes most of them.
/// </summary>
public sealed class FastTemplatePassTests
{
    private const int Statements = 30_000;

    /// <summary>Tokens the fast pass handles, with some whitespace and comments of their own.</summary>
    private static readonly string[] Fragments =
    [
        "SELECT", "select", "INSERT", "INTO", "VALUES", "VALUE", "UPDATE", "SET", "DELETE", "FROM", "WHERE", "IN", "NOT",
        "NULL", "null", "IS", "AND", "OR", "BETWEEN", "LIKE", "ORDER", "BY", "GROUP", "PARTITION", "LIMIT", "ASC", "DESC",
        "COUNT", "count", "NOW", "status", "STATUS", "value", "t", "orders", "customer_id", "a_very_long_column_name",
        "CURRENT_TIMESTAMP", "SQL_CALC_FOUND_ROWS", "`t`", "`order`", "`status`", "`a``b`", "`1x`", "`名前`", "名前", "x1",
        "1abc", "0x1g", "$d", "a.b", "t.`c`", "`s`.t", "1", "42", "-1", "+2", "3.14", ".5", "1e5", "2.5E-3", "1e", "0xFF",
        "0b101", "X'0A'", "x'ff'", "b'01'", "N'n'", "'s'", "'it''s'", "'a\\'b'", "\"d\"", "_utf8mb4'x'", "_binary 0x41",
        "_latin1\"y\"", "_utf8", "_binary", "_col", "?", "@v", "@@session.sql_mode", "@@GLOBAL.x", "'u'@'h'", "u@h", ":=", "->", "->>", "<=>",
        "||", "&&", "-", "+", "*", "/", "%", "=", "<>", "!=", "<", "<=", ">", ">=", "<<", ">>", "!", "~", "^", "|", "&", "(",
        ")", ",", ".", "/* c */", "/*!40101 SQL_NO_CACHE */", "/*!99999 skipped */", "/*!", "*/", "/*+ BKA(t) */",
        "-- note\n", "#note\n", "\n", " ", "\t",
    ];

    /// <summary>What goes between two fragments: mostly a space or nothing, often a comment or an executable comment's edge.</summary>
    private static readonly string[] Separators =
    [
        " ", " ", " ", " ", "", "", "\n", "\t", "/* c */", "/*!", "/*!50000 ", "/*!99999 x */", "*/", " */ ", "-- c\n", "#c\n",
    ];

    private static int TakenByFastPass(string statement)
    {
        ArrayBufferWriter<char> output = new();
        ScratchBuffers buffers = ScratchBuffers.Rent();
        try
        {
            FormLineWriter writer = new(output, exactForm: false, backslashEscapes: true, buffers, trackLineEnds: false);
            return FastTemplatePass.TryWriteStatement(statement, SqlNormalizerOptions.Default, writer, buffers, out _) > 0 ? 1 : 0;
        }
        finally
        {
            ScratchBuffers.Return(buffers);
        }
    }

    private static string Write(string script, bool fused)
    {
        ArrayBufferWriter<char> output = new();
        int count = SqlFingerprint.WriteScript(script, output, exactForm: false, options: null, fused);
        return $"{count}\n{output.WrittenSpan}";
    }

    [Test]
    public void Corpus_FastPassTakesNineInTenStatements()
    {
        // The statements it leaves are routines, DELIMITER scripts and text that a comment runs to the end of.
        int fastCount = StatementCorpus.Lines.Sum(line => TakenByFastPass(line.Sql + ";"));

        Assert.That(fastCount, Is.GreaterThan(StatementCorpus.Lines.Count * 9 / 10), $"{fastCount} of {StatementCorpus.Lines.Count}");
    }

    [Test]
    public void RandomStatements_MatchTheSplitter()
    {
        Random random = new(20261205);
        int fastCount = 0;
        for (int i = 0; i < Statements; i++)
        {
            StringBuilder builder = new();
            int count = random.Next(1, 30);
            for (int k = 0; k < count; k++)
            {
                builder.Append(Fragments[random.Next(Fragments.Length)]).Append(Separators[random.Next(Separators.Length)]);
            }

            string statement = builder.Append(';').ToString();
            fastCount += TakenByFastPass(statement);
            string script = statement + "\nSELECT 1;";
            Assert.That(Write(script, fused: true), Is.EqualTo(Write(script, fused: false)), script);
        }

        // Unclosed executable comments, "*/" outside one and the first-word rules leave some to the other passes.
        Assert.That(fastCount, Is.GreaterThan(Statements / 2), $"{fastCount} of {Statements}");
    }

    [Test]
    public void DenseStatements_FitTheRoomReservedUpFront()
    {
        // The pass reserves three characters of template per character of text and then checks for room only where a
        // vector store could pass the end. Statements of one-character tokens with nothing between them, literal IN
        // lists and hints come closest to that bound: it must hold, and the template must match the splitter's.
        string[] dense = ["IN(1)", "in(?)", "IN(1,2)", "(", ")", "1", "?", ",", "+", "-", "a", ".", "=", "'s'", "x", "*", "/*+a b c*/", "@v", "0"];
        Random random = new(20261205);
        for (int i = 0; i < 20_000; i++)
        {
            StringBuilder builder = new();
            int count = random.Next(1, 60);
            for (int k = 0; k < count; k++)
            {
                builder.Append(dense[random.Next(dense.Length)]);
                if (random.Next(8) == 0)
                {
                    builder.Append(' ');
                }
            }

            string statement = builder.Append(';').ToString();
            string fused = Write(statement, fused: true);
            Assert.That(fused, Is.EqualTo(Write(statement, fused: false)), statement);
            Assert.That(fused.Length - fused.IndexOf('\n') - 2, Is.LessThanOrEqualTo(3 * statement.Length), statement);
        }
    }

    [TestCase("SELECT a FROM t WHERE x = 1 -- trailing;\nAND y = 2;", "SELECT a FROM t WHERE x = ? AND y = ?")]
    [TestCase("SELECT /*!40001 SQL_NO_CACHE */ * FROM t;", "SELECT SQL_NO_CACHE * FROM t")]
    [TestCase("SELECT _utf8mb4'x' COLLATE utf8mb4_bin, @@SESSION.Sql_Mode, @Rank := 1;", "SELECT ? COLLATE utf8mb4_bin , @@session.sql_mode , @rank := ?")]
    [TestCase("SELECT `名前`, `order` FROM `受注` WHERE id IN (1, 2, 3) ORDER BY 2 DESC;", "SELECT 名前 , `order` FROM 受注 WHERE id IN ( ... ) ORDER BY 2 DESC")]
    [TestCase("INSERT INTO t VALUES (1, 'a'), (2, 'b'), (3, NULL);", "INSERT INTO t VALUES ( ? , ? )")]
    [TestCase("SELECT /*+ BKA(t)   NO_ICP(t) */ count(*), count FROM t WHERE a = -1;", "SELECT /*+ BKA(t) NO_ICP(t) */ COUNT ( * ) , count FROM t WHERE a = - ?")]
    public void FastPass_WritesTheTemplate(string statement, string template)
    {
        Assert.Multiple(() =>
        {
            Assert.That(TakenByFastPass(statement), Is.EqualTo(1), "the fast pass must take this statement");
            Assert.That(Write(statement, fused: true), Is.EqualTo($"1\n{template}\n"));
            Assert.That(Write(statement, fused: false), Is.EqualTo($"1\n{template}\n"));
        });
    }

    [TestCase("_utf8/*!''*/;")]
    [TestCase("SELECT /*!_utf8*/'x' */;")]
    [TestCase("SELECT _binary /*!50000 0x41 */ ;")]
    [TestCase("INSERT INTO t VALUES (_utf8mb4 /*! 'a' */, 1);")]
    [TestCase("_utf8 /*! 'x'; SELECT 1 */;")]
    [TestCase("SELECT _latin1 /* c */ X'41', _utf8 -- c\n'y';")]
    public void IntroducerAcrossComments_MatchesSplitter(string script)
    {
        // An executable comment that opens between an introducer and its literal stays open after the literal.
        string twice = script + "\n" + script;

        Assert.That(Write(twice, fused: true), Is.EqualTo(Write(twice, fused: false)));
    }

    [TestCase("DELIMITER $$\nSELECT 1$$")]
    [TestCase("BEGIN; SELECT 1;")]
    [TestCase("CREATE PROCEDURE p() SELECT 1;")]
    [TestCase("SELECT 1 /*!40001 ; */;")]
    [TestCase("SELECT 'unterminated;")]
    [TestCase("SELECT :name;")]
    [TestCase("SELECT @'quoted';")]
    [TestCase("SELECT a\uFFFD FROM t;")]
    [TestCase("SELECT 1")]
    public void FastPass_LeavesStatementsToTheOtherPasses(string statement) =>
        Assert.That(TakenByFastPass(statement), Is.Zero);
}
