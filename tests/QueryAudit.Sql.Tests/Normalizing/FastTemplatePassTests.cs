using System.Buffers;
using System.Text;
using System.Text.RegularExpressions;
using QueryAudit.Sql.Normalizing;
using QueryAudit.Sql.Splitting;
using QueryAudit.Sql.Tests.Support;

namespace QueryAudit.Sql.Tests.Normalizing;

/// <summary>
/// The fast template pass must take most statements, or its speed is lost to the passes it hands over to. What it
/// writes must be what the splitter's token array and <c>TemplateWriter</c> write. <see cref="FusedTemplatePassTests"/>
/// compares whole scripts on every input. These tests check how many statements the fast pass itself takes, routines and
/// custom delimiters included. They compare it with the splitter on random statements built only from tokens it handles,
/// and on random routines and delimited statements, where it takes most of them.
/// </summary>
public sealed partial class FastTemplatePassTests
{
    private const int Statements = 30_000;

    private const int Routines = 10_000;

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

    /// <summary>A corpus routine: CREATE or ALTER, then PROCEDURE, FUNCTION, TRIGGER or EVENT before any ";".</summary>
    [GeneratedRegex(@"^(CREATE|ALTER)\b[^;]*?\b(PROCEDURE|FUNCTION|TRIGGER|EVENT)\b")]
    private static partial Regex RoutineStart();

    private static int TakenByFastPass(string statement, string delimiter = ";")
    {
        ArrayBufferWriter<char> output = new();
        ScratchBuffers buffers = ScratchBuffers.Rent();
        try
        {
            FormLineWriter writer = new(output, exactForm: false, backslashEscapes: true, buffers, trackLineEnds: false);
            FastTemplatePass.PrepareWordBits(statement, buffers);
            int end = delimiter == ";"
                ? FastTemplatePass.TryWriteStatement(statement, 0, SqlNormalizerOptions.Default, writer, buffers, out _)
                : FastTemplatePass.TryWriteStatement(statement, 0, delimiter, SqlNormalizerOptions.Default, writer, buffers, out _);
            return end > 0 ? 1 : 0;
        }
        finally
        {
            ScratchBuffers.Return(buffers);
        }
    }

