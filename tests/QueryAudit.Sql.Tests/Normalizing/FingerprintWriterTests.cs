using System.Buffers;
using System.Text;
using QueryAudit.Sql.Tests.Support;

namespace QueryAudit.Sql.Tests.Normalizing;

/// <summary>
/// <see cref="SqlFingerprint"/> lexes a script once and writes each statement's form from the splitter's tokens, while
/// the approval path splits into strings and normalises each one again. Both must print the same forms, and reading
/// the script block by block must print what reading it whole prints, wherever the blocks end.
/// </summary>
public sealed class FingerprintWriterTests
{
    internal static readonly string[] EdgeScripts =
    [
        "DROP PROCEDURE IF EXISTS p;\nDELIMITER $$\nCREATE PROCEDURE p() BEGIN SELECT 1; END$$\nDELIMITER ;\nCALL p(7);\n",
        "DELIMITER //\nSELECT 1//SELECT '//'//\nDELIMITER ;\nSELECT 2;",
        "/*!40101 SET @a = 1; SET @b = 2 */; SELECT 3; /*!99999 SELECT 4; */ SELECT 5;",
        "SELECT 1; DELIMITER $$\nSELECT 2;",
        "SELECT 1;-- comment; with a semicolon\nSELECT 2 -- last",
        "UPDATE t SET a = 'x;y' WHERE b = \"z;\";\r\nSELECT `a;b` FROM t;\r\n",
        "INSERT INTO t VALUES ('😀;'), ('名前');SELECT 0x1F;SELECT 1e+5;",
        "BEGIN NOT ATOMIC DECLARE x INT; SET x = 1; END; SELECT 6;",
        "SELECT 'unterminated; SELECT 7;",
        "SELECT 8 /* unterminated; comment",
        ";;; SELECT 9;;",
        "DELIMITER -\nSELECT 1--\nSELECT 2-\nSELECT 3-- c\n-SELECT 1e-5-\n",
        "DELIMITER /\nSELECT 1/* c */ SELECT 2/\nSELECT /*!50000 3 */ 4/\nDELIMITER 5\n/*!50000 SELECT 6 */5 /*!5 7 */5\n",
        "SELECT /*!40001 SQL_NO_CACHE */ id FROM t WHERE id IN (1, 2);/*!50001 CREATE ALGORITHM=UNDEFINED */ /*!50013 DEFINER=`root`@`localhost` */ /*!50001 VIEW v AS SELECT -1 */;\n/*! BEGIN */; SELECT 4 /*!, 5 */;",
    ];

    internal static string CorpusScript() =>
        string.Concat(StatementCorpus.Lines.Select(line => line.Sql.TrimEnd().EndsWith("DELIMITER ;", StringComparison.Ordinal) ? line.Sql + "\n" : line.Sql + ";\n"));

    private static string WriteWhole(string script, bool exactForm)
    {
        ArrayBufferWriter<char> output = new();
        SqlFingerprint.WriteScript(script, output, exactForm);
        return output.WrittenSpan.ToString();
    }

    private static string WriteInBlocks(string script, bool exactForm, int blockChars, out int count)
    {
        ArrayBufferWriter<char> output = new();
        using StringReader reader = new(script);
        count = SqlFingerprint.WriteScript(reader, output, exactForm, null, blockChars);
        return output.WrittenSpan.ToString();
    }

    [TestCase(false, 7)]
    [TestCase(false, 100)]
    [TestCase(false, 4096)]
    [TestCase(true, 100)]
    public void Corpus_BlocksMatchWholeScript(bool exactForm, int blockChars)
    {
        string script = CorpusScript();
        ArrayBufferWriter<char> whole = new();
        int expectedCount = SqlFingerprint.WriteScript(script, whole, exactForm);

        string written = WriteInBlocks(script, exactForm, blockChars, out int count);

        Assert.That(count, Is.EqualTo(expectedCount));
        Assert.That(written, Is.EqualTo(whole.WrittenSpan.ToString()));
    }

