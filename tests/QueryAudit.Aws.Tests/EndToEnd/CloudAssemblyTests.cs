using System.Globalization;
using System.Text;
using System.Text.Json;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using QueryAudit.Aws.CloudWatch;
using QueryAudit.Aws.CloudWatchLogs;
using QueryAudit.Aws.S3;
using QueryAudit.Aws.Tests.Fakes;
using QueryAudit.Aws.Tests.S3;
using QueryAudit.Aws.Tests.Support;
using QueryAudit.Core.Audit;
using QueryAudit.Core.Catalog;
using QueryAudit.Core.Pipeline;
using QueryAudit.Core.Policy;
using QueryAudit.Core.Reconciliation;
using QueryAudit.Sql;
using QueryAudit.Worker.Reconcile;

namespace QueryAudit.Aws.Tests.EndToEnd;

/// <summary>
/// The capture read through the fake CloudWatch Logs service, or from S3 as CloudWatch export objects or Firehose
/// deliveries, assembles into the same statements as the same lines read from files. The assembler counts (table
/// records joined and orphaned), reconcile counters, findings and approved executions are the same.
/// </summary>
/// <remarks>
/// The capture is loaded as three instance streams. Every 40th event of a stream is ingested four minutes after the
/// others, so CloudWatch Logs returns it behind the other events of its millisecond, because it orders by timestamp
/// and then ingestion time, and a subscription delivers it four minutes late. The lines carry microsecond timestamps,
/// from which the pipeline's reorder window restores the log order of each instance. Measured across instances, the
/// window released every instance read after the first in delivery order, and 57 table records missed their QUERY record.
/// </remarks>
[NonParallelizable]
public sealed class CloudAssemblyTests
{
    private const int Streams = 3;
    private const string Cluster = "billing-prod";
    private const string Bucket = "audit-archive";
    private const long LateIngestionMs = 240_000;