    /// <summary>Returns the template the fast pass writes for the statement at the start of the text, or null when it gives up.</summary>
    private static string? FastTemplate(string text, string delimiter, out int end)
    {
        ArrayBufferWriter<char> output = new();
        ScratchBuffers buffers = ScratchBuffers.Rent();
        try
        {
            FormLineWriter writer = new(output, exactForm: false, backslashEscapes: true, buffers, trackLineEnds: false);
            FastTemplatePass.PrepareWordBits(text, buffers);
            end = delimiter == ";"
                ? FastTemplatePass.TryWriteStatement(text, 0, SqlNormalizerOptions.Default, writer, buffers, out _)
                : FastTemplatePass.TryWriteStatement(text, 0, delimiter, SqlNormalizerOptions.Default, writer, buffers, out _);
            return end > 0 ? output.WrittenSpan.ToString() : null;
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
    public void CorpusRoutines_TakenByFastPass()
    {
        // CREATE PROCEDURE with a BEGIN ... END body, CREATE TRIGGER and CREATE EVENT, each ending at a plain ";".
        List<string> routines = StatementCorpus.Lines
            .Select(line => line.Sql)
            .Where(sql => RoutineStart().IsMatch(sql))
            .ToList();
        int fastCount = routines.Sum(sql => TakenByFastPass(sql + ";"));

        Assert.That(routines, Has.Count.EqualTo(75));
        Assert.That(fastCount, Is.EqualTo(routines.Count), $"{fastCount} of {routines.Count}");
    }

    [Test]
    public void CorpusDelimiterScripts_TakenByFastPass()
    {
        // "DELIMITER $$\n<routine>$$\nDELIMITER ;": the splitter reads the two command lines and hands the routine between
        // them to the fast pass, which ends it at the custom delimiter.
        int scripts = 0;
        int fastCount = 0;
        foreach (StatementCorpus.CorpusLine line in StatementCorpus.Lines.Where(line => line.Sql.StartsWith("DELIMITER ", StringComparison.Ordinal)))
        {
            int lineEnd = line.Sql.IndexOf('\n', StringComparison.Ordinal);
            string delimiter = line.Sql["DELIMITER ".Length..lineEnd].Trim();
            string rest = line.Sql[lineEnd..];
            scripts++;
            string? template = FastTemplate(rest, delimiter, out int end);
            if (template is not null)
            {
                fastCount++;
                Assert.That(rest[end..], Is.EqualTo("\nDELIMITER ;"), $"corpus line {line.Number}");
                Assert.That(template, Does.StartWith("CREATE ").And.EndWith(" END\n"), $"corpus line {line.Number}");
            }
        }

        Assert.That(scripts, Is.EqualTo(50));
        Assert.That(fastCount, Is.EqualTo(scripts), $"{fastCount} of {scripts}");
    }

    [Test]
    public void RandomRoutines_MatchTheSplitter()
    {
        Random random = new(20261206);
        int fastCount = 0;
        for (int i = 0; i < Routines; i++)
        {
            string statement = RoutineScripts.Routine(random) + ";";
            fastCount += TakenByFastPass(statement);
            string script = statement + "\nSELECT 1;";
            Assert.That(Write(script, fused: true), Is.EqualTo(Write(script, fused: false)), script);
        }

        // ":name", unterminated text from the random fragments and bodies left open by a stray BEGIN go to the others.
        Assert.That(fastCount, Is.GreaterThan(Routines * 7 / 10), $"{fastCount} of {Routines}");
    }

    [Test]
    public void RandomDelimitedStatements_MatchTheSplitter()
    {
        Random random = new(20261207);
        string[] accepted = RoutineScripts.Delimiters.Where(delimiter => FastTemplatePass.AcceptsDelimiter(delimiter)).ToArray();
        Assert.That(accepted, Has.Length.GreaterThan(10));
        int fastCount = 0;
        for (int i = 0; i < Routines; i++)
        {
            string delimiter = accepted[random.Next(accepted.Length)];
            string statement = RoutineScripts.DelimitedStatement(random, delimiter);
            fastCount += TakenByFastPass(statement + "SELECT 2" + delimiter, delimiter);
            string script = $"DELIMITER {delimiter}\n{statement}SELECT 2{delimiter}\nDELIMITER ;\nSELECT 3;";
            Assert.That(Write(script, fused: true), Is.EqualTo(Write(script, fused: false)), script);
        }

        // Numbers cut by the delimiter and ":name" are left to the others, as are the routines' random fragments.
        Assert.That(fastCount, Is.GreaterThan(Routines * 8 / 10), $"{fastCount} of {Routines}");
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

    [Test]
    public void NumbersOfEveryShape_MatchTheSplitter()
    {
        // A number that makes up a whole word of up to eight digits is read from the word bits, and anything else from the
        // characters. Each comes at the end of the text too, where fewer than eight characters are left to read.
        string[] numbers =
        [
            "0", "7", "12", "1234567", "12345678", "123456789", "0123", "1.5", "12.", "1.5e3", "1e5", "1E+5", "12e", "12abc",
            "1234567a", "12345678a", "0x1F", "0x", "0b101", "0b2", "00", "9$", "1_2", "١٢", "12345678.5",
        ];
        string[] after = ["", ";", " ;", ",1;", ")", ".", ".x;", "e", "abc;", " FROM t;", "/* c */;"];
        foreach (string number in numbers)
        {
            foreach (string tail in after)
            {
                foreach (string head in new[] { "SELECT ", "SELECT a FROM t ORDER BY ", "SELECT -", "VALUES (" })
                {
                    string script = head + number + tail;
                    Assert.That(Write(script, fused: true), Is.EqualTo(Write(script, fused: false)), script);
                }
            }
        }
    }

    [Test]
    public void StringsOfEveryShape_MatchTheSplitter()
    {
        // The end of a quoted literal is found with a search for its quote or a backslash: escapes, doubled quotes, the
        // other quote inside, and literals cut by the end of the text.
        string[] literals =
        [
            "'a'", "''", "'it''s'", "'a\\'b'", "'a\\\\'", "'\\'", "'a\"b'", "\"a'b\"", "\"a\"\"b\"", "'a`b'", "'abc", "'abc\\",
            "'abc\\'", "N'x\\'y'", "n'x'", "X'41'", "x'4''1'", "B'01'", "b'0\\'1'", "_utf8mb4'x\\'y'", "'" + new string('s', 40) + "'",
            "'" + new string('s', 40) + "\\'" + new string('t', 9) + "'", "'名前'", "'\uFFFD'",
        ];
        foreach (string literal in literals)
        {
            foreach (string tail in new[] { "", ";", " ;", ", 'b';", "' x;" })
            {
                string script = "SELECT " + literal + tail;
                Assert.That(Write(script, fused: true), Is.EqualTo(Write(script, fused: false)), script);
            }
        }
    }

    [Test]
    public void ManyStatementsInOneBlock_MatchTheSplitter()
    {
        // The fast pass goes on from statement to statement and hands one it cannot take to the other passes, which
        // hand the rest back: statements of both kinds in every order.
        string[] statements =
        [
            "SELECT a FROM t WHERE id = 1;", "UPDATE t SET x = 'y' WHERE id IN (1, 2);", ";", "  ;", "SELECT :name;", "DELIMITER $$\nSELECT 1$$\nDELIMITER ;\n",
            "CREATE PROCEDURE p() BEGIN SELECT 1; END;", "SELECT 'unclosed", "INSERT INTO t VALUES (1), (2);", "SELECT /*!99999 x */ 1;",
            "SELECT 1 /*! ; */;", "SELECT \\;", "-- only a comment\n", "SELECT x /* unclosed",
        ];
        Random random = new(20261205);
        for (int round = 0; round < 3000; round++)
        {
            string script = string.Concat(Enumerable.Range(0, random.Next(1, 12)).Select(_ => statements[random.Next(statements.Length)] + "\n"));
            Assert.That(Write(script, fused: true), Is.EqualTo(Write(script, fused: false)), script);
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

    [TestCase("BEGIN; SELECT 1;", "BEGIN")]
    [TestCase("CREATE PROCEDURE p() SELECT 1;", "CREATE PROCEDURE p ( ) SELECT ?")]
    [TestCase("BEGIN NOT ATOMIC DECLARE x INT; SET x = 1; END; SELECT 6;", "BEGIN NOT ATOMIC DECLARE x INT ; SET x = ? ; END")]
    [TestCase(
        "CREATE FUNCTION f(a INT) RETURNS INT DETERMINISTIC\nBEGIN\n  IF a < 30 THEN\n    RETURN 0;\n  END IF;\n  RETURN a * 0.17;\nEND;",
        "CREATE FUNCTION f ( a INT ) RETURNS INT DETERMINISTIC BEGIN IF a < ? THEN RETURN ? ; END IF ; RETURN a * ? ; END")]
    [TestCase("lbl: LOOP SELECT 1 ORDER BY 1; LEAVE lbl; END LOOP lbl;", "lbl : LOOP SELECT ? ORDER BY 1 ; LEAVE lbl ; END LOOP lbl")]
    [TestCase(
        "CREATE TRIGGER t BEFORE INSERT ON t FOR EACH ROW BEGIN IF NEW.a IS NULL THEN SET NEW.a = NULL; END IF; END; SELECT 1;",
        "CREATE TRIGGER t BEFORE INSERT ON t FOR EACH ROW BEGIN IF NEW . a IS NULL THEN SET NEW . a = ? ; END IF ; END")]
    [TestCase("SELECT a:b FROM t;", "SELECT a : b FROM t")]
    [TestCase("_utf8'x': BEGIN SELECT 1; END; SELECT 2;", "? : BEGIN SELECT ?")]
    public void FastPass_TakesCompoundBodies(string script, string template)
    {
        Assert.Multiple(() =>
        {
            Assert.That(FastTemplate(script, ";", out _), Is.EqualTo(template + "\n"), "the fast pass must take this statement");
            Assert.That(Write(script, fused: false), Does.Contain($"\n{template}\n"));
            Assert.That(Write(script, fused: true), Is.EqualTo(Write(script, fused: false)));
        });
    }

    [TestCase("SELECT 1 $$", "$$", "SELECT ?", "")]
    [TestCase("CREATE PROCEDURE p() BEGIN SELECT 'a$$b'; END$$ SELECT 2", "$$", "CREATE PROCEDURE p ( ) BEGIN SELECT ? ; END", " SELECT 2")]
    [TestCase("SELECT x$$y", "$$", "SELECT x", "y")]
    [TestCase("SELECT a FROM t ORDER BY 1 //", "//", "SELECT a FROM t ORDER BY 1", "")]
    [TestCase("SELECT a FROM t ORDER BY 1 DESC$$", "$$", "SELECT a FROM t ORDER BY 1 DESC", "")]
    [TestCase("SELECT COUNT$$(1)", "$$", "SELECT COUNT", "(1)")]
    [TestCase("SELECT /* $$ */ `a$$b`, -- $$\n 1;; SELECT 2;;", ";;", "SELECT a$$b , ?", " SELECT 2;;")]
    [TestCase("SELECT 1; SELECT 2;;", ";;", "SELECT ? ; SELECT ?", "")]
    [TestCase("SELECT NULL$$", "$$", "SELECT ?", "")]
    [TestCase("SELECT _utf8 $$", "$$", "SELECT _utf8", "")]
    [TestCase("SELECT 1 */ 2", "*/", "SELECT ?", " 2")]
    [TestCase("SELECT /*!50000 1 */ */", "*/", "SELECT ?", "")]
    [TestCase("SELECT /*+ x */ 1 /", "/", "SELECT /*+ x */ ?", "")]
    public void FastPass_TakesCustomDelimiterStatements(string statement, string delimiter, string template, string rest)
    {
        // Text after the delimiter, so that the delimiter is not too close to the end for the fast pass.
        string text = statement + "\nDELIMITER ;\n";
        string? written = FastTemplate(text, delimiter, out int end);
        string script = $"DELIMITER {delimiter}\n{text}";

        Assert.Multiple(() =>
        {
            Assert.That(written, Is.EqualTo(template + "\n"), "the fast pass must take this statement");
            Assert.That(text[end..], Is.EqualTo(rest + "\nDELIMITER ;\n"));
            Assert.That(Write(script, fused: false), Does.Contain($"\n{template}\n"));
            Assert.That(Write(script, fused: true), Is.EqualTo(Write(script, fused: false)));
        });
    }

    [TestCase("SELECT 1$$", "$$", "SELECT ?")]
    [TestCase("SELECT 12$$", "$$", "SELECT ?")]
    [TestCase("SELECT 0x1F2$$", "2$$", "SELECT ?")]
    [TestCase("SELECT 12abc$$", "$$", "SELECT 12abc")]
    [TestCase("SELECT 12ab$$c", "$$", "SELECT 12ab")]
    public void FastPass_LeavesCutWordsStartingWithDigit(string statement, string delimiter, string template)
    {
        // The part before the delimiter is lexed again, and one that starts with a digit may be a number, so the splitter
        // writes it.
        string text = statement + "\nDELIMITER ;\n";
        string script = $"DELIMITER {delimiter}\n{text}";

        Assert.Multiple(() =>
        {
            Assert.That(TakenByFastPass(text, delimiter), Is.Zero);
            Assert.That(Write(script, fused: false), Does.Contain($"\n{template}\n"));
            Assert.That(Write(script, fused: true), Is.EqualTo(Write(script, fused: false)));
        });
    }

    [TestCase("SELECT 0x1F2;", "F2")]
    [TestCase("SELECT 1.25;", "25")]
    [TestCase("SELECT @a$$b", "$$")]
    [TestCase("SELECT a <=> b", "=>")]
    [TestCase("SELECT _binary 0x41;", "x4")]
    [TestCase("/*! $$ */ SELECT 1$$", "$$")]
    [TestCase("DELIMITER ;\nSELECT 1$$", "$$")]
    [TestCase("SELECT :name$$", "$$")]
    [TestCase("SELECT 1", "$$")]
    [TestCase("SELECT 1$$ SELECT", "$$")]
    public void FastPass_LeavesCustomDelimiterStatements(string text, string delimiter)
    {
        string script = $"DELIMITER {delimiter}\n{text}";

        Assert.That(TakenByFastPass(text, delimiter), Is.Zero);
        Assert.That(Write(script, fused: true), Is.EqualTo(Write(script, fused: false)));
    }

    [TestCase("$$", true)]
    [TestCase("//", true)]
    [TestCase(";;", true)]
    [TestCase("|", true)]
    [TestCase("GO", true)]
    [TestCase("(", false)]
    [TestCase(".", false)]
    [TestCase("'", false)]
    [TestCase("a'b", false)]
    [TestCase("@", false)]
    [TestCase("N", false)]
    [TestCase("@@", true)]
    [TestCase("Nx", true)]
    public void AcceptsDelimiter_RejectsAmbiguousOnes(string delimiter, bool accepted) =>
        Assert.That(FastTemplatePass.AcceptsDelimiter(delimiter), Is.EqualTo(accepted));

    [TestCase("DELIMITER $$\nSELECT 1$$")]
    [TestCase("BEGIN SELECT :name; END;")]
    [TestCase("CREATE PROCEDURE p() BEGIN SELECT 1; END")]
    [TestCase("SELECT 1 /*!40001 ; */;")]
    [TestCase("SELECT 'unterminated;")]
    [TestCase("SELECT :name;")]
    [TestCase("SELECT @'quoted';")]
    [TestCase("SELECT a\uFFFD FROM t;")]
    [TestCase("SELECT 1")]
    public void FastPass_LeavesStatementsToTheOtherPasses(string statement) =>
        Assert.That(TakenByFastPass(statement), Is.Zero);
}
