using System.Net;
using Amazon.Runtime;
using QueryAudit.Aws.CloudWatchLogs;
using QueryAudit.Aws.CloudWatchLogs.Model;
using QueryAudit.Aws.Tests.Fakes;
using QueryAudit.Aws.Tests.Support;

namespace QueryAudit.Aws.Tests.CloudWatchLogs;

[TestFixture]
public sealed class CloudWatchLogsClientTests
{
    private const string Group = "/aws/rds/cluster/billing-prod/audit";
    private const string Stream = "billing-prod-instance-1";
    private const long Start = 1_796_413_871_000;

    private FakeCloudWatchLogsServer _server = null!;
    private HttpClient _httpClient = null!;
    private ListLogger<CloudWatchLogsClient> _logger = null!;

    [SetUp]
    public async Task StartServer()
    {
        _server = await FakeCloudWatchLogsServer.StartAsync();
        _server.Store.PutLogEvents(Group, Stream, Enumerable.Range(0, 2500).Select(i => (Start + (i / 10), $"event {i:D4}", Start)));
        _httpClient = new HttpClient();
        _logger = new ListLogger<CloudWatchLogsClient>();
    }

    [TearDown]
    public async Task StopServer()
    {
        _httpClient.Dispose();
        await _server.DisposeAsync();
    }

    [Test]
    public async Task FilterLogEvents_PartialAndEmptyPages_ReadsUntilNoToken()
    {
        _server.MaxPageEvents = 700;
        _server.EmptyPageEvery = 2;
        CloudWatchLogsClient client = CreateClient();

        List<FilteredLogEvent> events = [];
        int pages = 0;
        string? token = null;
        do
        {
            FilterLogEventsResponse page = await client.FilterLogEventsAsync(new FilterLogEventsRequest { LogGroupName = Group, LogStreamNames = [Stream], NextToken = token });
            events.AddRange(page.Events);
            token = page.NextToken;
            pages++;
        }
        while (token is not null);

        Assert.That(events.Select(e => e.Message), Is.EqualTo(Enumerable.Range(0, 2500).Select(i => $"event {i:D4}")));
        Assert.That(events.Select(e => e.EventId).Distinct().Count(), Is.EqualTo(2500));
        Assert.That(events.All(e => e.LogStreamName == Stream && e.IngestionTime == Start), Is.True);
        Assert.That(pages, Is.GreaterThan(4), "the empty pages must be followed, not taken as the end");
    }

    [Test]
    public async Task FilterLogEvents_TimeRangeAndPattern_SendsCamelCaseMembers()
    {
        CloudWatchLogsClient client = CreateClient();

        FilterLogEventsResponse page = await client.FilterLogEventsAsync(new FilterLogEventsRequest
        {
            LogGroupName = Group,
            StartTime = Start + 10,
            EndTime = Start + 19,
            FilterPattern = "\"event 01\"",
            Limit = 50,
        });

        Assert.That(page.Events.Select(e => e.Message), Is.EqualTo(Enumerable.Range(100, 50).Select(i => $"event {i:D4}")));
        Assert.That(page.NextToken, Is.Not.Null);
    }

    [TestCase(FakeFault.Throttle)]
    [TestCase(FakeFault.InternalError)]
    [TestCase(FakeFault.ServiceUnavailable)]
    [TestCase(FakeFault.DropConnection)]
    [TestCase(FakeFault.DropMidReply)]
    public async Task FilterLogEvents_TransientFault_RetriesAndLogsEachAttempt(FakeFault fault)
    {
        _server.ScheduleFaults(fault, fault, fault);
        CloudWatchLogsClient client = CreateClient();

        FilterLogEventsResponse page = await client.FilterLogEventsAsync(new FilterLogEventsRequest { LogGroupName = Group, LogStreamNames = [Stream], Limit = 10 });

        Assert.That(page.Events, Has.Count.EqualTo(10));
        Assert.That(_server.RequestCount("FilterLogEvents"), Is.EqualTo(4));
        string[] retries = [.. _logger.Entries.Where(e => e.EventId.Id == 6101).Select(e => e.Message)];
        Assert.That(retries, Has.Length.EqualTo(3));
        Assert.That(retries[0], Does.Contain($"FilterLogEvents for {Group}/{Stream}"));
        Assert.That(retries[0], Does.Contain("attempt 2 of 8"));
        Assert.That(retries[2], Does.Contain("attempt 4 of 8"));
    }

    [Test]
    public async Task FilterLogEvents_SlowReply_TimesOutAndRetries()
    {
        _server.SlowReplyDelay = TimeSpan.FromSeconds(3);
        _server.ScheduleFaults(FakeFault.SlowReply);
        CloudWatchLogsClient client = CreateClient(o => o.RequestTimeout = TimeSpan.FromMilliseconds(300));

        FilterLogEventsResponse page = await client.FilterLogEventsAsync(new FilterLogEventsRequest { LogGroupName = Group, Limit = 5 });

        Assert.That(page.Events, Has.Count.EqualTo(5));
        Assert.That(_logger.Entries.Single(e => e.EventId.Id == 6101).Message, Does.Contain("no complete reply within 0.3 s"));
    }

