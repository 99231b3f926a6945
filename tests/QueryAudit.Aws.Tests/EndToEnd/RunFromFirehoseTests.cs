using System.Globalization;
using System.Text.Json;
using Amazon.S3;
using Amazon.S3.Model;
using QueryAudit.Aws.Tests.S3;
using QueryAudit.Aws.Tests.Support;
using QueryAudit.Core.State;
using QueryAudit.Storage;
using QueryAudit.Worker.Commands;
using QueryAudit.Worker.Hosting;
using QueryAudit.Worker.Hosting.Cloud;
using QueryAudit.Worker.Reconcile;

namespace QueryAudit.Aws.Tests.EndToEnd;

/// <summary>
/// <c>queryaudit run</c> with an <c>s3://</c> source of Firehose deliveries against the S3 emulator, where a later
/// object repeats events of an earlier one, as Firehose does after a retried delivery.
/// </summary>
[NonParallelizable]
public sealed class RunFromFirehoseTests
{
    private const int Streams = 3;
    private const int Redelivered = 600;
    private const string Cluster = "billing-prod";
    private const string Archive = "audit-archive";
    private const string Inputs = "audit-inputs";
    private const string Prefix = "firehose/2026/10/";
    private const string LastKey = Prefix + "05/10/audit-delivery-1-2026-10-05-10-20-00-77ab";
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    private string _folder = "";
    private S3rverServer _server = null!;
    private int _total;

    [SetUp]
    public async Task StartEmulator()
    {
        _folder = Path.Combine(Path.GetTempPath(), "queryaudit-tests", "run-firehose-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(_folder);
        _server = await S3rverServer.StartAsync(Archive, Inputs);

        // Every event with its stream and a 56-digit id. The second object repeats the first events of the first object,
        // which the first run reads before it stops; the capture spans ten minutes, well within the redelivery window.
        List<string>[] streams = ShiftedCapture.ByConnection(Streams);
        List<(int Stream, string Line, long Time, string Id)> events = [];
        for (int s = 0; s < Streams; s++)
        {
            events.AddRange(streams[s].Select((line, i) => (s, line, AuroraCapture.TimestampMs(line), string.Create(CultureInfo.InvariantCulture, $"{AuroraCapture.TimestampMs(line):D20}{s:D6}{i:D30}"))));
        }

        _total = events.Count;
        List<(int Stream, string Line, long Time, string Id)> first = events[..^1000];
        List<(int Stream, string Line, long Time, string Id)> second = [.. first[..Redelivered], .. events[^1000..]];

        using AmazonS3Client s3 = _server.CreateClient();
        await PutDeliveryAsync(s3, Prefix + "05/10/audit-delivery-1-2026-10-05-10-00-00-3d9c", first);
        await PutDeliveryAsync(s3, LastKey, second);

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
    public async Task Run_RedeliveryAfterRestart_StoresEachEventOnce()
    {
        string store = "sqlite:" + Path.Combine(_folder, "run.db");

        // Small batches, so that the first run stops inside the first object, before the redelivery is read.
        long afterStop = 0;
        await RunUntilAsync(store, async state =>
        {
            afterStop = await ServiceRun.StoredEventsAsync(state);
            return afterStop > 0;
        });
        Assert.That(afterStop, Is.LessThan(_total - 1000), "the first run read the redelivery before the stop; the test needs a stop before it");

        await RunUntilAsync(store, async state =>
        {
            IReadOnlyList<SourceCheckpoint> read = await state.CheckpointsAsync(CancellationToken.None);
            return read.Count == 1 && read[0].StateJson.Contains(LastKey, StringComparison.Ordinal) && read[0].StateJson.Contains("\"objectComplete\":true", StringComparison.Ordinal);
        });

        await using IStateStore state = await StateStoreLocation.OpenAsync(store, TimeProvider.System, CancellationToken.None);
        Assert.That(await ServiceRun.StoredEventsAsync(state), Is.EqualTo(_total));
    }

    [Test]
    public async Task Reconcile_Redelivery_ReportsDuplicatesRemoved()
    {
        string output = Path.Combine(_folder, "report");
        using (Credentials())
        {
            Assert.That(await ReconcileCommand.RunAsync(
                new ReconcileSettings
                {
                    Inputs = [],
                    Sources = [$"s3://{Archive}/{Prefix}"],
                    S3Endpoint = _server.ServiceUrl.ToString(),
                    CatalogDirectory = Path.Combine(RepositoryPaths.Root, "sql-fixtures", "catalog"),
                    PolicyFile = Path.Combine(RepositoryPaths.Root, "sql-fixtures", "policy.yaml"),
                    Period = ShiftedCapture.Month,
                    Cluster = Cluster,
                    OutputDirectory = output,
                    Progress = false,
                },
                CancellationToken.None), Is.Zero);
        }

        using JsonDocument report = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(output, "report.json")));
        JsonElement completeness = report.RootElement.GetProperty("completeness");
        Assert.That(completeness.GetProperty("duplicates_removed").GetInt64(), Is.EqualTo(Redelivered));
        Assert.That(completeness.GetProperty("instances").EnumerateArray().Sum(i => i.GetProperty("events").GetInt64()), Is.EqualTo(_total));
    }

