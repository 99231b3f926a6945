using System.Globalization;
using System.Reflection;
using QueryAudit.Aws.CloudWatch;
using QueryAudit.Aws.Tests.Fakes;
using QueryAudit.Aws.Tests.Support;
using QueryAudit.Core.Policy;
using QueryAudit.Core.Reconciliation;
using QueryAudit.Core.Reporting;
using QueryAudit.Core.State;
using QueryAudit.Storage;
using QueryAudit.Worker.Commands;
using QueryAudit.Worker.Hosting.Cloud;
using QueryAudit.Worker.Reconcile;

namespace QueryAudit.Aws.Tests.EndToEnd;

/// <summary>
/// <c>queryaudit run</c> with a <c>cloudwatch:CLUSTER</c> source against the fake service, loaded with the real capture
/// as three instance streams with throttling, server errors, dropped connections, repeated events and late ingestion.
/// Its store must end up with the findings, counters and event counts that <c>queryaudit reconcile</c> stores for the
/// same lines read from files, and a restart must go on from the committed checkpoint without counting twice.
/// </summary>
[NonParallelizable]
public sealed class RunFromCloudWatchTests
{
    private const int Streams = 3;
    private const string Cluster = "billing-prod";
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    // A reconcile period around the whole capture, so that reconcile counts every event as the service does.
    private const string PeriodStart = "2026-12-04T00:00:00Z";
    private const string PeriodEnd = "2026-12-05T00:00:00Z";

    private string _folder = "";
    private string _logs = "";
    private FakeCloudWatchLogsServer _server = null!;

    [SetUp]
    public async Task LoadCapture()
    {
        _folder = Path.Combine(Path.GetTempPath(), "queryaudit-tests", "run-cloudwatch-" + Guid.NewGuid().ToString("N")[..8]);
        _logs = Path.Combine(_folder, "logs");
        Directory.CreateDirectory(_logs);
        _server = await FakeCloudWatchLogsServer.StartAsync();

        List<string>[] perStream = AuroraCapture.ByConnection(Streams);
        for (int s = 0; s < Streams; s++)
        {
            string stream = $"{Cluster}-instance-{s + 1}";
            await File.WriteAllLinesAsync(Path.Combine(_logs, stream + ".audit.log"), perStream[s]);

            // Created as a real instance's stream is, shortly before its first event: the reader skips, without a
            // request, the windows of the 400-day lookback that lie more than 14 days before the creation.
            _server.Store.CreateLogStream(AuroraCapture.Group, stream, AuroraCapture.TimestampMs(perStream[s][0]) - 3_600_000);

            // Every 40th event is ingested four minutes after its timestamp, the others two seconds after.
            _server.Store.PutLogEvents(
                AuroraCapture.Group,
                stream,
                perStream[s].Select((line, i) => (AuroraCapture.TimestampMs(line), line, AuroraCapture.TimestampMs(line) + (i % 40 == 39 ? 240_000L : 2_000L))));
        }

        _server.MaxPageEvents = 1_000;
        _server.RepeatedEventsPerPage = 2;
        _server.FaultSchedule = (request, _) => (request % 17) switch
        {
            3 => FakeFault.Throttle,
            7 => FakeFault.ServiceUnavailable,
            11 => FakeFault.DropConnection,
            13 => FakeFault.InternalError,
            _ => FakeFault.None,
        };
    }

    [TearDown]
    public async Task StopServer()
    {
        await _server.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Test]
    public async Task Run_CaptureWithFaults_StoresWhatReconcileStores()
    {
        string cloudStore = "sqlite:" + Path.Combine(_folder, "cloudwatch.db");
        await RunUntilAsync(cloudStore, "cloudwatch:" + Cluster, [], async store => await ServiceRun.StoredEventsAsync(store) >= AuroraCapture.Lines.Count);

        Assert.That(_server.InjectedFaults, Is.GreaterThan(0), "faults were injected");
        await AssertStoresWhatReconcileStoresAsync(cloudStore);
    }