    private static readonly DateTimeOffset PeriodStart = new(2026, 12, 4, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset PeriodEnd = new(2026, 12, 5, 0, 0, 0, TimeSpan.Zero);

    private string _folder = "";
    private FakeCloudWatchLogsServer _server = null!;
    private List<IAuditLineSource> _files = [];

    private static string Fixtures => Path.Combine(RepositoryPaths.Root, "sql-fixtures");

    [SetUp]
    public async Task LoadCapture()
    {
        _folder = Path.Combine(Path.GetTempPath(), "queryaudit-tests", "assembly-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(_folder);
        _server = await FakeCloudWatchLogsServer.StartAsync();
        _files = [];
        List<string>[] perStream = AuroraCapture.ByConnection(Streams);
        for (int s = 0; s < Streams; s++)
        {
            string stream = StreamName(s);
            string path = Path.Combine(_folder, stream + ".audit.log");
            await File.WriteAllLinesAsync(path, perStream[s]);
            _files.AddRange(AuditInputs.Expand([path]).Sources);
            _server.Store.CreateLogStream(AuroraCapture.Group, stream, AuroraCapture.TimestampMs(perStream[s][0]) - 3_600_000);
            _server.Store.PutLogEvents(
                AuroraCapture.Group,
                stream,
                perStream[s].Select((line, i) => (AuroraCapture.TimestampMs(line), line, AuroraCapture.TimestampMs(line) + (i % 40 == 39 ? LateIngestionMs : 2_000L))));
        }
    }

    [TearDown]
    public async Task StopServer()
    {
        await _server.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Test]
    public async Task CloudWatch_DayWindows_SameAsFiles()
    {
        // Small pages that repeat events, as in the reconcile tests. Reconcile reads a closed period in day windows,
        // so each stream is read whole before the next.
        _server.MaxPageEvents = 1_000;
        _server.RepeatedEventsPerPage = 2;
        using HttpClient http = new();
        using CloudWatchLogsClient client = CreateClient(http);
        CloudWatchAuditSource source = new(client, new CloudWatchSourceOptions
        {
            ClusterIdentifier = Cluster,
            StartTime = PeriodStart,
            EndTime = PeriodEnd,
            WindowSize = TimeSpan.FromDays(1),
        });

        Summary fromFiles = await RunAsync(_files, TimeSpan.Zero);
        Summary fromCloudWatch = await RunAsync([source], CloudSources.ReorderWindow);

        AssertSame(fromCloudWatch, fromFiles);
    }

    [Test]
    public async Task S3Export_FolderPerInstance_SameAsFiles()
    {
        // An export task writes each stream's events in the order CloudWatch Logs returns them, into objects under a
        // folder per stream, so instances are read one after another here too.
        await using S3rverServer s3rver = await S3rverServer.StartAsync(Bucket);
        using AmazonS3Client s3 = s3rver.CreateClient();
        for (int s = 0; s < Streams; s++)
        {
            List<FakeLogEvent> events = StoredEvents(StreamName(s));
            int half = events.Count / 2;
            await PutAsync(s3, $"exports/{Cluster}/task-1/{StreamName(s)}/000000.gz", ExportObject(events.Take(half)));
            await PutAsync(s3, $"exports/{Cluster}/task-1/{StreamName(s)}/000001.gz", ExportObject(events.Skip(half)));
        }

        Summary fromFiles = await RunAsync(_files, TimeSpan.Zero);
        Summary fromS3 = await RunAsync([new S3ArchiveSource(s3, new S3ArchiveSourceOptions { BucketName = Bucket, Prefix = "exports/" })], CloudSources.ReorderWindow);

        AssertSame(fromS3, fromFiles);
    }

    [Test]
    public async Task S3Firehose_IngestionOrder_SameAsFiles()
    {
        // A subscription forwards events as they are ingested, in envelopes of one stream each: the late events
        // arrive four minutes behind their neighbours, with all instances interleaved.
        await using S3rverServer s3rver = await S3rverServer.StartAsync(Bucket);
        using AmazonS3Client s3 = s3rver.CreateClient();
        List<FakeLogEvent> all = [.. Enumerable.Range(0, Streams).SelectMany(s => StoredEvents(StreamName(s)))
            .OrderBy(e => e.IngestionTime).ThenBy(e => e.Timestamp).ThenBy(e => e.EventId, StringComparer.Ordinal)];
        int part = 0;
        foreach (FakeLogEvent[] delivery in all.Chunk(10_000))
        {
            using MemoryStream content = new();
            foreach (FakeLogEvent[] envelope in Runs(delivery).SelectMany(run => run.Chunk(500)))
            {
                content.Write(ArchiveReadingTests.Gzip(Envelope(envelope)));
            }

            await PutAsync(s3, $"firehose/2026/12/04/20/audit-delivery-{++part}", content.ToArray());
        }

        Summary fromFiles = await RunAsync(_files, TimeSpan.Zero);
        Summary fromS3 = await RunAsync([new S3ArchiveSource(s3, new S3ArchiveSourceOptions { BucketName = Bucket, Prefix = "firehose/" })], CloudSources.ReorderWindow);

        AssertSame(fromS3, fromFiles);
    }

    private static void AssertSame(Summary actual, Summary expected)
    {
        Assert.That(expected.Assembler, Does.Contain("\"JoinedTableRecords\":17709").And.Contain("\"OrphanTableRecords\":0"), "the files join every table record");
        Assert.That(actual.Assembler, Is.EqualTo(expected.Assembler));

        // The one difference comes from the log itself: connection 57 logs CONNECT, two WRITEs and the GRANT QUERY,
        // then a DISCONNECT stamped a second before the GRANT. Sources that deliver in timestamp order (CloudWatch Logs
        // does, and so does the reorder window) put the DISCONNECT first, so the GRANT statement is closed at the
        // horizon instead of by the DISCONNECT. It keeps its two table records either way.
        Assert.That(expected.ClosedByHorizon, Is.Zero);
        Assert.That(actual.ClosedByHorizon, Is.EqualTo(1));
        Assert.That(actual.Counters, Is.EqualTo(expected.Counters));
        Assert.That(actual.Findings, Has.Count.GreaterThan(30));
        Assert.That(actual.Findings, Is.EqualTo(expected.Findings));
        Assert.That(actual.Approved, Is.EqualTo(expected.Approved));
    }

    private static string StreamName(int index) => $"{Cluster}-instance-{index + 1}";

    /// <summary>The events of a stream in the order CloudWatch Logs returns them.</summary>
    private List<FakeLogEvent> StoredEvents(string stream) =>
        _server.Store.VisibleEvents(AuroraCapture.Group, [stream], null, long.MinValue, long.MaxValue, long.MaxValue)!;

    private CloudWatchLogsClient CreateClient(HttpClient http)
    {
        CloudWatchLogsClientOptions options = new()
        {
            Region = "us-east-1",
            ServiceUrl = _server.ServiceUrl,
            RetryBaseDelay = TimeSpan.FromMilliseconds(1),
            RetryMaxDelay = TimeSpan.FromMilliseconds(5),
        };
        CloudWatchLogsRateLimits unlimited = new() { FilterLogEventsPerSecond = 10_000, GetLogEventsPerSecond = 10_000, DescribeLogStreamsPerSecond = 10_000, DescribeLogGroupsPerSecond = 10_000, Burst = 100 };
        return new CloudWatchLogsClient(
            http,
            options,
            new BasicAWSCredentials(FakeCloudWatchLogsServer.AccessKey, FakeCloudWatchLogsServer.SecretKey),
            new CloudWatchLogsRequestLimiter(unlimited, TimeProvider.System));
    }

    /// <summary>An export object: gzip, each line prefixed with the event's ISO 8601 UTC time.</summary>
    private static byte[] ExportObject(IEnumerable<FakeLogEvent> events)
    {
        StringBuilder text = new();
        foreach (FakeLogEvent e in events)
        {
            string time = DateTimeOffset.FromUnixTimeMilliseconds(e.Timestamp).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
            text.Append(time).Append(' ').Append(e.Message).Append('\n');
        }

        return ArchiveReadingTests.Gzip(Encoding.UTF8.GetBytes(text.ToString()));
    }

    /// <summary>Splits events into runs of consecutive events of one stream.</summary>
    private static IEnumerable<List<FakeLogEvent>> Runs(IEnumerable<FakeLogEvent> events)
    {
        List<FakeLogEvent> run = [];
        foreach (FakeLogEvent e in events)
        {
            if (run.Count > 0 && run[0].LogStreamName != e.LogStreamName)
            {
                yield return run;
                run = [];
            }

            run.Add(e);
        }

        if (run.Count > 0)
        {
            yield return run;
        }
    }

    /// <summary>A CloudWatch Logs subscription envelope of one stream's events, as Firehose stores it.</summary>
    private static byte[] Envelope(IReadOnlyList<FakeLogEvent> events)
    {
        using MemoryStream output = new();
        using (Utf8JsonWriter writer = new(output))
        {
            writer.WriteStartObject();
            writer.WriteString("messageType", "DATA_MESSAGE");
            writer.WriteString("owner", "123456789012");
            writer.WriteString("logGroup", AuroraCapture.Group);
            writer.WriteString("logStream", events[0].LogStreamName);
            writer.WriteStartArray("subscriptionFilters");
            writer.WriteStringValue("audit-to-firehose");
            writer.WriteEndArray();
            writer.WriteStartArray("logEvents");
            foreach (FakeLogEvent e in events)
            {
                writer.WriteStartObject();
                writer.WriteString("id", e.EventId);
                writer.WriteNumber("timestamp", e.Timestamp);
                writer.WriteString("message", e.Message);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return output.ToArray();
    }

    private static async Task PutAsync(AmazonS3Client s3, string key, byte[] body)
    {
        using MemoryStream stream = new(body);
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = key, InputStream = stream, UseChunkEncoding = false });
    }

    /// <summary>Reads the sources through one pipeline, as reconcile does, and summarises what it assembled and found.</summary>
    private static async Task<Summary> RunAsync(IReadOnlyList<IAuditLineSource> sources, TimeSpan reorderWindow)
    {
        AuditPolicy policy = PolicyLoader.Load(Path.Combine(Fixtures, "policy.yaml"));
        SqlNormalizerOptions sql = SqlNormalizerOptions.Default with { ServerVersion = policy.ServerVersion, LogByteLimit = policy.QueryLogLimit };
        ApprovedCatalog catalog = CatalogLoader.Load(Path.Combine(Fixtures, "catalog"), new CatalogOptions
        {
            SqlOptions = sql,
            MaxOperationWindow = policy.MaxOperationWindow,
            Reviewers = policy.Reviewers.ToDictionary(r => r.Name, r => r.Accounts, StringComparer.Ordinal),
        });
        ReconcileOptions options = new() { PeriodStart = PeriodStart, PeriodEnd = PeriodEnd, Cluster = Cluster, Sql = sql };
        AuditPipeline pipeline = new(policy, CatalogApprovalIndex.Build(catalog), options, new AuditLineParserOptions { QueryLogLimitBytes = policy.QueryLogLimit })
        {
            ReorderWindow = reorderWindow,
        };
        foreach (IAuditLineSource source in sources)
        {
            await pipeline.ReadAsync(source, CancellationToken.None);
        }

        ReconciliationResult result = pipeline.Complete();

        // MaxHeldRecords is left out because it depends on how a source interleaves instances. Statements closed at the
        // horizon are compared on their own (see AssertSame).
        StatementAssemblerCounts counts = pipeline.AssemblerCounts;
        var assembler = new { counts.Records, counts.Statements, counts.JoinedTableRecords, counts.OrphanGroups, counts.OrphanTableRecords, counts.PassedThroughEvents, counts.ClosedByGroupLimit, counts.HeldRecords };

        // Ids and sources name the file or the stream, so findings are compared without them.
        return new Summary(
            JsonSerializer.Serialize(assembler),
            counts.ClosedByHorizon,
            JsonSerializer.Serialize(result.Counters),
            [.. result.Findings.Select(f => string.Join('|', f.Kind, f.Severity, f.OccurredAt.ToString("O", CultureInfo.InvariantCulture), f.Instance, f.ConnectionId, f.QueryId, f.Reason, f.Template, f.EventCount)).Order(StringComparer.Ordinal)],
            [.. result.ApprovedExecutions.Select(a => string.Join('|', a.ExecutedAt.ToString("O", CultureInfo.InvariantCulture), a.Script, a.ScriptStatement, a.Run, a.Match)).Order(StringComparer.Ordinal)]);
    }

    private sealed record Summary(string Assembler, long ClosedByHorizon, string Counters, List<string> Findings, List<string> Approved);
}
