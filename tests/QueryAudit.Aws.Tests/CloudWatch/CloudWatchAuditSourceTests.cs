using System.Text;
using Amazon.Runtime;
using QueryAudit.Aws.CloudWatch;
using QueryAudit.Aws.CloudWatchLogs;
using QueryAudit.Aws.Tests.Fakes;
using QueryAudit.Aws.Tests.Support;
using QueryAudit.Core.Audit;

namespace QueryAudit.Aws.Tests.CloudWatch;

[TestFixture]
public sealed class CloudWatchAuditSourceTests
{
    private const string Group = AuroraCapture.Group;

    private static readonly DateTimeOffset CaptureStart = DateTimeOffset.FromUnixTimeMilliseconds(AuroraCapture.TimestampMs(AuroraCapture.Lines[0]));
    private static readonly DateTimeOffset CaptureEnd = DateTimeOffset.FromUnixTimeMilliseconds(AuroraCapture.Lines.Max(AuroraCapture.TimestampMs) + 1);

    private FakeCloudWatchLogsServer _server = null!;
    private HttpClient _httpClient = null!;
    private ListLogger<CloudWatchLogsClient> _clientLogger = null!;
    private ListLogger<CloudWatchAuditSource> _sourceLogger = null!;
    private SteppingClock _clock = null!;

    [SetUp]
    public async Task StartServer()
    {
        _server = await FakeCloudWatchLogsServer.StartAsync();
        _httpClient = new HttpClient();
        _clientLogger = new ListLogger<CloudWatchLogsClient>();
        _sourceLogger = new ListLogger<CloudWatchAuditSource>();
        _clock = new SteppingClock(CaptureEnd + TimeSpan.FromHours(1));
        _server.Clock = _clock;
    }

    [TearDown]
    public async Task StopServer()
    {
        _httpClient.Dispose();
        await _server.DisposeAsync();
    }

    [Test]
    public async Task ReadLinesAsync_LiveCaptureWithFaultsLateEventsAndRepeats_DeliversEveryLineOnce()
    {
        // The reader starts 30 s into the capture and follows it live: each FilterLogEvents
        // request moves the clock 2 s, each poll 30 s. Every 50th event is ingested 4 minutes
        // late, after the window holding it was read; pages repeat events and some are empty.
        _clock = new SteppingClock(CaptureStart + TimeSpan.FromSeconds(30));
        _server.Clock = _clock;
        _server.OnRequest = operation =>
        {
            if (operation == "FilterLogEvents")
            {
                _clock.Advance(TimeSpan.FromSeconds(2));
            }
        };
        _server.MaxPageEvents = 500;
        _server.RepeatedEventsPerPage = 3;
        _server.EmptyPageEvery = 5;
        _server.FaultSchedule = (n, _) => n % 7 == 0 ? FakeFault.Throttle
            : n % 11 == 0 ? FakeFault.ServiceUnavailable
            : n % 13 == 0 ? FakeFault.DropConnection
            : n % 17 == 0 ? FakeFault.DropMidReply
            : n % 19 == 0 ? FakeFault.InternalError
            : FakeFault.None;
        IReadOnlyList<string> streams = AuroraCapture.LoadInto(_server.Store, 3, lateEvery: 50, lateDelay: TimeSpan.FromMinutes(4));
        CloudWatchAuditSource source = CreateSource(o =>
        {
            o.SafetyLag = TimeSpan.FromMinutes(1);
            o.WindowSize = TimeSpan.FromMinutes(1);
            o.PollInterval = TimeSpan.FromSeconds(30);
        });

        List<DeliveredLine> delivered = await ReadAllAsync(source);

        Assert.That(AuroraCapture.Multiset(delivered.Select(d => d.Text)), Is.EqualTo(AuroraCapture.Multiset(AuroraCapture.Lines)));
        Assert.That(delivered.Select(d => d.EventId).Distinct().Count(), Is.EqualTo(AuroraCapture.Lines.Count));
        Assert.That(delivered.All(d => d.Source == $"{Group}/{d.Instance}" && streams.Contains(d.Instance)), Is.True);
        Assert.That(delivered.All(d => d.Format == AuditLogFormat.Aurora && d.Line == 0), Is.True);
        IReadOnlyList<CloudWatchStreamStatistics> statistics = source.GetStatistics();
        long late = statistics.Sum(s => s.LateEvents);
        Assert.That(late, Is.GreaterThan(0), "some events were ingested after their window had been read and were found by an overlap read");
        Assert.That(late, Is.LessThanOrEqualTo(AuroraCapture.Lines.Count / 50));
        Assert.That(statistics.Sum(s => s.DuplicatesSkipped), Is.GreaterThan(0));
        Assert.That(statistics.Sum(s => s.EventsDelivered), Is.EqualTo(AuroraCapture.Lines.Count));
        Assert.That(_server.InjectedFaults, Is.GreaterThan(10));
        Assert.That(_clientLogger.Entries.Count(e => e.EventId.Id == 6101), Is.EqualTo(_server.InjectedFaults));
        Assert.That(_sourceLogger.Entries.Count(e => e.EventId.Id == 6206), Is.EqualTo(late));
    }