    [Test]
    public void EdgeScripts_BlocksMatchWholeScript()
    {
        foreach (string script in EdgeScripts)
        {
            string expected = WriteWhole(script, exactForm: false);
            for (int blockChars = 1; blockChars <= script.Length + 1; blockChars++)
            {
                string written = WriteInBlocks(script, exactForm: false, blockChars, out _);
                Assert.That(written, Is.EqualTo(expected), $"block of {blockChars} characters: {script}");
            }
        }
    }

    [TestCase(false, 100, 7)]
    [TestCase(false, 4096, 1000)]
    [TestCase(true, 100, 13)]
    public void Corpus_StreamingMatchesWholeScript(bool exactForm, int blockChars, int seed)
    {
        // Streaming splits each read's text at once: a block that is not full and holds no statement's end is read on
        // without growing, and a statement longer than the block grows it as before.
        string script = CorpusScript();
        ArrayBufferWriter<char> whole = new();
        int expectedCount = SqlFingerprint.WriteScript(script, whole, exactForm);
        ArrayBufferWriter<char> output = new();
        using ChunkedReader reader = new(script, new Random(seed), maxChunk: 300);

        int count = SqlFingerprint.WriteScript(reader, output, exactForm, null, blockChars, fusedPass: true, streaming: true);

        Assert.That(count, Is.EqualTo(expectedCount));
        Assert.That(output.WrittenSpan.ToString(), Is.EqualTo(whole.WrittenSpan.ToString()));
    }

    [Test]
    public void EdgeScripts_StreamingMatchesWholeScript()
    {
        foreach (string script in EdgeScripts)
        {
            string expected = WriteWhole(script, exactForm: false);
            for (int seed = 0; seed < 50; seed++)
            {
                ArrayBufferWriter<char> output = new();
                using ChunkedReader reader = new(script, new Random(seed), maxChunk: 5);
                SqlFingerprint.WriteScript(reader, output, exactForm: false, null, blockChars: 16, fusedPass: true, streaming: true);
                Assert.That(output.WrittenSpan.ToString(), Is.EqualTo(expected), $"seed {seed}: {script}");
            }
        }
    }

    [TestCase(1)]
    [TestCase(50)]
    [TestCase(65536)]
    public void Lines_BlocksMatchPerLineForms(int blockChars)
    {
        string text = string.Concat(StatementCorpus.Lines.Take(500).Select(line => line.Sql.Replace("\n", " ", StringComparison.Ordinal) + "\r\n")) + "\n  \nSELECT 1";
        ArrayBufferWriter<char> expected = new();
        foreach (string line in text.Split('\n'))
        {
            string trimmed = line.TrimEnd('\r');
            if (!string.IsNullOrWhiteSpace(trimmed))
            {
                SqlFingerprint.WriteStatement(trimmed, expected, exactForm: true);
            }
        }

        ArrayBufferWriter<char> output = new();
        using StringReader reader = new(text);
        SqlFingerprint.WriteLines(reader, output, exactForm: true, null, blockChars);
        ArrayBufferWriter<char> streamed = new();
        using ChunkedReader chunks = new(text, new Random(blockChars), maxChunk: 40);
        SqlFingerprint.WriteLines(chunks, streamed, exactForm: true, null, blockChars, streaming: true);

        Assert.That(output.WrittenSpan.ToString(), Is.EqualTo(expected.WrittenSpan.ToString()));
        Assert.That(streamed.WrittenSpan.ToString(), Is.EqualTo(expected.WrittenSpan.ToString()));
    }

    /// <summary>A reader of a string that returns at most a random 1 to maxChunk characters per read, as a pipe may.</summary>
    private sealed class ChunkedReader(string text, Random random, int maxChunk) : TextReader
    {
        private int position;

