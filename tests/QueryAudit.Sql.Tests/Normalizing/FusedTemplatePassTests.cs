using System.Buffers;
using System.Reflection;
using System.Text;
using QueryAudit.Sql.Normalizing;
using QueryAudit.Sql.Splitting;
using QueryAudit.Sql.Tests.Support;

namespace QueryAudit.Sql.Tests.Normalizing;

/// <summary>
/// The fused template pass (one lexer pass that writes templates as it splits) must print exactly what the splitter's
/// token array and <c>TemplateWriter.Write</c> print, on every input: the statement corpus as one script and statement by
/// statement, every SQL text of this project's test tables, the edge scripts, random soups of SQL fragments, and random
/// routines and DELIMITER scripts. Exact forms never take the fused pass, which is checked too.
/// </summary>
public sealed class FusedTemplatePassTests
{
    private const int SoupScripts = 20_000;

    private const int RoutineScriptCount = 5_000;

    private static string Write(string script, bool fused, SqlNormalizerOptions? options = null, bool exactForm = false)
    {
        ArrayBufferWriter<char> output = new();
        int count = SqlFingerprint.WriteScript(script, output, exactForm, options, fused);
        return $"{count}\n{output.WrittenSpan}";
    }

    private static string WriteInBlocks(string script, bool fused, int blockChars, SqlNormalizerOptions? options = null)
    {
        ArrayBufferWriter<char> output = new();
        using StringReader reader = new(script);
        int count = SqlFingerprint.WriteScript(reader, output, exactForm: false, options, blockChars, fused);
        return $"{count}\n{output.WrittenSpan}";
    }