    [TestCase(1, 2, 3)]
    [TestCase(31, 7_001, 20_000)]
    [TestCase(12_450, 12_451, 24_900)]
    [TestCase(5_000, 15_000, 37_000)]
    public async Task ReadLinesAsync_StoppedAndResumedFromCheckpoints_DeliversEveryLineOnce(int firstStop, int secondStop, int thirdStop)
    {
        // The capture has about 60 events per millisecond timestamp, so most stops fall inside
        // a run of events that share the last millisecond read.
        AuroraCapture.LoadInto(_server.Store, 3);
        List<string> delivered = [];
        IReadOnlyList<StreamCheckpoint> checkpoints = [];
        int reads = 0;

        foreach (int stop in new[] { firstStop, secondStop, thirdStop, int.MaxValue })
        {
            CloudWatchAuditSource source = CreateSource(o => o.WindowSize = TimeSpan.FromMinutes(3), checkpoints);
            await foreach (RawAuditLine line in source.ReadLinesAsync(CancellationToken.None))
            {
                delivered.Add(Encoding.UTF8.GetString(line.Bytes.Span));
                if (delivered.Count == stop)
                {
                    break;
                }
            }

            // A store commits these with the results of the lines; JSON is what it would keep.
            checkpoints = [.. source.GetCheckpoints().Select(c => StreamCheckpoint.FromJson(c.ToJson()))];
            reads++;
        }

        Assert.That(reads, Is.EqualTo(4));
        Assert.That(delivered, Has.Count.EqualTo(AuroraCapture.Lines.Count));
        Assert.That(AuroraCapture.Multiset(delivered), Is.EqualTo(AuroraCapture.Multiset(AuroraCapture.Lines)));
    }

    [Test]
    public async Task GetCheckpoints_MidWindow_HoldsLastMillisecondIdsAndOverlap()
    {
        AuroraCapture.LoadInto(_server.Store, 1);
        CloudWatchAuditSource source = CreateSource(o => o.Overlap = TimeSpan.FromSeconds(2));
        RawAuditLine last = default;
        int count = 0;

        await foreach (RawAuditLine line in source.ReadLinesAsync(CancellationToken.None))
        {
            last = line;
            if (++count == 1000)
            {
                break;
            }
        }

        StreamCheckpoint checkpoint = source.GetCheckpoints().Single();
        long lastTimestamp = AuroraCapture.TimestampMs(AuroraCapture.Lines[999]);
        Assert.That(checkpoint.WindowEnd, Is.EqualTo(lastTimestamp));
        Assert.That(checkpoint.OverlapStart, Is.EqualTo(lastTimestamp - 2000));
        Assert.That(checkpoint.SeenEvents.Select(e => e.EventId), Does.Contain(last.Position.EventId));
        Assert.That(checkpoint.SeenEvents.All(e => e.Timestamp >= checkpoint.OverlapStart), Is.True);
        Assert.That(checkpoint.SeenEvents, Has.Count.EqualTo(AuroraCapture.Lines.Take(1000).Count(l => AuroraCapture.TimestampMs(l) >= lastTimestamp - 2000)));
        Assert.That(checkpoint.LogStreamName, Is.EqualTo("billing-prod-instance-1"));
    }

