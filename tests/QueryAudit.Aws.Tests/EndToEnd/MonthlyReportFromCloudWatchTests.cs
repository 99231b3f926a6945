using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using QueryAudit.Aws.Tests.Fakes;
using QueryAudit.Aws.Tests.Support;
using QueryAudit.Worker.Commands;
using QueryAudit.Worker.Hosting;
using QueryAudit.Worker.Hosting.Cloud;
using QueryAudit.Worker.Hosting.Jobs;
using QueryAudit.Worker.Reconcile;

namespace QueryAudit.Aws.Tests.EndToEnd;

/// <summary>
/// The monthly report job of <c>queryaudit run</c> with only a <c>cloudwatch:CLUSTER</c> source writes the report that
/// reconcile writes from the same lines in files, and freezes the month.
/// </summary>
[NonParallelizable]
public sealed class MonthlyReportFromCloudWatchTests
{
    private const int Streams = 3;
    private const string Cluster = "billing-prod";

    [Test]
    public async Task MonthlyReport_CloudWatchOnly_SameFindingsAsFiles()
    {
        string folder = Path.Combine(Path.GetTempPath(), "queryaudit-tests", "monthly-cloudwatch-" + Guid.NewGuid().ToString("N")[..8]);
        List<string>[] streams = ShiftedCapture.ByConnection(Streams);
        await ShiftedCapture.WriteFilesAsync(Path.Combine(folder, "logs"), streams, Cluster);
        await using FakeCloudWatchLogsServer server = await FakeCloudWatchLogsServer.StartAsync();
        for (int s = 0; s < Streams; s++)
        {
            string stream = $"{Cluster}-instance-{s + 1}";
            server.Store.CreateLogStream(AuroraCapture.Group, stream, AuroraCapture.TimestampMs(streams[s][0]) - 3_600_000);
            server.Store.PutLogEvents(AuroraCapture.Group, stream, streams[s].Select(line => (AuroraCapture.TimestampMs(line), line, AuroraCapture.TimestampMs(line) + 2_000L)));
        }

        server.FaultSchedule = (request, _) => request % 9 == 4 ? FakeFault.Throttle : FakeFault.None;
        string fromFiles = Path.Combine(folder, "files-report");
        Assert.That(await ReconcileCommand.RunAsync(
            new ReconcileSettings
            {
                Inputs = [Path.Combine(folder, "logs")],
                CatalogDirectory = Path.Combine(RepositoryPaths.Root, "sql-fixtures", "catalog"),
                PolicyFile = Path.Combine(RepositoryPaths.Root, "sql-fixtures", "policy.yaml"),
                Period = ShiftedCapture.Month,
                Cluster = Cluster,
                OutputDirectory = fromFiles,
                Progress = false,
            },
            CancellationToken.None), Is.Zero);

        QueryAuditOptions settings = new()
        {
            Store = "sqlite:" + Path.Combine(folder, "monthly.db"),
            CloudWatch = new CloudWatchSettings { Clusters = Cluster },
            Catalog = Path.Combine(RepositoryPaths.Root, "sql-fixtures", "catalog"),
            Policy = Path.Combine(RepositoryPaths.Root, "sql-fixtures", "policy.yaml"),
            Aws = new AwsSettings { Region = "us-east-1", CloudWatchEndpoint = server.ServiceUrl.ToString() },
            Report = new ReportSettings { OutputDirectory = Path.Combine(folder, "reports") },
        };
        using (EnvironmentScope.Set(
            ("AWS_ACCESS_KEY_ID", FakeCloudWatchLogsServer.AccessKey),
            ("AWS_SECRET_ACCESS_KEY", FakeCloudWatchLogsServer.SecretKey),
            ("AWS_REGION", "us-east-1"),
            ("AWS_PROFILE", null),
            ("AWS_SESSION_TOKEN", null)))
        {
            IOptions<QueryAuditOptions> options = Options.Create(settings);
            await using StoreAccessor store = new(options, TimeProvider.System, NullLogger<StoreAccessor>.Instance);
            await store.StartAsync(CancellationToken.None);
            MonthlyReportJob job = new(store, options, NullLogger<MonthlyReportJob>.Instance);

            await job.WriteAsync(ShiftedCapture.Month, settings, CancellationToken.None);

            Assert.That(await store.Store.GetReportFreezeAsync(ShiftedCapture.Month, CancellationToken.None), Is.Not.Null, "the month was frozen");
        }

        string month = Path.Combine(settings.Report.OutputDirectory, ShiftedCapture.Month);
        Assert.That(server.InjectedFaults, Is.GreaterThan(0), "faults were injected");
        List<string> expected = ReconcileFromCloudWatchTests.Rows(fromFiles, "findings.csv");
        Assert.That(expected, Has.Count.GreaterThan(30));
        Assert.That(ReconcileFromCloudWatchTests.Rows(month, "findings.csv"), Is.EquivalentTo(expected));
        Assert.That(ReconcileFromCloudWatchTests.Rows(month, "approved-executions.csv"), Is.EquivalentTo(ReconcileFromCloudWatchTests.Rows(fromFiles, "approved-executions.csv")));
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }
}
