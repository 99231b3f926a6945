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

    [Test]
    public async Task Verify_UnchangedFolder_Passes()
    {
        StringWriter output = new();

        int exitCode = await VerifyCommand.VerifyAsync(_output, checkInputs: true, output, CancellationToken.None);

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

        int exitCode = await VerifyCommand.VerifyAsync(copy, checkInputs: false, output, CancellationToken.None);

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