    [TestCase(200)]
    public async Task Run_RestartWithSmallBatches_MatchesReconcile(int batchLines)
    {
        string runStore = "sqlite:" + Path.Combine(_folder, "run.db");

        // Small batches, so that the first run is stopped between commits, with statements, connections and
        // failed-login bursts open across the stop.
        string[] small = ["--Ingestion:BatchLines=" + batchLines.ToString(CultureInfo.InvariantCulture)];
        long afterStop = 0;
        await RunUntilAsync(runStore, "cloudwatch:" + Cluster, small, async store =>
        {
            afterStop = await ServiceRun.StoredEventsAsync(store);
            return afterStop > 0;
        });
        Assert.That(afterStop, Is.LessThan(AuroraCapture.Lines.Count), "the first run read everything before the stop; the test needs a stop mid-way");

        int requestsBefore = _server.RequestCount("FilterLogEvents");
        await RunUntilAsync(runStore, "cloudwatch:" + Cluster, small, async store => await ServiceRun.StoredEventsAsync(store) >= AuroraCapture.Lines.Count);
        Assert.That(_server.RequestCount("FilterLogEvents"), Is.GreaterThan(requestsBefore), "the second run read on");
        Assert.That(_server.InjectedFaults, Is.GreaterThan(0), "faults were injected");

        await AssertStoresWhatReconcileStoresAsync(runStore);
        await using IStateStore fromRun = await StateStoreLocation.OpenAsync(runStore, TimeProvider.System, CancellationToken.None);
        SourceCheckpoint checkpoint = (await fromRun.CheckpointsAsync(CancellationToken.None)).Single();
        CloudCheckpoint cluster = CloudCheckpoint.FromJson(checkpoint.StateJson);
        Assert.That(cluster.Streams?.Select(s => s.LogStreamName), Is.EquivalentTo(Enumerable.Range(1, Streams).Select(s => $"{Cluster}-instance-{s}")));

        // Polls after the last event still close windows, so a restart does not read the quiet time again.
        long captureEnd = AuroraCapture.Lines.Max(AuroraCapture.TimestampMs);
        Assert.That(cluster.Streams!.Select(s => s.WindowEnd), Is.All.GreaterThan(captureEnd + (long)TimeSpan.FromHours(1).TotalMilliseconds));
        IReadOnlyList<SourceLease> leases = await fromRun.LeasesAsync(CancellationToken.None);
        Assert.That(leases.Where(l => l.ExpiresAt > DateTimeOffset.UtcNow), Is.Empty, "a stopped service must release its leases");
    }

    /// <summary>
    /// Runs <c>queryaudit reconcile --source</c> over the same cluster into a store of its own and checks that
    /// <paramref name="runStore"/> contains the same findings, counters and event counts, under one checkpoint and one
    /// counter scope for the cluster; reconcile over the capture's files gives those findings too.
    /// </summary>
    private async Task AssertStoresWhatReconcileStoresAsync(string runStore)
    {
        string filesStore = "sqlite:" + Path.Combine(_folder, "reconcile-files.db");
        string reconcileStore = "sqlite:" + Path.Combine(_folder, "reconcile-cloudwatch.db");
        Assert.That(await ReconcileAsync(filesStore, fromCloudWatch: false), Is.Zero);
        Assert.That(await ReconcileAsync(reconcileStore, fromCloudWatch: true), Is.Zero);
        await using IStateStore fromFiles = await StateStoreLocation.OpenAsync(filesStore, TimeProvider.System, CancellationToken.None);
        await using IStateStore fromReconcile = await StateStoreLocation.OpenAsync(reconcileStore, TimeProvider.System, CancellationToken.None);
        await using IStateStore fromCloud = await StateStoreLocation.OpenAsync(runStore, TimeProvider.System, CancellationToken.None);
        Assert.That(await ServiceRun.StoredEventsAsync(fromCloud), Is.EqualTo(AuroraCapture.Lines.Count));
        Assert.That(await ServiceRun.StoredEventsAsync(fromReconcile), Is.EqualTo(AuroraCapture.Lines.Count));
        IReadOnlyList<SourceCheckpoint> checkpoints = await fromCloud.CheckpointsAsync(CancellationToken.None);
        Assert.That(checkpoints.Select(c => c.SourceKey), Is.EqualTo(new[] { $"cloudwatch:{AuroraCapture.Group}" }), "one lease and checkpoint for the cluster");

        List<string> reconcileFindings = await ServiceRun.FindingKeysAsync(fromReconcile);
        List<string> crossInstanceBursts = [.. reconcileFindings.Where(f => f.StartsWith("failed_login_burst|", StringComparison.Ordinal) && f.Split('|')[1].Contains(',', StringComparison.Ordinal))];
        Assert.That(crossInstanceBursts, Has.Count.EqualTo(1), "the capture has one failed-login burst over all three instances");

        // Silent-interval log gaps are by design not findings of ingestion, because an open period has no end to
        // measure silence against. The service's hourly completeness check and the monthly report find them from the
        // stored event counts, which are compared below. Gaps of audit logging switched off are found while ingesting.
        List<string> cloudFindings = await ServiceRun.FindingKeysAsync(fromCloud);
        Assert.That(cloudFindings, Has.Count.GreaterThan(30));
        Assert.That(
            cloudFindings.Where(f => !f.StartsWith("log_gap|", StringComparison.Ordinal)),
            Is.EquivalentTo(reconcileFindings.Where(f => !f.StartsWith("log_gap|", StringComparison.Ordinal))));
        Assert.That(
            cloudFindings.Where(f => f.StartsWith("log_gap|", StringComparison.Ordinal)),
            Is.SubsetOf(reconcileFindings.Where(f => f.StartsWith("log_gap|", StringComparison.Ordinal))));
        Assert.That(reconcileFindings, Is.EquivalentTo(await ServiceRun.FindingKeysAsync(fromFiles)), "reconcile reads the same findings from the service as from the files");

        ReconcileCounters expected = await fromReconcile.CountersAsync(ReconcileScope(), CancellationToken.None);
        Assert.That(expected.Statements, Is.GreaterThan(0));
        ReconcileCounters filesCounters = await fromFiles.CountersAsync(ReconcileScope(), CancellationToken.None);
        foreach (PropertyInfo counter in typeof(ReconcileCounters).GetProperties().Where(p => p.PropertyType == typeof(long)))
        {
            Assert.That(counter.GetValue(expected), Is.EqualTo(counter.GetValue(filesCounters)), "reconcile from the service and from the files: " + counter.Name);
        }

        ReconcileCounters actual = await fromCloud.CountersAsync("ingest:" + checkpoints[0].SourceKey, CancellationToken.None);
        foreach (PropertyInfo counter in typeof(ReconcileCounters).GetProperties().Where(p => p.PropertyType == typeof(long)))
        {
            Assert.That(counter.GetValue(actual), Is.EqualTo(counter.GetValue(expected)), counter.Name);
        }

        IReadOnlyList<HourlyEventCount> expectedHours = await fromReconcile.EventCountsAsync(DateTimeOffset.MinValue.AddYears(1), DateTimeOffset.MaxValue.AddYears(-1), CancellationToken.None);
        IReadOnlyList<HourlyEventCount> actualHours = await fromCloud.EventCountsAsync(DateTimeOffset.MinValue.AddYears(1), DateTimeOffset.MaxValue.AddYears(-1), CancellationToken.None);
        Assert.That(actualHours, Is.EquivalentTo(expectedHours));
    }

