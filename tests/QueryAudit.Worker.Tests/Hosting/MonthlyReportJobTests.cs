using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using QueryAudit.Core.Policy;
using QueryAudit.Core.Reconciliation;
using QueryAudit.Core.State;
using QueryAudit.Core.Triage;
using QueryAudit.Worker.Hosting;
using QueryAudit.Worker.Hosting.Jobs;
using QueryAudit.Worker.Tests.Reconcile;

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

    [Test]
    public async Task WriteAsync_ExplainedFinding_ReportShowsDisposition()
    {
        ServiceFixture fixture = new("monthly-triage");
        QueryAuditOptions settings = Settings(fixture);
        IOptions<QueryAuditOptions> options = Options.Create(settings);
        await using StoreAccessor store = new(options, TimeProvider.System, NullLogger<StoreAccessor>.Instance);
        await store.StartAsync(CancellationToken.None);
        string id = await ExplainFirstAsync(store.Store, FindingKinds.UnapprovedDdl, fixture);
        MonthlyReportJob job = new(store, options, NullLogger<MonthlyReportJob>.Instance);

        await job.WriteAsync("2026-12", settings, CancellationToken.None);

        IReadOnlyDictionary<string, string> row = CsvTable.Read(Path.Combine(settings.Report.OutputDirectory, "2026-12", "findings.csv")).Rows
            .Single(r => r["id"] == id);
        Assert.That(row["status"], Is.EqualTo("explained"));
    }

    [Test]
    public async Task WriteAsync_GapFindings_SavedToStore()
    {
        ServiceFixture fixture = new("monthly-saves");
        QueryAuditOptions settings = Settings(fixture);
        IOptions<QueryAuditOptions> options = Options.Create(settings);
        await using StoreAccessor store = new(options, TimeProvider.System, NullLogger<StoreAccessor>.Instance);
        await store.StartAsync(CancellationToken.None);
        MonthlyReportJob job = new(store, options, NullLogger<MonthlyReportJob>.Instance);

        await job.WriteAsync("2026-12", settings, CancellationToken.None);

        // Gap findings come from the report alone; they must be in the store so that a reviewer can explain them.
        List<string> gapIds = CsvTable.Read(Path.Combine(settings.Report.OutputDirectory, "2026-12", "findings.csv")).Rows
            .Where(r => r["kind"] == FindingKinds.LogGap).Select(r => r["id"]).ToList();
        Assert.That(gapIds, Is.Not.Empty);
        foreach (string id in gapIds)
        {
            Assert.That(await store.Store.GetFindingAsync(id, CancellationToken.None), Is.Not.Null, id);
        }
    }

    [Test]
    public async Task WriteAsync_DispositionWithoutTrail_WritesNoReport()
    {
        ServiceFixture fixture = new("monthly-tamper");
        QueryAuditOptions settings = Settings(fixture);
        IOptions<QueryAuditOptions> options = Options.Create(settings);
        await using StoreAccessor store = new(options, TimeProvider.System, NullLogger<StoreAccessor>.Instance);
        await store.StartAsync(CancellationToken.None);
        string id = await ExplainFirstAsync(store.Store, FindingKinds.UnapprovedDdl, fixture);

        // Change the decision by writing the table directly, bypassing the tool and its trail.
        string database = fixture.Store["sqlite:".Length..];
        await using (Microsoft.Data.Sqlite.SqliteConnection connection = new($"Data Source={database};Pooling=False"))
        {
            await connection.OpenAsync();
            await using Microsoft.Data.Sqlite.SqliteCommand update = connection.CreateCommand();
            update.CommandText = "UPDATE dispositions SET status = 'dismissed' WHERE finding_id = $id";
            update.Parameters.AddWithValue("$id", id);
            Assert.That(await update.ExecuteNonQueryAsync(), Is.EqualTo(1));
        }

        MonthlyReportJob job = new(store, options, NullLogger<MonthlyReportJob>.Instance);
        await job.WriteAsync("2026-12", settings, CancellationToken.None);

        Assert.That(File.Exists(Path.Combine(settings.Report.OutputDirectory, "2026-12", "report.pdf")), Is.False);
        Assert.That(await store.Store.GetReportFreezeAsync("2026-12", CancellationToken.None), Is.Null);
    }

    private static QueryAuditOptions Settings(ServiceFixture fixture) => new()
    {
        Store = fixture.Store,
        Sources = [fixture.Logs],
        Catalog = Path.Combine(TestPaths.Fixtures, "catalog"),
        Policy = Path.Combine(TestPaths.Fixtures, "policy.yaml"),
        Cluster = "billing-prod",
        Report = new ReportSettings { OutputDirectory = Path.Combine(fixture.Folder, "reports") },
    };

    /// <summary>Saves the fixture's findings as <c>reconcile --store</c> does and explains the first one of <paramref name="kind"/>.</summary>
    private static async Task<string> ExplainFirstAsync(IStateStore store, string kind, ServiceFixture fixture)
    {
        string first = Path.Combine(fixture.Folder, "first");
        Assert.That(await ReconcileRunner.RunAsync(ReconcileRunner.Settings(fixture.Logs, first) with { Store = fixture.Store }), Is.Zero);
        string id = CsvTable.Read(Path.Combine(first, "findings.csv")).Rows.First(r => r["kind"] == kind)["id"];
        TriageService triage = new(store, PolicyLoader.Load(ReconcileRunner.Policy), TimeProvider.System);
        await triage.ApplyAsync(
            new FindingFilter { Ids = [id] },
            new TriageRequest(TriageAction.Explain, "k.suzuki", "OPS-2026-1111", "approved change applied by hand"),
            CancellationToken.None);
        return id;
    }
}
