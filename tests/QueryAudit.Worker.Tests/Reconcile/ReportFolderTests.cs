using System.Diagnostics;
using System.Text.Json;
using QueryAudit.Worker.Commands;
using UglyToad.PdfPig;

namespace QueryAudit.Worker.Tests.Reconcile;

/// <summary>
/// The report folder of the fixture month: the PDF renders and shows the period, counts and findings; the manifest
/// verifies; a changed file fails verification.
/// </summary>
public class ReportFolderTests
{
    private string _output = "";

    [OneTimeSetUp]
    public async Task ReconcileFixtureMonth()
    {
        _output = TestPaths.NewTempFolder("report-folder");
        int exitCode = await ReconcileRunner.RunAsync(ReconcileRunner.Settings(Path.Combine(TestPaths.Fixtures, "logs", "mariadb"), _output));
        Assert.That(exitCode, Is.Zero);
    }

    [Test]
    public void Pdf_EveryPageNumberedWithPeriod()
    {
        using PdfDocument pdf = PdfDocument.Open(Path.Combine(_output, "report.pdf"));
        int pages = pdf.NumberOfPages;

        Assert.That(pages, Is.GreaterThan(3));
        foreach (UglyToad.PdfPig.Content.Page page in pdf.GetPages().Skip(1))
        {
            string text = string.Join(" ", page.GetWords().Select(w => w.Text));
            Assert.That(text, Does.Contain($"Page {page.Number} of {pages}"), $"page {page.Number}");
            Assert.That(text, Does.Contain("December 2026"), $"page {page.Number}");
        }
    }

