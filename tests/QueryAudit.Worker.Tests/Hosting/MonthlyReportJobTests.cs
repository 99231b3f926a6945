using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using QueryAudit.Core.State;
using QueryAudit.Worker.Hosting;
using QueryAudit.Worker.Hosting.Jobs;

namespace QueryAudit.Worker.Tests.Hosting;

public class MonthlyReportJobTests
{
    [Test]
    public async Task WriteAsync_FixtureMonth_WritesOnceAndFreezes()
    {
        ServiceFixture fixture = new("monthly");
        QueryAuditOptions settings = new()
        {
            Store = fixture.Store,
            Sources = [fixture.Logs],
            Catalog = Path.Combine(TestPaths.Fixtures, "catalog"),
            Policy = Path.Combine(TestPaths.Fixtures, "policy.yaml"),
            Cluster = "billing-prod",
            Report = new ReportSettings { OutputDirectory = Path.Combine(fixture.Folder, "reports") },
        };
        IOptions<QueryAuditOptions> options = Options.Create(settings);
        await using StoreAccessor store = new(options, TimeProvider.System, NullLogger<StoreAccessor>.Instance);
        await store.StartAsync(CancellationToken.None);
        MonthlyReportJob job = new(store, options, NullLogger<MonthlyReportJob>.Instance);
        string pdf = Path.Combine(settings.Report.OutputDirectory, "2026-12", "report.pdf");

        await job.WriteAsync("2026-12", settings, CancellationToken.None);

        Assert.That(File.Exists(pdf), Is.True);
        ReportFreeze? freeze = await store.Store.GetReportFreezeAsync("2026-12", CancellationToken.None);
        Assert.That(freeze, Is.Not.Null);
        Assert.That(freeze!.ReportSha256, Has.Length.EqualTo(64));

        // A second fire for the same month leaves the issued report as it is.
        DateTime written = File.GetLastWriteTimeUtc(pdf);
        await job.WriteAsync("2026-12", settings, CancellationToken.None);
        Assert.That(File.GetLastWriteTimeUtc(pdf), Is.EqualTo(written));
        Assert.That((await store.Store.GetReportFreezeAsync("2026-12", CancellationToken.None))!.FrozenAt, Is.EqualTo(freeze.FrozenAt));
    }
}