    [Test]
    public async Task ReadLinesAsync_StreamAppearsAndOneEnds_ReadsNewAndKeepsGoneCheckpoint()
    {
        // Live following: stream 1 has events; at a later poll stream 2 appears and stream 1 is deleted.
        DateTimeOffset start = CaptureStart;
        _clock = new SteppingClock(start + TimeSpan.FromMinutes(10));
        _server.Clock = _clock;
        _server.Store.PutLogEvents(Group, "instance-1", Enumerable.Range(0, 100).Select(i => (start.ToUnixTimeMilliseconds() + i, $"old {i}", start.ToUnixTimeMilliseconds() + i)));
        bool changed = false;
        _server.OnRequest = operation =>
        {
            if (operation == "DescribeLogStreams" && !changed && _clock.GetUtcNow() > start + TimeSpan.FromMinutes(12))
            {
                changed = true;
                long now = _clock.GetUtcNow().ToUnixTimeMilliseconds();
                _server.Store.PutLogEvents(Group, "instance-2", Enumerable.Range(0, 50).Select(i => (now - 60_000 + i, $"new {i}", now - 60_000 + i)));
                _server.Store.DeleteLogStream(Group, "instance-1");
            }
        };
        CloudWatchAuditSource source = CreateSource(o =>
        {
            o.EndTime = null;
            o.StartTime = start;
            o.PollInterval = TimeSpan.FromSeconds(30);
        });

        List<string> messages = [];
        using CancellationTokenSource stop = new(TimeSpan.FromSeconds(30));
        await foreach (RawAuditLine line in source.ReadLinesAsync(stop.Token))
        {
            messages.Add(Encoding.UTF8.GetString(line.Bytes.Span));
            if (messages.Count == 150)
            {
                break;
            }
        }

        Assert.That(messages.Count(m => m.StartsWith("old ", StringComparison.Ordinal)), Is.EqualTo(100));
        Assert.That(messages.Count(m => m.StartsWith("new ", StringComparison.Ordinal)), Is.EqualTo(50));
        Assert.That(source.GetStatistics().Single(s => s.LogStreamName == "instance-1").IsGone, Is.True);
        Assert.That(source.GetCheckpoints().Select(c => c.LogStreamName), Is.EquivalentTo(new[] { "instance-1", "instance-2" }));
        Assert.That(_sourceLogger.Entries.Count(e => e.EventId.Id == 6203), Is.EqualTo(1));
    }

    [Test]
    public async Task ReadLinesAsync_FilterPattern_ReadsOnlyMatchingEventsAndRecordsPattern()
    {
        AuroraCapture.LoadInto(_server.Store, 2);
        CloudWatchAuditSource source = CreateSource(o => o.FilterPattern = "QUERY");

        List<DeliveredLine> delivered = await ReadAllAsync(source);

        string[] expected = [.. AuroraCapture.Lines.Where(l => l.Contains("QUERY", StringComparison.Ordinal))];
        Assert.That(expected, Is.Not.Empty);
        Assert.That(AuroraCapture.Multiset(delivered.Select(d => d.Text)), Is.EqualTo(AuroraCapture.Multiset(expected)));
        Assert.That(source.FilterPattern, Is.EqualTo("QUERY"));
        Assert.That(source.GetCheckpoints().Select(c => c.FilterPattern), Is.All.EqualTo("QUERY"));
    }

