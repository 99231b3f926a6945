using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using QueryAudit.Core.Reporting;
using QueryAudit.Reports.Pdf;
using QueryAudit.Reports.Tests.Fixtures;

namespace QueryAudit.Benchmarks.Reports;

/// <summary>
/// Renders the monthly PDF for a month with 20,000 findings and 5,000 approved executions, in both languages.
/// One render takes about a minute, so two iterations of one invocation each are enough. The benchmark runs in process
/// because building a separate benchmark executable can exceed BenchmarkDotNet's two-minute build timeout on a
/// busy two-core machine.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(InProcessConfig))]
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

    private sealed class InProcessConfig : ManualConfig
    {
        public InProcessConfig() => AddJob(Job.Default
            .WithToolchain(new InProcessEmitToolchain(TimeSpan.FromMinutes(30), logOutput: true))
            .WithLaunchCount(1)
            .WithWarmupCount(1)
            .WithIterationCount(2)
            .WithInvocationCount(1)
            .WithUnrollFactor(1));
    }
}