    /// <summary>Every string argument of every [TestCase] in this test assembly: the pitfall, template, exact-form, kind, table, lexer and splitter tables.</summary>
    private static IEnumerable<string> TestTableTexts() =>
        typeof(FusedTemplatePassTests).Assembly.GetTypes()
            .SelectMany(type => type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static))
            .SelectMany(method => method.GetCustomAttributes<TestCaseAttribute>())
            .SelectMany(testCase => testCase.Arguments.OfType<string>())
            .Distinct(StringComparer.Ordinal);

    [Test]
    public void Corpus_AsOneScript_FusedMatchesSplitter()
    {
        string script = FingerprintWriterTests.CorpusScript();

        Assert.That(Write(script, fused: true), Is.EqualTo(Write(script, fused: false)));
    }

    [TestCase(7)]
    [TestCase(100)]
    [TestCase(4096)]
    [TestCase(65536)]
    public void Corpus_InBlocks_FusedMatchesSplitter(int blockChars)
    {
        string script = FingerprintWriterTests.CorpusScript();

        Assert.That(WriteInBlocks(script, fused: true, blockChars), Is.EqualTo(WriteInBlocks(script, fused: false, blockChars)));
    }

    [Test]
    public void CorpusStatements_OneByOne_FusedMatchesSplitter()
    {
        foreach (StatementCorpus.CorpusLine line in StatementCorpus.Lines)
        {
            // Each statement alone, with and without the ";" that lets the fused pass take it, and twice in a row.
            foreach (string script in new[] { line.Sql, line.Sql + ";", line.Sql + ";\n" + line.Sql + ";" })
            {
                Assert.That(Write(script, fused: true), Is.EqualTo(Write(script, fused: false)), $"corpus line {line.Number}: {script}");
            }
        }
    }

    [Test]
    public void TestTables_FusedMatchesSplitter()
    {
        List<string> texts = TestTableTexts().ToList();
        Assert.That(texts, Has.Count.GreaterThan(300), "the test tables were not found by reflection");
        foreach (string text in texts.Concat(FingerprintWriterTests.EdgeScripts))
        {
            foreach (string script in new[] { text, text + ";", "SELECT 1; " + text + ";\nSELECT 2;" })
            {
                Assert.That(Write(script, fused: true), Is.EqualTo(Write(script, fused: false)), script);
            }
        }
    }

    [Test]
    public void EdgeScripts_EveryBlockSize_FusedMatchesSplitter()
    {
        foreach (string script in FingerprintWriterTests.EdgeScripts)
        {
            for (int blockChars = 1; blockChars <= script.Length + 1; blockChars++)
            {
                Assert.That(WriteInBlocks(script, fused: true, blockChars), Is.EqualTo(WriteInBlocks(script, fused: false, blockChars)), $"block of {blockChars} characters: {script}");
            }
        }
    }

    [Test]
    public void RandomSoup_FusedMatchesSplitter()
    {
        Random random = new(20261205);
        for (int i = 0; i < SoupScripts; i++)
        {
            // Several soups joined by ";" and line feeds, so that fused statements and splitter hand-overs alternate.
            StringBuilder builder = new();
            int parts = random.Next(1, 6);
            for (int k = 0; k < parts; k++)
            {
                builder.Append(RandomSoupTests.Soup(random)).Append(random.Next(3) == 0 ? ";\n" : ";");
            }

            string script = builder.ToString();
            SqlNormalizerOptions options = new()
            {
                NoBackslashEscapes = random.Next(4) == 0,
                AnsiQuotes = random.Next(4) == 0,
                ServerVersion = random.Next(2) == 0 ? 80032 : 50744,
            };

            Assert.That(Write(script, fused: true, options), Is.EqualTo(Write(script, fused: false, options)), script);
            int blockChars = random.Next(1, script.Length + 2);
            Assert.That(
                WriteInBlocks(script, fused: true, blockChars, options),
                Is.EqualTo(WriteInBlocks(script, fused: false, blockChars, options)),
                $"block of {blockChars} characters: {script}");
        }
    }

    [Test]
    public void RandomRoutineScripts_FusedMatchesSplitter()
    {
        Random random = new(20261208);
        for (int i = 0; i < RoutineScriptCount; i++)
        {
            // Routines ending at ";" between plain statements, then the same with a DELIMITER block.
            StringBuilder builder = new();
            int parts = random.Next(1, 4);
            for (int k = 0; k < parts; k++)
            {
                builder.Append(random.Next(3) == 0 ? "SELECT 1;\n" : RoutineScripts.Routine(random) + ";\n");
            }

            string script = random.Next(2) == 0 ? builder.ToString() : builder + RoutineScripts.DelimiterScript(random);
            Assert.That(Write(script, fused: true), Is.EqualTo(Write(script, fused: false)), script);
            foreach (int blockChars in new[] { random.Next(1, 16), random.Next(16, Math.Max(17, script.Length + 2)) })
            {
                Assert.That(
                    WriteInBlocks(script, fused: true, blockChars),
                    Is.EqualTo(WriteInBlocks(script, fused: false, blockChars)),
                    $"block of {blockChars} characters: {script}");
            }
        }
    }

    [Test]
    public void RandomDelimiterScripts_EveryBlockSize_FusedMatchesSplitter()
    {
        Random random = new(20261209);
        for (int i = 0; i < 40; i++)
        {
            string script = RoutineScripts.DelimiterScript(random);
            for (int blockChars = 1; blockChars <= script.Length + 1; blockChars++)
            {
                Assert.That(
                    WriteInBlocks(script, fused: true, blockChars),
                    Is.EqualTo(WriteInBlocks(script, fused: false, blockChars)),
                    $"block of {blockChars} characters: {script}");
            }
        }
    }

    [TestCase("DELIMITER $$\nSELECT 1$$", 12, "$$")]
    [TestCase("  delimiter //  -- rest\r\nSELECT 1//", 24, "//")]
    [TestCase("DELIMITER ;\nSELECT 1;", 11, ";")]
    public void Splitter_HandsBackAfterDelimiterCommand(string script, int lineEnd, string delimiter)
    {
        (int consumed, bool stopped, int statements, string after) = SplitUntilResumePoint(script, "$$");

        Assert.Multiple(() =>
        {
            Assert.That(stopped, Is.True);
            Assert.That(consumed, Is.EqualTo(lineEnd));
            Assert.That(script[consumed], Is.EqualTo('\n'));
            Assert.That(statements, Is.Zero);
            Assert.That(after, Is.EqualTo(delimiter));
        });
    }

    [Test]
    public void Splitter_HandsBackAfterCustomDelimiter()
    {
        (int consumed, bool stopped, int statements, string after) = SplitUntilResumePoint("SELECT 1; SELECT 2$$ SELECT 3$$", "$$");

        Assert.Multiple(() =>
        {
            Assert.That(stopped, Is.True);
            Assert.That(consumed, Is.EqualTo(20));
            Assert.That(statements, Is.EqualTo(1));
            Assert.That(after, Is.EqualTo("$$"));
        });
    }

    [Test]
    public void Splitter_CommandWithoutLineFeed_DoesNotHandBack()
    {
        // The block may end inside the command's argument, so the splitter reads on and marks no resume point there.
        (int consumed, bool stopped, int statements, string after) = SplitUntilResumePoint("SELECT 0;\nDELIMITER $", ";", final: false);

        Assert.Multiple(() =>
        {
            Assert.That(stopped, Is.True);
            Assert.That(consumed, Is.EqualTo(9));
            Assert.That(statements, Is.EqualTo(1));
            Assert.That(after, Is.EqualTo(";"));
        });
        (consumed, stopped, statements, after) = SplitUntilResumePoint("\nDELIMITER $", ";", final: false);
        Assert.Multiple(() =>
        {
            Assert.That(stopped, Is.False);
            Assert.That(consumed, Is.Zero);
            Assert.That(statements, Is.Zero);
            Assert.That(after, Is.EqualTo(";"));
        });
    }

    private static (int Consumed, bool Stopped, int Statements, string Delimiter) SplitUntilResumePoint(string script, string delimiter, bool final = true)
    {
        ArrayBufferWriter<char> output = new();
        ScratchBuffers buffers = ScratchBuffers.Rent();
        try
        {
            FormLineWriter writer = new(output, exactForm: false, backslashEscapes: true, buffers, trackLineEnds: false);
            int consumed = StatementSplitter.SplitUntilResumePoint(
                script, SqlNormalizerOptions.Default, ref delimiter, startsMidLine: false, final, writer.Handler, buffers, out int statements, out bool stopped);
            return (consumed, stopped, statements, delimiter);
        }
        finally
        {
            ScratchBuffers.Return(buffers);
        }
    }

    [TestCase("DELIMITER $$\nUPDATE t SET a = 5 WHERE id = 42$$\n", "1\nUPDATE t SET a = ? WHERE id = ?\n", "1\nUPDATE t SET a = 5 WHERE id = 42\n")]
    [TestCase("DELIMITER $$\nSELECT 0x1F$$\nSELECT 1.5e$$", "2\nSELECT ?\nSELECT ? e\n", "2\nSELECT 0x1F\nSELECT 1.5 e\n")]
    [TestCase("DELIMITER x\n0x1", "2\n?\n?\n", "2\n0\n1\n")]
    [TestCase("DELIMITER x1\nSELECT 0x1;", "2\nSELECT ?\n;\n", "2\nSELECT 0\n;\n")]
    [TestCase("DELIMITER $$\nSELECT abc$$", "1\nSELECT abc\n", "1\nSELECT abc\n")]
    public void CustomDelimiterInsideToken_PartLexedAgain(string script, string template, string exactForm)
    {
        // The server receives the text up to the delimiter, so the part of a token before it is lexed on its own. The 42
        // of 42$$ is a number, and the 0 of 0x1 cut by "x" is a number, not a cut hexadecimal literal.
        Assert.Multiple(() =>
        {
            Assert.That(Write(script, fused: true), Is.EqualTo(template), "fused template");
            Assert.That(Write(script, fused: false), Is.EqualTo(template), "splitter template");
            Assert.That(Write(script, fused: false, exactForm: true), Is.EqualTo(exactForm), "exact form");
        });
    }

    [Test]
    public void ExactForms_NeverTakeTheFusedPass()
    {
        string script = FingerprintWriterTests.CorpusScript();

        Assert.That(Write(script, fused: true, exactForm: true), Is.EqualTo(Write(script, fused: false, exactForm: true)));
    }
}
