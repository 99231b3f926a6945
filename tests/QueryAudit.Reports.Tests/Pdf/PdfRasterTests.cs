using System.Diagnostics;
using NUnit.Framework;
using QueryAudit.Reports.Pdf;
using QueryAudit.Reports.Tests.Fixtures;

namespace QueryAudit.Reports.Tests.Pdf;

/// <summary>
/// Renders every page with poppler's pdftoppm, as a second, independent PDF reader: a page that fails to render
/// or a syntax warning fails the test.
/// </summary>
[TestFixture]
public sealed class PdfRasterTests
{
    [TestCase("en", 0)]
    [TestCase("ja", 0)]
    [TestCase("ja", 120)]
    public void Pdftoppm_RendersEveryPageWithoutWarnings(string language, int extraFindings)
    {
        PdfReportRenderer renderer = new();
        byte[] pdf = renderer.Render(ReportModelFixture.Build(language, extraFindings: extraFindings, extraExecutions: extraFindings / 2));
        string folder = Path.Combine(Path.GetTempPath(), "queryaudit-raster-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            string file = Path.Combine(folder, "report.pdf");
            File.WriteAllBytes(file, pdf);

            (int exitCode, string errors) = Run("pdftoppm", "-r", "24", "-png", file, Path.Combine(folder, "page"));

            Assert.That(exitCode, Is.Zero, errors);
            Assert.That(errors, Is.Empty);
            Assert.That(Directory.GetFiles(folder, "page-*.png"), Has.Length.EqualTo(renderer.LastPageCount));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static (int ExitCode, string Errors) Run(string tool, params string[] arguments)
    {
        ProcessStartInfo start = new(tool) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            Assert.Ignore($"{tool} is not installed; run scripts/install-test-deps.sh (Debian package poppler-utils).");
            throw;
        }

        using (process)
        {
            string errors = process.StandardError.ReadToEnd();
            process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, errors.Trim());
        }
    }
}
