using System.Diagnostics;
using System.Text;
using NUnit.Framework;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using QueryAudit.Reports.Fonts;
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

    // BIZ UDPGothic 1.05 draws g, p and y down to 244 of 2048 units below the baseline, in Regular and Bold alike
    // (their glyf tables), and ends those descenders flat there by design. A clip, a damaged subset or a simulated
    // bold would show here as a shallower descender in one face.
    [TestCase(false)]
    [TestCase(true)]
    public void Pdftoppm_Descenders_ReachFontDepth(bool bold)
    {
        const double Size = 100;
        const double Baseline = 120;
        string folder = Path.Combine(Path.GetTempPath(), "queryaudit-descender-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            string file = Path.Combine(folder, "descender.pdf");
            WriteOneLine(file, "gpy", Size, bold, Baseline);

            // At 72 dpi one pixel is one point, so the page rows count points from the top.
            (int exitCode, string errors) = Run("pdftoppm", "-r", "72", "-gray", "-singlefile", file, Path.Combine(folder, "page"));
            Assert.That(exitCode, Is.Zero, errors);

            int lowestInkRow = LowestDarkRow(File.ReadAllBytes(Path.Combine(folder, "page.pgm")));
            double depth = lowestInkRow + 1 - Baseline;
            Assert.That(depth, Is.EqualTo(244.0 / 2048 * Size).Within(1.5));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static void WriteOneLine(string file, string text, double size, bool bold, double baseline)
    {
        EmbeddedFontResolver.Register();
        using PdfDocument document = new();
        PdfPage page = document.AddPage();
        page.Width = XUnit.FromPoint(300);
        page.Height = XUnit.FromPoint(200);
        using (XGraphics graphics = XGraphics.FromPdfPage(page))
        {
            graphics.DrawString(text, PdfTextMeasurer.CreateFont(size, bold), XBrushes.Black, new XPoint(20, baseline));
        }

        document.Save(file);
    }

    /// <summary>Returns the lowest row of a binary PGM (P5, 8 bits) with a pixel darker than mid grey, or -1.</summary>
    private static int LowestDarkRow(byte[] pgm)
    {
        // The header is four whitespace-separated ASCII tokens: P5, width, height, maximum value, then one whitespace byte.
        int offset = 0;
        string[] tokens = new string[4];
        for (int i = 0; i < tokens.Length; i++)
        {
            while (char.IsWhiteSpace((char)pgm[offset]))
            {
                offset++;
            }

            int start = offset;
            while (!char.IsWhiteSpace((char)pgm[offset]))
            {
                offset++;
            }

            tokens[i] = Encoding.ASCII.GetString(pgm, start, offset - start);
        }

        Assert.That(tokens[0], Is.EqualTo("P5"), "pdftoppm -gray writes binary PGM");
        int width = int.Parse(tokens[1], System.Globalization.CultureInfo.InvariantCulture);
        int height = int.Parse(tokens[2], System.Globalization.CultureInfo.InvariantCulture);
        offset++;

        for (int row = height - 1; row >= 0; row--)
        {
            ReadOnlySpan<byte> pixels = pgm.AsSpan(offset + (row * width), width);
            foreach (byte pixel in pixels)
            {
                if (pixel < 128)
                {
                    return row;
                }
            }
        }

        return -1;
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