        public override int Read(char[] buffer, int index, int count)
        {
            int length = Math.Min(Math.Min(count, random.Next(1, maxChunk + 1)), text.Length - position);
            text.CopyTo(position, buffer, index, length);
            position += length;
            return length;
        }
    }

    [TestCase(false)]
    [TestCase(true)]
    public void WriteScript_MatchesPerStatementForms(bool exactForm)
    {
        string script = CorpusScript();
        ArrayBufferWriter<char> output = new();

        int count = SqlFingerprint.WriteScript(script, output, exactForm);

        // Exact forms may contain line feeds inside string literals, so the output is compared whole, not line by line.
        string[] expected = SqlSplitter.SplitScript(script)
            .Select(statement => exactForm ? SqlNormalizer.GetExactForm(statement.Text) : SqlNormalizer.GetTemplate(statement.Text))
            .ToArray();
        Assert.That(count, Is.EqualTo(expected.Length));
        Assert.That(output.WrittenSpan.ToString(), Is.EqualTo(string.Concat(expected.Select(form => form + "\n"))));
    }

    private static byte[] WriteUtf8InBlocks(string script, bool exactForm, int blockChars, out int count)
    {
        ArrayBufferWriter<byte> output = new();
        using StringReader reader = new(script);
        count = SqlFingerprint.WriteScript(reader, output, exactForm, null, blockChars);
        return output.WrittenSpan.ToArray();
    }

    [TestCase(false, 7)]
    [TestCase(false, 100)]
    [TestCase(false, 65536)]
    [TestCase(true, 100)]
    [TestCase(true, 65536)]
    public void Utf8Output_CorpusMatchesCharacters(bool exactForm, int blockChars)
    {
        string script = CorpusScript();
        string expected = WriteInBlocks(script, exactForm, blockChars, out int expectedCount);

        byte[] written = WriteUtf8InBlocks(script, exactForm, blockChars, out int count);

        Assert.That(count, Is.EqualTo(expectedCount));
        Assert.That(written, Is.EqualTo(Encoding.UTF8.GetBytes(expected)));
    }

    [Test]
    public void Utf8Output_EdgeScriptsMatchCharacters()
    {
        // Lone surrogates become U+FFFD as Encoding.UTF8 writes them, also at the end of a line and of the script.
        string[] scripts = [.. EdgeScripts, "SELECT '\uD800' FROM t; SELECT `\uDC00x`;\nSELECT `a\uD83D`;SELECT 1 \uD83D"];
        foreach (bool exactForm in new[] { false, true })
        {
            foreach (string script in scripts)
            {
                for (int blockChars = 1; blockChars <= script.Length + 1; blockChars++)
                {
                    string expected = WriteInBlocks(script, exactForm, blockChars, out _);
                    byte[] written = WriteUtf8InBlocks(script, exactForm, blockChars, out _);
                    Assert.That(written, Is.EqualTo(Encoding.UTF8.GetBytes(expected)), $"exact form {exactForm}, block of {blockChars} characters: {script}");
                }
            }
        }
    }

    [Test]
    public void AsciiNarrowing_EveryLengthAndPosition()
    {
        for (int length = 0; length <= 70; length++)
        {
            char[] text = [.. Enumerable.Range(0, length).Select(i => (char)(' ' + (i % 95)))];
            byte[] bytes = new byte[length];

            Assert.That(AsciiNarrowing.TryNarrow(text, bytes), Is.True, $"length {length}");
            Assert.That(bytes, Is.EqualTo(Encoding.ASCII.GetBytes(text)), $"length {length}");

            for (int position = 0; position < length; position++)
            {
                foreach (char other in new[] { '\u0080', '\u00E9', '\u3042', '\uD83D', '\uFF80' })
                {
                    char[] mixed = [.. text];
                    mixed[position] = other;
                    Assert.That(AsciiNarrowing.TryNarrow(mixed, new byte[length]), Is.False, $"length {length}, U+{(int)other:X4} at {position}");
                }
            }
        }
    }
}
