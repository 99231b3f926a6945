using System.Globalization;
using System.IO.Compression;
using System.Reflection;
using System.Text;
using Amazon.S3;
using Amazon.S3.Model;
using QueryAudit.Aws.Tests.Support;
using QueryAudit.Core.Policy;
using QueryAudit.Core.Reconciliation;
using QueryAudit.Core.Reporting;
using QueryAudit.Core.State;
using QueryAudit.Storage;
using QueryAudit.Worker.Commands;
using QueryAudit.Worker.Hosting;
using QueryAudit.Worker.Hosting.Cloud;
using QueryAudit.Worker.Reconcile;

namespace QueryAudit.Aws.Tests.EndToEnd;

/// <summary>
/// <c>queryaudit run</c> with an <c>s3://</c> archive source, and its monthly report job, against the S3 emulator: the
/// capture is stored as CloudWatch export objects (one folder per instance), and the catalog and policy are read from
/// the emulator too.
/// </summary>
[NonParallelizable]
public sealed class RunFromS3Tests
{
    private const int Streams = 3;
    private const string Cluster = "billing-prod";
    private const string Archive = "audit-archive";
    private const string Inputs = "audit-inputs";
    private const string Reports = "audit-reports";
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    private string _folder = "";
    private S3rverServer _server = null!;
    private List<string>[] _streams = [];

