using System.Buffers;
using QueryAudit.Sql.Tests.Support;

namespace QueryAudit.Sql.Tests.Normalizing;

/// <summary>
/// <see cref="SqlFingerprint"/> lexes a script once and writes each statement's form from the splitter's tokens, while
/// the approval path splits into strings and normalises each one again. Both must print the same forms.
/// </summary>
public sealed class FingerprintWriterTests
{
    [TestCase(false)]
    [TestCase(true)]
    public void WriteScript_MatchesPerStatementForms(bool exactForm)
    {
        string script = string.Concat(StatementCorpus.Lines.Select(line => line.Sql.TrimEnd().EndsWith("DELIMITER ;", StringComparison.Ordinal) ? line.Sql + "\n" : line.Sql + ";\n"));
        ArrayBufferWriter<char> output = new();

        int count = SqlFingerprint.WriteScript(script, output, exactForm);

        // Exact forms may hold line feeds inside string literals, so the output is compared whole, not line by line.
        string[] expected = SqlSplitter.SplitScript(script)
            .Select(statement => exactForm ? SqlNormalizer.GetExactForm(statement.Text) : SqlNormalizer.GetTemplate(statement.Text))
            .ToArray();
        Assert.That(count, Is.EqualTo(expected.Length));
        Assert.That(output.WrittenSpan.ToString(), Is.EqualTo(string.Concat(expected.Select(form => form + "\n"))));
    }
}
