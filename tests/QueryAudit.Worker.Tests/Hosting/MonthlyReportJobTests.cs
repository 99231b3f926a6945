using System.Text.Json;
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

    [Test]
    public async Task WriteAsync_LateEvents_WritesAmendmentOnce()
    {
        ServiceFixture fixture = new("amendment");
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
        string month = Path.Combine(settings.Report.OutputDirectory, "2026-12");
        await job.WriteAsync("2026-12", settings, CancellationToken.None);
        ReportFreeze freeze = (await store.Store.GetReportFreezeAsync("2026-12", CancellationToken.None))!;
        byte[] frozenPdf = await File.ReadAllBytesAsync(Path.Combine(month, "report.pdf"));

        // A late line for the frozen month arrives in the live log; ingestion records it as a late event of the month.
        await File.WriteAllTextAsync(
            Path.Combine(fixture.Logs, "server_audit.log"), "20261204 20:30:00,vm,mallory,198.51.100.7,9001,0,FAILED_CONNECT,,,1045\n");
        IStateTransaction transaction = await store.Store.BeginAsync(CancellationToken.None);
        await using (transaction)
        {
            await transaction.AddLateEventsAsync("2026-12", 1, CancellationToken.None);
            await transaction.CommitAsync(CancellationToken.None);
        }

        await job.WriteAsync("2026-12", settings, CancellationToken.None);
        await job.WriteAsync("2026-12", settings, CancellationToken.None);

        string amendment = Path.Combine(month, "amendment-1");
        Assert.That(File.Exists(Path.Combine(amendment, "report.pdf")), Is.True);
        Assert.That(File.Exists(Path.Combine(amendment, "findings.csv")), Is.True);
        Assert.That(File.Exists(Path.Combine(amendment, "report.json")), Is.True);
        Assert.That(Directory.Exists(Path.Combine(month, "amendment-2")), Is.False, "no late events came after the first amendment");
        Assert.That(await File.ReadAllBytesAsync(Path.Combine(month, "report.pdf")), Is.EqualTo(frozenPdf), "the frozen report must stay as issued");

        using JsonDocument record = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(amendment, "amendment.json")));
        Assert.That(record.RootElement.GetProperty("amends").GetString(), Is.EqualTo("report.pdf"));
        Assert.That(record.RootElement.GetProperty("amends_sha256").GetString(), Is.EqualTo(freeze.ReportSha256));
        Assert.That(record.RootElement.GetProperty("late_events_added").GetInt64(), Is.EqualTo(1));
        Assert.That(record.RootElement.GetProperty("number").GetInt32(), Is.EqualTo(1));
        // The late failed login is a new finding; the silent stretch after it moves too, so a gap finding may change.
        using JsonDocument amended = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(amendment, "report.json")));
        string lateLogin = amended.RootElement.GetProperty("findings").EnumerateArray()
            .Single(f => f.GetProperty("account").GetString() == "mallory").GetProperty("id").GetString()!;
        List<string?> added = record.RootElement.GetProperty("added_findings").EnumerateArray().Select(id => id.GetString()).ToList();
        Assert.That(added, Does.Contain(lateLogin));
        Assert.That(record.RootElement.GetProperty("dropped_findings").GetArrayLength(), Is.Zero);
    }
}