    [TestCase(null, 2 * Redelivered)]
    [TestCase("1.00:00:00", 0)]
    public async Task Run_RedeliveryWindowSetting_DropsLateRedelivery(string? window, int readTwice)
    {
        (string prefix, string lastKey, int total) = await PutLateRedeliveryAsync();
        string store = "sqlite:" + Path.Combine(_folder, "late.db");
        List<string> arguments = [.. ServiceRun.S3Arguments(store, $"s3://{Archive}/{prefix}", Inputs, Cluster, _server.ServiceUrl)];
        if (window is not null)
        {
            arguments.Add("--S3:RedeliveryWindow=" + window);
        }

        using (Credentials())
        {
            await ServiceRun.UntilAsync(arguments, store, async state =>
            {
                IReadOnlyList<SourceCheckpoint> read = await state.CheckpointsAsync(CancellationToken.None);
                return read.Count == 1 && read[0].StateJson.Contains(lastKey, StringComparison.Ordinal) && read[0].StateJson.Contains("\"objectComplete\":true", StringComparison.Ordinal);
            }, Patience);
        }

        await using IStateStore state = await StateStoreLocation.OpenAsync(store, TimeProvider.System, CancellationToken.None);
        Assert.That(await ServiceRun.StoredEventsAsync(state), Is.EqualTo(total + readTwice));
    }

