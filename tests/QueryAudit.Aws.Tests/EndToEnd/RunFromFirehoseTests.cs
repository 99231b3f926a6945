using System.Globalization;
using System.Text.Json;
using Amazon.S3;
using Amazon.S3.Model;
using QueryAudit.Aws.Tests.S3;
using QueryAudit.Aws.Tests.Support;
using QueryAudit.Core.State;
using QueryAudit.Storage;
using QueryAudit.Worker.Commands;
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
        await _server.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
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