    /// <summary>Runs the service until <paramref name="done"/> holds for its store, lets it poll once more, and stops it.</summary>
    private async Task RunUntilAsync(string store, string source, IReadOnlyList<string> extra, Func<IStateStore, Task<bool>> done)
    {
        List<string> arguments =
        [
            "--Store=" + store,
            "--Sources:0=" + source,
            "--Cluster=" + Cluster,
            "--Catalog=" + Path.Combine(RepositoryPaths.Root, "sql-fixtures", "catalog"),
            "--Policy=" + Path.Combine(RepositoryPaths.Root, "sql-fixtures", "policy.yaml"),
            "--Aws:Region=us-east-1",
            "--Aws:CloudWatchEndpoint=" + _server.ServiceUrl,
            "--Health:Port=0",
            "--Ingestion:BatchLines=1000000",
            "--Ingestion:PollInterval=00:00:01",
            "--Ingestion:MaxLag=3650.00:00:00",
            .. extra,
        ];
        using (CloudCredentials())
        {
            await ServiceRun.UntilAsync(arguments, store, done, Patience);
        }
    }

    /// <summary>Runs <c>queryaudit reconcile</c> over the capture's files, or over the cluster in the fake service with <paramref name="fromCloudWatch"/>.</summary>
    private async Task<int> ReconcileAsync(string store, bool fromCloudWatch)
    {
        using (CloudCredentials())
        {
            return await ReconcileCommand.RunAsync(
                new ReconcileSettings
                {
                    Inputs = fromCloudWatch ? [] : [_logs],
                    Sources = fromCloudWatch ? ["cloudwatch:" + Cluster] : [],
                    CloudWatchEndpoint = fromCloudWatch ? _server.ServiceUrl.ToString() : null,
                    CatalogDirectory = Path.Combine(RepositoryPaths.Root, "sql-fixtures", "catalog"),
                    PolicyFile = Path.Combine(RepositoryPaths.Root, "sql-fixtures", "policy.yaml"),
                    From = PeriodStart,
                    To = PeriodEnd,
                    Cluster = Cluster,
                    OutputDirectory = Path.Combine(_folder, fromCloudWatch ? "cloudwatch-report" : "files-report"),
                    Store = store,
                    Progress = false,
                },
                CancellationToken.None);
        }
    }

    /// <summary>Returns the scope key under which reconcile stored the counters of <see cref="ReconcileAsync"/>.</summary>
    private static string ReconcileScope()
    {
        string timeZone = PolicyLoader.Load(Path.Combine(RepositoryPaths.Root, "sql-fixtures", "policy.yaml")).TimeZone;
        return "reconcile:" + ReportingPeriod.Between(PeriodStart, PeriodEnd, timeZone).Label;
    }

    private static EnvironmentScope CloudCredentials() => EnvironmentScope.Set(
        ("AWS_ACCESS_KEY_ID", FakeCloudWatchLogsServer.AccessKey),
        ("AWS_SECRET_ACCESS_KEY", FakeCloudWatchLogsServer.SecretKey),
        ("AWS_REGION", "us-east-1"),
        ("AWS_PROFILE", null),
        ("AWS_SESSION_TOKEN", null));
}