    [SetUp]
    public async Task StartEmulator()
    {
        _folder = Path.Combine(Path.GetTempPath(), "queryaudit-tests", "run-s3-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(_folder);
        _server = await S3rverServer.StartAsync(Archive, Inputs, Reports);
        _streams = ShiftedCapture.ByConnection(Streams);

        using AmazonS3Client s3 = _server.CreateClient();
        for (int s = 0; s < Streams; s++)
        {
            await PutExportAsync(s3, $"exports/{Cluster}/task-1/{Cluster}-instance-{s + 1}/000000.gz", _streams[s]);
        }

        await ServiceRun.PutCatalogAndPolicyAsync(s3, Inputs);
    }

    [TearDown]
    public async Task StopEmulator()
    {
        // NUnit runs this after a set-up that skipped the test (s3rver not installed, outside CI), with no server started.
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Test]
    public async Task Run_S3Archive_StoresEveryLineOnceAcrossRestart()
    {
        string store = "sqlite:" + Path.Combine(_folder, "run.db");
        long total = _streams.Sum(s => s.Count);

        // Small batches, so that the first run stops inside an object.
        long afterStop = 0;
        await RunUntilAsync(store, async state =>
        {
            afterStop = await ServiceRun.StoredEventsAsync(state);
            return afterStop > 0;
        });
        Assert.That(afterStop, Is.LessThan(total), "the first run read everything before the stop; the test needs a stop mid-way");

        await RunUntilAsync(store, async state => await ServiceRun.StoredEventsAsync(state) >= total);

        await using IStateStore state = await StateStoreLocation.OpenAsync(store, TimeProvider.System, CancellationToken.None);
        Assert.That(await ServiceRun.StoredEventsAsync(state), Is.EqualTo(total));
        IReadOnlyList<SourceCheckpoint> checkpoints = await state.CheckpointsAsync(CancellationToken.None);
        Assert.That(checkpoints.Select(c => c.SourceKey), Is.EqualTo(new[] { $"s3://{Archive}/exports/{Cluster}/" }));
        Assert.That(checkpoints[0].StateJson, Does.Contain($"{Cluster}-instance-3/000000.gz"));
        IReadOnlyList<HourlyEventCount> counts = await state.EventCountsAsync(DateTimeOffset.MinValue.AddYears(1), DateTimeOffset.MaxValue.AddYears(-1), CancellationToken.None);
        Assert.That(counts.Select(c => c.Instance).Distinct(), Is.EquivalentTo(Enumerable.Range(1, Streams).Select(s => $"{Cluster}-instance-{s}")));

        // The prefix is read through one pipeline across batches and the restart, so the store contains what
        // reconcile --source stores for the same prefix. Silent-interval log gaps are left to the hourly completeness
        // check, and only gaps of audit logging switched off are found while ingesting.
        string reconcileStore = "sqlite:" + Path.Combine(_folder, "reconcile.db");
        using (S3Credentials())
        {
            Assert.That(await ReconcileCommand.RunAsync(
                new ReconcileSettings
                {
                    Inputs = [],
                    Sources = [$"s3://{Archive}/exports/{Cluster}/"],
                    S3Endpoint = _server.ServiceUrl.ToString(),
                    CatalogDirectory = Path.Combine(RepositoryPaths.Root, "sql-fixtures", "catalog"),
                    PolicyFile = Path.Combine(RepositoryPaths.Root, "sql-fixtures", "policy.yaml"),
                    Period = ShiftedCapture.Month,
                    Cluster = Cluster,
                    OutputDirectory = Path.Combine(_folder, "reconcile-report"),
                    Store = reconcileStore,
                    Progress = false,
                },
                CancellationToken.None), Is.Zero);
        }

        await using IStateStore fromReconcile = await StateStoreLocation.OpenAsync(reconcileStore, TimeProvider.System, CancellationToken.None);
        List<string> expectedFindings = await ServiceRun.FindingKeysAsync(fromReconcile);
        List<string> runFindings = await ServiceRun.FindingKeysAsync(state);
        Assert.That(expectedFindings, Has.Count.GreaterThan(30));
        Assert.That(
            runFindings.Where(f => !f.StartsWith("log_gap|", StringComparison.Ordinal)),
            Is.EquivalentTo(expectedFindings.Where(f => !f.StartsWith("log_gap|", StringComparison.Ordinal))));
        Assert.That(
            runFindings.Where(f => f.StartsWith("log_gap|", StringComparison.Ordinal)),
            Is.SubsetOf(expectedFindings.Where(f => f.StartsWith("log_gap|", StringComparison.Ordinal))));
        string timeZone = PolicyLoader.Load(Path.Combine(RepositoryPaths.Root, "sql-fixtures", "policy.yaml")).TimeZone;
        ReconcileCounters expected = await fromReconcile.CountersAsync("reconcile:" + ReportingPeriod.Month(ShiftedCapture.Month, timeZone).Label, CancellationToken.None);
        Assert.That(expected.Statements, Is.GreaterThan(0));
        ReconcileCounters actual = await state.CountersAsync("ingest:" + checkpoints[0].SourceKey, CancellationToken.None);
        foreach (PropertyInfo counter in typeof(ReconcileCounters).GetProperties().Where(p => p.PropertyType == typeof(long)))
        {
            Assert.That(counter.GetValue(actual), Is.EqualTo(counter.GetValue(expected)), counter.Name);
        }
    }

    [Test]
    public async Task Run_OverlappingExports_StoresEachEventOnceAcrossRestart()
    {
        // Task 1 exported each stream's first 60 % without every 40th event (not yet ingested then), task 2 its last
        // 60 %, so they share the middle 20 % and task 2 adds the late events of its range.
        string prefix = $"overlapping/{Cluster}/";
        long total = 0;
        long firstTask = 0;
        using (AmazonS3Client s3 = _server.CreateClient())
        {
            for (int s = 0; s < Streams; s++)
            {
                List<string> lines = _streams[s];
                int firstEnd = lines.Count * 6 / 10;
                int secondStart = lines.Count * 4 / 10;
                List<string> first = [.. lines.Take(firstEnd).Where((_, i) => i % 40 != 39)];
                List<string> second = [.. lines.Skip(secondStart)];
                await PutExportAsync(s3, $"{prefix}task-1/{Cluster}-instance-{s + 1}/000000.gz", first);
                await PutExportAsync(s3, $"{prefix}task-2/{Cluster}-instance-{s + 1}/000000.gz", second[..(second.Count / 2)]);
                await PutExportAsync(s3, $"{prefix}task-2/{Cluster}-instance-{s + 1}/000001.gz", second[(second.Count / 2)..]);
                firstTask += first.Count;
                total += first.Count + lines.Count - firstEnd + Enumerable.Range(secondStart, firstEnd - secondStart).Count(i => i % 40 == 39);
            }
        }

        // Small batches, so that the first run stops inside task 2.
        string store = "sqlite:" + Path.Combine(_folder, "run.db");
        long afterStop = 0;
        await RunUntilAsync(store, async state =>
        {
            afterStop = await ServiceRun.StoredEventsAsync(state);
            return afterStop > firstTask + 600;
        }, prefix);
        Assert.That(afterStop, Is.LessThan(total), "the first run read everything before the stop; the test needs a stop in task 2");

        // Run until the last object is read to its end: a read that counted the overlap twice stores more than the total.
        await RunUntilAsync(store, async state =>
        {
            IReadOnlyList<SourceCheckpoint> read = await state.CheckpointsAsync(CancellationToken.None);
            return read[0].StateJson.Contains($"task-2/{Cluster}-instance-3/000001.gz", StringComparison.Ordinal)
                && read[0].StateJson.Contains("\"objectComplete\":true", StringComparison.Ordinal);
        }, prefix);
        await using IStateStore state = await StateStoreLocation.OpenAsync(store, TimeProvider.System, CancellationToken.None);
        Assert.That(await ServiceRun.StoredEventsAsync(state), Is.EqualTo(total));
    }

    [Test]
    public async Task MonthlyReport_S3Archive_SameFindingsAsFilesAndUploaded()
    {
        string files = Path.Combine(_folder, "files");
        await ShiftedCapture.WriteFilesAsync(files, _streams, Cluster);
        string fromFiles = Path.Combine(_folder, "files-report");
        Assert.That(await ReconcileCommand.RunAsync(
            new ReconcileSettings
            {
                Inputs = [files],
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
            Store = "sqlite:" + Path.Combine(_folder, "monthly.db"),
            Sources = [$"s3://{Archive}/exports/{Cluster}/"],
            Catalog = $"s3://{Inputs}/catalog/",
            Policy = $"s3://{Inputs}/policy/policy.yaml",
            Cluster = Cluster,
            Aws = new AwsSettings { Region = "us-east-1", S3Endpoint = _server.ServiceUrl.ToString() },
            Report = new ReportSettings { OutputDirectory = Path.Combine(_folder, "reports"), UploadTo = $"s3://{Reports}/monthly" },
        };
        string month = Path.Combine(settings.Report.OutputDirectory, ShiftedCapture.Month);
        using (S3Credentials())
        {
            await MonthlyReportRun.WriteAsync(settings, ShiftedCapture.Month, async store =>
                Assert.That(await store.Store.GetReportFreezeAsync(ShiftedCapture.Month, CancellationToken.None), Is.Not.Null, "the month was frozen"));
        }

        List<string> expected = ReconcileFromCloudWatchTests.Rows(fromFiles, "findings.csv");
        Assert.That(expected, Has.Count.GreaterThan(30));
        Assert.That(ReconcileFromCloudWatchTests.Rows(month, "findings.csv"), Is.EquivalentTo(expected));
        Assert.That(ReconcileFromCloudWatchTests.Rows(month, "approved-executions.csv"), Is.EquivalentTo(ReconcileFromCloudWatchTests.Rows(fromFiles, "approved-executions.csv")));

        using AmazonS3Client s3 = _server.CreateClient();
        ListObjectsV2Response uploaded = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = Reports, Prefix = "monthly/" });
        Assert.That(
            uploaded.S3Objects.Select(o => o.Key[(o.Key.LastIndexOf('/') + 1)..]).Order(StringComparer.Ordinal),
            Is.EqualTo(Directory.GetFiles(month).Select(Path.GetFileName).Order(StringComparer.Ordinal)));
        Assert.That(uploaded.S3Objects.All(o => o.Key.StartsWith("monthly/QA-", StringComparison.Ordinal)), Is.True, "files go under the report id");
    }

    private async Task RunUntilAsync(string store, Func<IStateStore, Task<bool>> done, string? prefix = null)
    {
        IReadOnlyList<string> arguments = ServiceRun.S3Arguments(store, $"s3://{Archive}/{prefix ?? $"exports/{Cluster}/"}", Inputs, Cluster, _server.ServiceUrl);
        using (S3Credentials())
        {
            await ServiceRun.UntilAsync(arguments, store, done, Patience);
        }
    }

    /// <summary>Stores lines as a CloudWatch Logs export object: gzip, each line prefixed with its ISO 8601 UTC time.</summary>
    private static async Task PutExportAsync(AmazonS3Client s3, string key, IReadOnlyList<string> lines)
    {
        using MemoryStream content = new();
        await using (GZipStream gzip = new(content, CompressionLevel.Fastest, leaveOpen: true))
        await using (StreamWriter writer = new(gzip, new UTF8Encoding(false)))
        {
            foreach (string line in lines)
            {
                DateTimeOffset time = DateTimeOffset.FromUnixTimeMilliseconds(AuroraCapture.TimestampMs(line));
                await writer.WriteAsync(time.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture) + " " + line + "\n");
            }
        }

        content.Position = 0;
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = Archive, Key = key, InputStream = content, UseChunkEncoding = false });
    }

    private static EnvironmentScope S3Credentials() => EnvironmentScope.Set(
        ("AWS_ACCESS_KEY_ID", S3rverServer.AccessKey),
        ("AWS_SECRET_ACCESS_KEY", S3rverServer.AccessKey),
        ("AWS_REGION", "us-east-1"),
        ("AWS_PROFILE", null),
        ("AWS_SESSION_TOKEN", null));
}