    [Test]
    public void FilterLogEvents_ThrottledOnEveryAttempt_RaisesThrottlingAfterMaxAttempts()
    {
        _server.FaultSchedule = (_, _) => FakeFault.Throttle;
        CloudWatchLogsClient client = CreateClient(o => o.MaxAttempts = 3);

        AmazonCloudWatchLogsException? error = Assert.ThrowsAsync<AmazonCloudWatchLogsException>(
            () => client.FilterLogEventsAsync(new FilterLogEventsRequest { LogGroupName = Group }));

        Assert.That(error!.ErrorCode, Is.EqualTo("ThrottlingException"));
        Assert.That(error.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(error.RequestId, Is.Not.Empty);
        Assert.That(_server.RequestCount("FilterLogEvents"), Is.EqualTo(3));
        Assert.That(_logger.Entries.Count(e => e.EventId.Id == 6102), Is.EqualTo(1));
    }

    [Test]
    public void FilterLogEvents_DroppedOnEveryAttempt_RaisesConnectionError()
    {
        _server.FaultSchedule = (_, _) => FakeFault.DropConnection;
        CloudWatchLogsClient client = CreateClient(o => o.MaxAttempts = 2);

        Assert.ThrowsAsync<HttpRequestException>(() => client.FilterLogEventsAsync(new FilterLogEventsRequest { LogGroupName = Group }));
        Assert.That(_server.RequestCount("FilterLogEvents"), Is.EqualTo(2));
    }

    [Test]
    public void FilterLogEvents_UnknownGroup_RaisesResourceNotFoundWithoutRetry()
    {
        CloudWatchLogsClient client = CreateClient();

        ResourceNotFoundException? error = Assert.ThrowsAsync<ResourceNotFoundException>(
            () => client.FilterLogEventsAsync(new FilterLogEventsRequest { LogGroupName = "/aws/rds/cluster/missing/audit" }));

        Assert.That(error!.ErrorCode, Is.EqualTo("ResourceNotFoundException"));
        Assert.That(error.Message, Does.Contain("log group does not exist"));
        Assert.That(_server.RequestCount("FilterLogEvents"), Is.EqualTo(1));
    }

    [Test]
    public void FilterLogEvents_InvalidLimit_RaisesInvalidParameter()
    {
        CloudWatchLogsClient client = CreateClient();

        AmazonCloudWatchLogsException? error = Assert.ThrowsAsync<AmazonCloudWatchLogsException>(
            () => client.FilterLogEventsAsync(new FilterLogEventsRequest { LogGroupName = Group, Limit = 10_001 }));

        Assert.That(error!.ErrorCode, Is.EqualTo("InvalidParameterException"));
        Assert.That(_server.RequestCount("FilterLogEvents"), Is.EqualTo(1));
    }

    [Test]
    public void FilterLogEvents_WrongSecret_RaisesInvalidSignature()
    {
        CloudWatchLogsClient client = CreateClient(credentials: new BasicAWSCredentials(FakeCloudWatchLogsServer.AccessKey, "wrong"));

        AmazonCloudWatchLogsException? error = Assert.ThrowsAsync<AmazonCloudWatchLogsException>(
            () => client.FilterLogEventsAsync(new FilterLogEventsRequest { LogGroupName = Group }));

        Assert.That(error!.ErrorCode, Is.EqualTo("InvalidSignatureException"));
        Assert.That(_server.RejectedSignatures, Is.EqualTo(1));
    }

    [Test]
    public async Task FilterLogEvents_SessionCredentials_AreAccepted()
    {
        CloudWatchLogsClient client = CreateClient(credentials: new SessionAWSCredentials(FakeCloudWatchLogsServer.AccessKey, FakeCloudWatchLogsServer.SecretKey, "session-token-value"));

        FilterLogEventsResponse page = await client.FilterLogEventsAsync(new FilterLogEventsRequest { LogGroupName = Group, Limit = 1 });

        Assert.That(page.Events, Has.Count.EqualTo(1));
        Assert.That(_server.RejectedSignatures, Is.Zero);
    }

    [Test]
    public void FilterLogEvents_CancelledBeforeStart_RaisesCancellation()
    {
        CloudWatchLogsClient client = CreateClient();
        using CancellationTokenSource cancel = new();
        cancel.Cancel();

        Assert.That(
            () => client.FilterLogEventsAsync(new FilterLogEventsRequest { LogGroupName = Group }, cancel.Token),
            Throws.InstanceOf<OperationCanceledException>());
        Assert.That(_server.RequestCount("FilterLogEvents"), Is.Zero);
    }

    [Test]
    public void FilterLogEvents_CancelledDuringSlowReply_RaisesCancellationWithoutRetry()
    {
        _server.SlowReplyDelay = TimeSpan.FromSeconds(10);
        _server.ScheduleFaults(FakeFault.SlowReply);
        CloudWatchLogsClient client = CreateClient();
        using CancellationTokenSource cancel = new(TimeSpan.FromMilliseconds(300));

        Assert.That(
            () => client.FilterLogEventsAsync(new FilterLogEventsRequest { LogGroupName = Group }, cancel.Token),
            Throws.InstanceOf<OperationCanceledException>());
        Assert.That(_logger.Entries.Where(e => e.EventId.Id == 6101), Is.Empty);
    }

    [Test]
    public async Task GetLogEvents_ForwardTokens_EndOnRepeatedToken()
    {
        _server.MaxPageEvents = 1000;
        CloudWatchLogsClient client = CreateClient();

        List<OutputLogEvent> events = [];
        string? token = null;
        while (true)
        {
            GetLogEventsResponse page = await client.GetLogEventsAsync(new GetLogEventsRequest
            {
                LogGroupName = Group,
                LogStreamName = Stream,
                StartFromHead = true,
                EndTime = Start + 250,
                NextToken = token,
            });
            events.AddRange(page.Events);
            if (page.NextForwardToken == token)
            {
                break;
            }

            token = page.NextForwardToken;
        }

        Assert.That(events, Has.Count.EqualTo(2500));
        Assert.That(events[^1].Message, Is.EqualTo("event 2499"));
    }

    [Test]
    public async Task DescribeLogStreams_ManyStreams_PagesByFifty()
    {
        for (int i = 0; i < 60; i++)
        {
            _server.Store.CreateLogStream(Group, $"instance-{i:D2}");
        }

        CloudWatchLogsClient client = CreateClient();

        DescribeLogStreamsResponse first = await client.DescribeLogStreamsAsync(new DescribeLogStreamsRequest { LogGroupName = Group });
        DescribeLogStreamsResponse second = await client.DescribeLogStreamsAsync(new DescribeLogStreamsRequest { LogGroupName = Group, NextToken = first.NextToken });

        Assert.That(first.LogStreams, Has.Count.EqualTo(50));
        Assert.That(second.LogStreams, Has.Count.EqualTo(11));
        Assert.That(second.NextToken, Is.Null);
        LogStream stream = first.LogStreams[0];
        Assert.That(stream.LogStreamName, Is.EqualTo(Stream), "streams are ordered by name");
        Assert.That(stream.FirstEventTimestamp, Is.EqualTo(Start));
        Assert.That(stream.LastEventTimestamp, Is.EqualTo(Start + 249));
        Assert.That(stream.LastIngestionTime, Is.EqualTo(Start));
    }

    [Test]
    public async Task DescribeLogGroups_Prefix_ReturnsMatchingGroups()
    {
        _server.Store.CreateLogGroup("/aws/rds/cluster/billing-prod/error");
        _server.Store.CreateLogGroup("/aws/lambda/other");
        CloudWatchLogsClient client = CreateClient();

        DescribeLogGroupsResponse page = await client.DescribeLogGroupsAsync(new DescribeLogGroupsRequest { LogGroupNamePrefix = "/aws/rds/cluster/billing-prod/" });

        Assert.That(page.LogGroups.Select(g => g.LogGroupName), Is.EqualTo((string[])["/aws/rds/cluster/billing-prod/audit", "/aws/rds/cluster/billing-prod/error"]));
        Assert.That(page.LogGroups[0].LogGroupClass, Is.EqualTo("STANDARD"));
    }

    private CloudWatchLogsClient CreateClient(Action<CloudWatchLogsClientOptions>? configure = null, AWSCredentials? credentials = null)
    {
        CloudWatchLogsClientOptions options = new()
        {
            Region = "us-east-1",
            ServiceUrl = _server.ServiceUrl,
            RetryBaseDelay = TimeSpan.FromMilliseconds(1),
            RetryMaxDelay = TimeSpan.FromMilliseconds(10),
        };
        configure?.Invoke(options);
        CloudWatchLogsRateLimits unlimited = new() { FilterLogEventsPerSecond = 10_000, GetLogEventsPerSecond = 10_000, DescribeLogStreamsPerSecond = 10_000, DescribeLogGroupsPerSecond = 10_000, Burst = 100 };
        return new CloudWatchLogsClient(
            _httpClient,
            options,
            credentials ?? new BasicAWSCredentials(FakeCloudWatchLogsServer.AccessKey, FakeCloudWatchLogsServer.SecretKey),
            new CloudWatchLogsRequestLimiter(unlimited, TimeProvider.System),
            logger: _logger);
    }
}