    [Test]
    public async Task ReadLinesAsync_StreamIdleLongBeforePeriod_IsNotQueried()
    {
        AuroraCapture.LoadInto(_server.Store, 1);
        long dayBefore = CaptureStart.AddDays(-1).ToUnixTimeMilliseconds();
        _server.Store.PutLogEvents(Group, "retired-instance", [(dayBefore, "old line", dayBefore)]);
        CloudWatchAuditSource source = CreateSource(o => o.WindowSize = TimeSpan.FromMinutes(2));

        List<DeliveredLine> delivered = await ReadAllAsync(source);

        CloudWatchStreamStatistics retired = source.GetStatistics().Single(s => s.LogStreamName == "retired-instance");
        Assert.That(delivered, Has.Count.EqualTo(AuroraCapture.Lines.Count));
        Assert.That(retired.WindowsSkipped, Is.GreaterThan(0));
        Assert.That(retired.WindowsRead, Is.EqualTo(1), "only the last read of the period's overlap");
        Assert.That(retired.EventsDelivered, Is.Zero);
    }

    [Test]
    public void ReadLinesAsync_MissingLogGroup_RaisesInputErrorNamingGroup()
    {
        CloudWatchAuditSource source = CreateSource(o => o.ClusterIdentifier = "no-such-cluster");

        AuditInputException? error = Assert.ThrowsAsync<AuditInputException>(() => ReadAllAsync(source));

        Assert.That(error!.Message, Does.Contain("/aws/rds/cluster/no-such-cluster/audit"));
        Assert.That(error.Message, Does.Contain("Enable the 'audit' log export"));
    }

    [Test]
    public async Task ReadLinesAsync_MessageOverMaxLineBytes_PassesStartWithFullLength()
    {
        long t = CaptureStart.ToUnixTimeMilliseconds();
        _server.Store.PutLogEvents(Group, "instance-1", [(t, new string('x', 300), t), (t + 1, "short\n", t)]);
        CloudWatchAuditSource source = CreateSource(o => o.MaxLineBytes = 100);

        List<(int Length, long FullLength, string Text)> lines = [];
        await foreach (RawAuditLine line in source.ReadLinesAsync(CancellationToken.None))
        {
            lines.Add((line.Bytes.Length, line.FullLength, Encoding.UTF8.GetString(line.Bytes.Span)));
        }

        Assert.That(lines, Has.Count.EqualTo(2));
        Assert.That(lines[0].FullLength, Is.EqualTo(300));
        Assert.That(lines[0].Length, Is.EqualTo(100));
        Assert.That(lines[1].FullLength, Is.Zero);
        Assert.That(lines[1].Text, Is.EqualTo("short"), "the line terminator is not part of the line");
    }

    [Test]
    public void ReadLinesAsync_Cancelled_RaisesCancellation()
    {
        AuroraCapture.LoadInto(_server.Store, 1);
        CloudWatchAuditSource source = CreateSource();
        using CancellationTokenSource cancel = new();

        Assert.That(async () =>
        {
            await foreach (RawAuditLine line in source.ReadLinesAsync(cancel.Token))
            {
                cancel.Cancel();
            }
        }, Throws.InstanceOf<OperationCanceledException>());
    }

    [Test]
    public void Constructor_CheckpointOfOtherGroup_Raises()
    {
        StreamCheckpoint foreign = new() { LogGroupName = "/aws/rds/cluster/other/audit", LogStreamName = "i", WindowEnd = 0, OverlapStart = 0, SeenEvents = [] };

        Assert.That(() => CreateSource(checkpoints: [foreign]), Throws.ArgumentException.With.Message.Contains("/aws/rds/cluster/other/audit"));
    }

    [Test]
    public void Constructor_NoStartTime_RaisesNamingSetting()
    {
        Assert.That(() => CreateSource(o => o.StartTime = null), Throws.ArgumentException.With.Message.Contains("StartTime is required"));
    }

