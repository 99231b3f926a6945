using System.Diagnostics;
using Amazon.Runtime;
using QueryAudit.Aws.CloudWatch;
using QueryAudit.Aws.CloudWatchLogs;
using QueryAudit.Aws.Tests.Fakes;
using QueryAudit.Aws.Tests.Support;
using QueryAudit.Core.Audit;

namespace QueryAudit.Aws.Tests.CloudWatch;

/// <summary>
/// Measures the CloudWatch source against the fake server: events per second per stream, and
/// FilterLogEvents requests per second with and without the client-side rate limit. Run with
/// <c>bench/cloudwatch-source.sh</c>; the results are recorded in docs/benchmarks.md.
/// </summary>
[TestFixture]
[Explicit("A benchmark: run bench/cloudwatch-source.sh")]
[NonParallelizable]
public sealed class CloudWatchSourceBenchmark
{
    private const int StreamCount = 3;

    // Full pages (about 7,000 events under the 1 MB cap) without and with the default rate
    // limit, then 500-event pages, where the 5 requests per second limit decides the speed.
    [TestCase(false, 10_000, 10)]
    [TestCase(true, 10_000, 10)]
    [TestCase(true, 500, 2)]
    public async Task ReadCapture_copiesInThreeStreams(bool defaultRateLimits, int pageEvents, int copies)
    {
        await using FakeCloudWatchLogsServer server = await FakeCloudWatchLogsServer.StartAsync();
        server.MaxPageEvents = pageEvents;
        long first = AuroraCapture.TimestampMs(AuroraCapture.Lines[0]);
        long span = AuroraCapture.Lines.Max(AuroraCapture.TimestampMs) - first + 1;
        for (int copy = 0; copy < copies; copy++)
        {
            for (int s = 0; s < StreamCount; s++)
            {
                long shift = copy * span;
                server.Store.PutLogEvents(
                    AuroraCapture.Group,
                    $"billing-prod-instance-{s + 1}",
                    AuroraCapture.Lines.Where((_, i) => i % StreamCount == s).Select(l => (AuroraCapture.TimestampMs(l) + shift, l, AuroraCapture.TimestampMs(l) + shift)));
            }
        }

        SteppingClock clock = new(DateTimeOffset.FromUnixTimeMilliseconds(first + (copies * span)) + TimeSpan.FromHours(1));
        server.Clock = clock;
        CloudWatchLogsRateLimits limits = defaultRateLimits
            ? new CloudWatchLogsRateLimits()
            : new CloudWatchLogsRateLimits { FilterLogEventsPerSecond = 100_000, DescribeLogStreamsPerSecond = 100_000, Burst = 100 };
        using HttpClient http = new();
        CloudWatchLogsClient client = new(
            http,
            new CloudWatchLogsClientOptions { Region = "us-east-1", ServiceUrl = server.ServiceUrl },
            new BasicAWSCredentials(FakeCloudWatchLogsServer.AccessKey, FakeCloudWatchLogsServer.SecretKey),
            new CloudWatchLogsRequestLimiter(limits, TimeProvider.System));
        CloudWatchAuditSource source = new(client, new CloudWatchSourceOptions
        {
            ClusterIdentifier = "billing-prod",
            StartTime = DateTimeOffset.FromUnixTimeMilliseconds(first),
            EndTime = DateTimeOffset.FromUnixTimeMilliseconds(first + (copies * span)),
        }, timeProvider: clock);

        long lines = 0;
        long bytes = 0;
        Stopwatch watch = Stopwatch.StartNew();
        await foreach (RawAuditLine line in source.ReadLinesAsync(CancellationToken.None))
        {
            lines++;
            bytes += line.Bytes.Length;
        }

        watch.Stop();
        IReadOnlyList<CloudWatchStreamStatistics> statistics = source.GetStatistics();
        double seconds = watch.Elapsed.TotalSeconds;
        int requests = server.RequestCount("FilterLogEvents");
        TestContext.Out.WriteLine($"rate limits: {(defaultRateLimits ? "default (FilterLogEvents 5/s, burst 1)" : "off")}, at most {pageEvents} events per page");
        TestContext.Out.WriteLine($"events: {lines} in {StreamCount} streams, {bytes / 1e6:0.0} MB of lines, {seconds:0.00} s");
        TestContext.Out.WriteLine($"events/s: {lines / seconds:0} overall, {lines / seconds / StreamCount:0} per stream");
        TestContext.Out.WriteLine($"FilterLogEvents: {requests} requests, {requests / seconds:0.0}/s on average, at most {server.MaxRequestsPerSecond("FilterLogEvents")} in any 1 s");
        TestContext.Out.WriteLine($"events re-read in overlaps and skipped: {statistics.Sum(s => s.DuplicatesSkipped)}; windows: {statistics.Sum(s => s.WindowsRead)}");

        Assert.That(lines, Is.EqualTo((long)AuroraCapture.Lines.Count * copies));
        if (defaultRateLimits)
        {
            Assert.That(server.MaxRequestsPerSecond("FilterLogEvents"), Is.LessThanOrEqualTo(6));
        }
    }
}