    [TestCase(null, 0)]
    [TestCase("1.00:00:00", 2 * Redelivered)]
    public async Task Reconcile_RedeliveryWindowOption_DropsLateRedelivery(string? window, int duplicates)
    {
        (string prefix, _, int total) = await PutLateRedeliveryAsync();
        string output = Path.Combine(_folder, "late-report");
        List<string> arguments =
        [
            "reconcile", "--source", $"s3://{Archive}/{prefix}", "--s3-endpoint", _server.ServiceUrl.ToString(),
            "--catalog", Path.Combine(RepositoryPaths.Root, "sql-fixtures", "catalog"),
            "--policy", Path.Combine(RepositoryPaths.Root, "sql-fixtures", "policy.yaml"),
            "--period", ShiftedCapture.Month, "--cluster", Cluster, "--out", output, "--no-progress",
        ];
        if (window is not null)
        {
            arguments.AddRange(["--redelivery-window", window]);
        }

        (int exitCode, string errors) = await RunCommandLineAsync(arguments);

        Assert.That(exitCode, Is.Zero, errors);
        using JsonDocument report = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(output, "report.json")));
        JsonElement completeness = report.RootElement.GetProperty("completeness");
        Assert.That(completeness.GetProperty("duplicates_removed").GetInt64(), Is.EqualTo(duplicates));
        Assert.That(completeness.GetProperty("instances").EnumerateArray().Sum(i => i.GetProperty("events").GetInt64()), Is.EqualTo(total + (2 * Redelivered) - duplicates));
    }

    [Test]
    public async Task MonthlyReport_RedeliveryWindowSetting_DropsLateRedelivery()
    {
        (string prefix, _, int total) = await PutLateRedeliveryAsync();
        QueryAuditOptions settings = new()
        {
            Store = "sqlite:" + Path.Combine(_folder, "monthly.db"),
            Sources = [$"s3://{Archive}/{prefix}"],
            Catalog = $"s3://{Inputs}/catalog/",
            Policy = $"s3://{Inputs}/policy/policy.yaml",
            Cluster = Cluster,
            Aws = new AwsSettings { Region = "us-east-1", S3Endpoint = _server.ServiceUrl.ToString() },
            S3 = new S3Settings { RedeliveryWindow = TimeSpan.FromDays(1) },
            Report = new ReportSettings { OutputDirectory = Path.Combine(_folder, "reports") },
        };
        using (Credentials())
        {
            await MonthlyReportRun.WriteAsync(settings, ShiftedCapture.Month);
        }

        string reportJson = Path.Combine(settings.Report.OutputDirectory, ShiftedCapture.Month, "report.json");
        using JsonDocument report = JsonDocument.Parse(await File.ReadAllTextAsync(reportJson));
        JsonElement completeness = report.RootElement.GetProperty("completeness");
        Assert.That(completeness.GetProperty("duplicates_removed").GetInt64(), Is.EqualTo(2 * Redelivered));
        Assert.That(completeness.GetProperty("instances").EnumerateArray().Sum(i => i.GetProperty("events").GetInt64()), Is.EqualTo(total));
    }

    /// <summary>
    /// Stores 2,000 events, then 600 events three hours later, then a redelivery of the first 1,200 events. When the
    /// redelivery is read, the newest event read is about three hours ahead of the events it repeats.
    /// </summary>
    /// <returns>The prefix, the key of its last object, and the number of distinct events.</returns>
    private async Task<(string Prefix, string LastKey, int Total)> PutLateRedeliveryAsync()
    {
        const string prefix = "firehose-late/2026/10/";
        const string lastKey = prefix + "05/13/audit-delivery-1-2026-10-05-13-05-00-5e0f";
        long threeHours = (long)TimeSpan.FromHours(3).TotalMicroseconds;
        List<string>[] streams = ShiftedCapture.ByConnection(Streams);
        List<(int Stream, string Line, long Time, string Id)> events = [];
        for (int s = 0; s < Streams; s++)
        {
            events.AddRange(streams[s].Take(1000).Select((line, i) => (s, line, AuroraCapture.TimestampMs(line), string.Create(CultureInfo.InvariantCulture, $"{AuroraCapture.TimestampMs(line):D20}{s:D6}{i:D30}"))));
        }

        List<(int Stream, string Line, long Time, string Id)> first = events[..2000];
        List<(int Stream, string Line, long Time, string Id)> later = [.. events[2000..2600].Select(e =>
        {
            int comma = e.Line.IndexOf(',', StringComparison.Ordinal);
            long micros = long.Parse(e.Line.AsSpan(0, comma), CultureInfo.InvariantCulture) + threeHours;
            string line = micros.ToString(CultureInfo.InvariantCulture) + e.Line[comma..];
            long time = AuroraCapture.TimestampMs(line);
            return (e.Stream, line, time, string.Create(CultureInfo.InvariantCulture, $"{time:D20}9{e.Id[21..]}"));
        })];

        using AmazonS3Client s3 = _server.CreateClient();
        await PutDeliveryAsync(s3, prefix + "05/10/audit-delivery-1-2026-10-05-10-00-00-1a2b", first);
        await PutDeliveryAsync(s3, prefix + "05/13/audit-delivery-1-2026-10-05-13-00-00-3c4d", later);
        await PutDeliveryAsync(s3, lastKey, first[..(2 * Redelivered)]);
        return (prefix, lastKey, first.Count + later.Count);
    }

    /// <summary>Runs the command line in process with the emulator's credentials; returns the exit code and standard error.</summary>
    private static async Task<(int ExitCode, string Errors)> RunCommandLineAsync(IEnumerable<string> arguments)
    {
        using StringWriter errors = new(CultureInfo.InvariantCulture);
        using StringWriter output = new(CultureInfo.InvariantCulture);
        TextWriter previousError = Console.Error;
        TextWriter previousOut = Console.Out;
        Console.SetError(errors);
        Console.SetOut(output);
        try
        {
            using (Credentials())
            {
                return (await Worker.Program.RunAsync([.. arguments]), errors.ToString());
            }
        }
        finally
        {
            Console.SetError(previousError);
            Console.SetOut(previousOut);
        }
    }

    private async Task RunUntilAsync(string store, Func<IStateStore, Task<bool>> done)
    {
        IReadOnlyList<string> arguments = ServiceRun.S3Arguments(store, $"s3://{Archive}/{Prefix}", Inputs, Cluster, _server.ServiceUrl);
        using (Credentials())
        {
            await ServiceRun.UntilAsync(arguments, store, done, Patience);
        }
    }

    private static EnvironmentScope Credentials() => EnvironmentScope.Set(
        ("AWS_ACCESS_KEY_ID", S3rverServer.AccessKey),
        ("AWS_SECRET_ACCESS_KEY", S3rverServer.AccessKey),
        ("AWS_REGION", "us-east-1"),
        ("AWS_PROFILE", null),
        ("AWS_SESSION_TOKEN", null));

    /// <summary>Stores events as one Firehose delivery: gzip members of subscription envelopes, one stream and up to 500 events each.</summary>
    private static async Task PutDeliveryAsync(AmazonS3Client s3, string key, IEnumerable<(int Stream, string Line, long Time, string Id)> events)
    {
        using MemoryStream content = new();
        foreach ((int Stream, string Line, long Time, string Id)[] batch in events.GroupBy(e => e.Stream).SelectMany(g => g.Chunk(500)))
        {
            using MemoryStream json = new();
            using (Utf8JsonWriter writer = new(json))
            {
                writer.WriteStartObject();
                writer.WriteString("messageType", "DATA_MESSAGE");
                writer.WriteString("owner", "123456789012");
                writer.WriteString("logGroup", $"/aws/rds/cluster/{Cluster}/audit");
                writer.WriteString("logStream", $"{Cluster}-instance-{batch[0].Stream + 1}");
                writer.WriteStartArray("logEvents");
                foreach ((_, string line, long time, string id) in batch)
                {
                    writer.WriteStartObject();
                    writer.WriteString("id", id);
                    writer.WriteNumber("timestamp", time);
                    writer.WriteString("message", line);
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            content.Write(ArchiveReadingTests.Gzip(json.ToArray()));
        }

        content.Position = 0;
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = Archive, Key = key, InputStream = content, UseChunkEncoding = false });
    }
}