    [Test]
    public void Pdf_ShowsCountsAndFindings()
    {
        using PdfDocument pdf = PdfDocument.Open(Path.Combine(_output, "report.pdf"));
        string text = string.Join(" ", pdf.GetPages().SelectMany(p => p.GetWords()).Select(w => w.Text));
        using JsonDocument manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(_output, "manifest.json")));
        JsonElement counts = manifest.RootElement.GetProperty("counts");

        Assert.That(text, Does.Contain(counts.GetProperty("statements").GetInt64().ToString("N0", System.Globalization.CultureInfo.InvariantCulture)));
        Assert.That(text, Does.Contain("Exceptions"));
        Assert.That(text, Does.Contain("ext_contractor"));
        Assert.That(text, Does.Contain("2026-1202"));
    }

    [Test]
    public void Json_PopulationRowsAddUpToStatements()
    {
        using JsonDocument report = JsonDocument.Parse(File.ReadAllText(Path.Combine(_output, "report.json")));
        JsonElement summary = report.RootElement.GetProperty("summary");
        long statements = summary.GetProperty("statements_reconciled").GetInt64();

        Assert.That(statements, Is.EqualTo(19_460));
        Assert.That(summary.GetProperty("exempt_statements").GetInt64(), Is.GreaterThan(0), "the capture holds transaction-control, session and noise statements");
        Assert.That(PopulationRows.Sum(row => summary.GetProperty(row).GetInt64()), Is.EqualTo(statements));
    }

    [Test]
    public void Pdf_PopulationRowsAddUpToStatements()
    {
        using JsonDocument report = JsonDocument.Parse(File.ReadAllText(Path.Combine(_output, "report.json")));
        JsonElement summary = report.RootElement.GetProperty("summary");

        List<long> values = PopulationValues(Path.Combine(_output, "report.pdf"));

        // Rows: events read, statements reconciled, the six outcome rows, unparsed lines, exceptions.
        Assert.That(values, Has.Count.EqualTo(10), string.Join(", ", values));
        Assert.That(values[1], Is.EqualTo(summary.GetProperty("statements_reconciled").GetInt64()));
        Assert.That(values.Skip(2).Take(6), Is.EqualTo(PopulationRows.Select(row => summary.GetProperty(row).GetInt64())));
        Assert.That(values.Skip(2).Take(6).Sum(), Is.EqualTo(values[1]));
    }

    [TestCase("findings.csv", "id")]
    [TestCase("approved-executions.csv", "executed_at_utc")]
    [TestCase("quarantine.csv", "source")]
    public void Csv_StartsWithOneByteOrderMark(string name, string firstColumn)
    {
        byte[] bytes = File.ReadAllBytes(Path.Combine(_output, name));

        // Excel in Japan reads a CSV file as UTF-8 only when it starts with the UTF-8 byte order mark EF BB BF.
        Assert.That(bytes.Take(3), Is.EqualTo(new byte[] { 0xEF, 0xBB, 0xBF }));
        Assert.That(bytes.Skip(3).Take(3), Is.Not.EqualTo(new byte[] { 0xEF, 0xBB, 0xBF }), "a second byte order mark");
        Assert.That(CsvTable.Read(Path.Combine(_output, name)).Header[0], Is.EqualTo(firstColumn));
    }

    [Test]
    public void Pdf_RendersEveryPageWithPdftoppm()
    {
        string pdftoppm = "/usr/bin/pdftoppm";
        if (!File.Exists(pdftoppm))
        {
            Assert.That(Environment.GetEnvironmentVariable("CI"), Is.Not.EqualTo("true"), "pdftoppm is missing in CI; scripts/install-test-deps.sh installs poppler-utils");
            Assert.Ignore("pdftoppm is not installed; run scripts/install-test-deps.sh");
        }

        string pages = Path.Combine(_output, "pages");
        Directory.CreateDirectory(pages);
        using Process process = Process.Start(new ProcessStartInfo(pdftoppm, ["-r", "40", "-png", Path.Combine(_output, "report.pdf"), Path.Combine(pages, "page")])
        {
            RedirectStandardError = true,
        })!;
        string stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();

        using PdfDocument pdf = PdfDocument.Open(Path.Combine(_output, "report.pdf"));
        Assert.That(process.ExitCode, Is.Zero, stderr);
        Assert.That(stderr, Is.Empty);
        Assert.That(Directory.GetFiles(pages, "*.png"), Has.Length.EqualTo(pdf.NumberOfPages));
    }

    [Test]
    public void Manifest_RecordsFontHashes()
    {
        using JsonDocument manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(_output, "manifest.json")));
        JsonElement fonts = manifest.RootElement.GetProperty("fonts");

        Assert.That(fonts.GetArrayLength(), Is.EqualTo(2));
        Assert.That(fonts[0].GetProperty("path").GetString(), Is.EqualTo("BIZUDPGothic-Regular.ttf"));
        Assert.That(fonts[0].GetProperty("sha256").GetString(), Does.Match("^[0-9a-f]{64}$"));
        Assert.That(fonts[0].GetProperty("bytes").GetInt64(), Is.GreaterThan(1_000_000));
    }

    /// <summary>Summary properties of report.json that each reconciled statement is counted in exactly one of, in PDF row order.</summary>
    private static readonly string[] PopulationRows =
        ["approved_executions", "application_statements", "system_statements", "informational_reads", "exempt_statements", "statement_exceptions"];

    /// <summary>
    /// Returns the numbers of the summary's population table as the PDF shows them: one per text line that ends in a
    /// number, from the "Population" heading to the next heading.
    /// </summary>
    private static List<long> PopulationValues(string pdfPath)
    {
        using PdfDocument pdf = PdfDocument.Open(pdfPath);
        foreach (UglyToad.PdfPig.Content.Page page in pdf.GetPages())
        {
            List<List<UglyToad.PdfPig.Content.Word>> lines = [.. page.GetWords()
                .GroupBy(word => Math.Round(word.BoundingBox.Bottom))
                .OrderByDescending(line => line.Key)
                .Select(line => line.OrderBy(word => word.BoundingBox.Left).ToList())];
            int start = lines.FindIndex(line => line.Count == 1 && line[0].Text == "Population");
            if (start < 0)
            {
                continue;
            }

            List<long> values = [];
            foreach (List<UglyToad.PdfPig.Content.Word> line in lines.Skip(start + 1))
            {
                if (line[0].Text == "Exceptions" && line.Count > 1 && line[1].Text == "by")
                {
                    break;
                }

                if (long.TryParse(line[^1].Text, System.Globalization.NumberStyles.AllowThousands, System.Globalization.CultureInfo.InvariantCulture, out long value))
                {
                    values.Add(value);
                }
            }

            return values;
        }

        Assert.Fail("no page of report.pdf has the Population heading");
        return [];
    }

    [Test]
    public async Task Verify_UnchangedFolder_Passes()
    {
        StringWriter output = new();

        int exitCode = await VerifyCommand.VerifyAsync(_output, checkInputs: true, output, TextWriter.Null, CancellationToken.None);

        Assert.That(exitCode, Is.Zero, output.ToString());
    }

    [Test]
    public async Task Verify_ChangedFile_FailsNamingIt()
    {
        string copy = TestPaths.NewTempFolder("tampered");
        foreach (string file in Directory.GetFiles(_output))
        {
            File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
        }

        await File.AppendAllTextAsync(Path.Combine(copy, "findings.csv"), "F-0000000000000000,low,failed_login\n");
        StringWriter output = new();

        int exitCode = await VerifyCommand.VerifyAsync(copy, checkInputs: false, output, TextWriter.Null, CancellationToken.None);

        Assert.That(exitCode, Is.EqualTo(1));
        Assert.That(output.ToString(), Does.Contain("changed: findings.csv"));
    }

    [Test]
    public async Task Reconcile_TwiceSameInputs_ByteIdenticalOutputs()
    {
        string second = TestPaths.NewTempFolder("report-folder-again");

        await ReconcileRunner.RunAsync(ReconcileRunner.Settings(Path.Combine(TestPaths.Fixtures, "logs", "mariadb"), second));

        foreach (string name in new[] { "findings.csv", "approved-executions.csv", "report.json", "report.pdf", "manifest.json" })
        {
            Assert.That(File.ReadAllBytes(Path.Combine(second, name)), Is.EqualTo(File.ReadAllBytes(Path.Combine(_output, name))), name);
        }
    }
}
