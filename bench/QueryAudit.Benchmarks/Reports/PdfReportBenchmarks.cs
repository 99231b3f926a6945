using BenchmarkDotNet.Attributes;
using QueryAudit.Core.Reporting;
using QueryAudit.Reports.Pdf;
using QueryAudit.Reports.Tests.Fixtures;

namespace QueryAudit.Benchmarks.Reports;

/// <summary>
/// Renders the monthly PDF for a month with 20,000 findings and 5,000 approved executions, in both languages.
/// One render takes seconds, so a few iterations of one invocation each are enough.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 3, invocationCount: 1)]
public class PdfReportBenchmarks
{
    private ReportModel model = null!;

    [Params("en", "ja")]
    public string Language { get; set; } = "en";

    [GlobalSetup]
    public void Setup()
    {
        model = ReportModelFixture.Build(Language, extraFindings: 20_000, extraExecutions: 5_000);
        PdfReportRenderer renderer = new();
        byte[] pdf = renderer.Render(model);
        Console.WriteLine($"// {Language}: {model.Findings.Count} findings, {renderer.LastPageCount} pages, {pdf.Length} bytes");
    }

    [Benchmark]
    public int RenderMonth()
    {
        PdfReportRenderer renderer = new();
        byte[] pdf = renderer.Render(model);
        return pdf.Length + renderer.LastPageCount;
    }
}