    [TestCase("cloudwatch:billing-prod", true, "billing-prod")]
    [TestCase("CloudWatch:billing-prod", true, "billing-prod")]
    [TestCase("cloudwatch:", false, "")]
    [TestCase("s3://bucket/prefix", false, "")]
    [TestCase("billing-prod", false, "")]
    public void TryParseSpec_SourceArgument_ReturnsCluster(string spec, bool expected, string cluster)
    {
        bool parsed = CloudWatchAuditSource.TryParseSpec(spec, out string actual);

        Assert.That(parsed, Is.EqualTo(expected));
        Assert.That(actual, Is.EqualTo(cluster));
    }

    [Test]
    public void StreamCheckpoint_Json_RoundTrips()
    {
        StreamCheckpoint checkpoint = new()
        {
            LogGroupName = Group,
            LogStreamName = "billing-prod-instance-1",
            WindowEnd = 1_796_414_000_000,
            OverlapStart = 1_796_413_700_000,
            SeenEvents = [new SeenEvent("37950123456789012345678901234567890123456789012345678901", 1_796_413_999_000)],
            FilterPattern = "-rdsadmin",
        };

        StreamCheckpoint copy = StreamCheckpoint.FromJson(checkpoint.ToJson());

        Assert.That(copy.WindowEnd, Is.EqualTo(checkpoint.WindowEnd));
        Assert.That(copy.OverlapStart, Is.EqualTo(checkpoint.OverlapStart));
        Assert.That(copy.SeenEvents, Is.EqualTo(checkpoint.SeenEvents));
        Assert.That(copy.FilterPattern, Is.EqualTo("-rdsadmin"));
        Assert.That(checkpoint.ToJson(), Does.Contain("\"windowEnd\":1796414000000"));
    }

    [Test]
    public async Task FindAuditLogGroupsAsync_Account_ReturnsClusterAuditGroupsOnly()
    {
        _server.Store.CreateLogGroup("/aws/rds/cluster/a/audit");
        _server.Store.CreateLogGroup("/aws/rds/cluster/a/error");
        _server.Store.CreateLogGroup("/aws/rds/instance/b/audit");
        _server.Store.CreateLogGroup("/aws/rds/cluster/c/audit");

        IReadOnlyList<string> groups = await CloudWatchAuditSource.FindAuditLogGroupsAsync(CreateClient(), CancellationToken.None);

        Assert.That(groups, Is.EqualTo((string[])["/aws/rds/cluster/a/audit", "/aws/rds/cluster/c/audit"]));
    }

    private static async Task<List<DeliveredLine>> ReadAllAsync(CloudWatchAuditSource source)
    {
        List<DeliveredLine> delivered = [];
        using CancellationTokenSource timeout = new(TimeSpan.FromMinutes(2));
        await foreach (RawAuditLine line in source.ReadLinesAsync(timeout.Token))
        {
            delivered.Add(new DeliveredLine(Encoding.UTF8.GetString(line.Bytes.Span), line.Position.EventId!, line.Position.Source, line.Position.Line, line.Instance!, line.Format));
        }

        return delivered;
    }

    private CloudWatchLogsClient CreateClient()
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
            _httpClient,
            options,
            new BasicAWSCredentials(FakeCloudWatchLogsServer.AccessKey, FakeCloudWatchLogsServer.SecretKey),
            new CloudWatchLogsRequestLimiter(unlimited, TimeProvider.System),
            logger: _clientLogger);
    }

    private CloudWatchAuditSource CreateSource(Action<CloudWatchSourceOptions>? configure = null, IEnumerable<StreamCheckpoint>? checkpoints = null)
    {
        CloudWatchSourceOptions options = new()
        {
            ClusterIdentifier = "billing-prod",
            StartTime = CaptureStart,
            EndTime = CaptureEnd,
        };
        configure?.Invoke(options);
        return new CloudWatchAuditSource(CreateClient(), options, checkpoints, _clock, _sourceLogger);
    }

    private sealed record DeliveredLine(string Text, string EventId, string Source, long Line, string Instance, AuditLogFormat Format);
}
