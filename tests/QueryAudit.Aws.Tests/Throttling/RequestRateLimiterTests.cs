using Microsoft.Extensions.Time.Testing;
using QueryAudit.Aws.CloudWatchLogs;
using QueryAudit.Aws.Throttling;

namespace QueryAudit.Aws.Tests.Throttling;

[TestFixture]
public sealed class RequestRateLimiterTests
{
    [Test]
    public void Reserve_FiveCallsAtOnce_SpacesThemTwoHundredMillisecondsApart()
    {
        FakeTimeProvider time = new();
        RequestRateLimiter limiter = new(5, 1, time);

        TimeSpan[] waits = [.. Enumerable.Range(0, 5).Select(_ => limiter.Reserve())];

        Assert.That(waits, Is.EqualTo(Milliseconds(0, 200, 400, 600, 800)));
    }

    [Test]
    public void Reserve_AfterIdlePeriod_DoesNotSaveUpMoreThanBurst()
    {
        FakeTimeProvider time = new();
        RequestRateLimiter limiter = new(5, 2, time);
        limiter.Reserve();
        time.Advance(TimeSpan.FromMinutes(1));

        TimeSpan[] waits = [.. Enumerable.Range(0, 4).Select(_ => limiter.Reserve())];

        Assert.That(waits, Is.EqualTo(Milliseconds(0, 0, 200, 400)));
    }

    [Test]
    public void Reserve_AnyOneSecond_HoldsAtMostRatePlusBurst()
    {
        FakeTimeProvider time = new();
        RequestRateLimiter limiter = new(5, 1, time);
        List<TimeSpan> starts = [];
        TimeSpan clock = TimeSpan.Zero;

        // Callers arrive every 50 ms and start when their reserved slot comes.
        for (int i = 0; i < 100; i++)
        {
            starts.Add(clock + limiter.Reserve());
            time.Advance(TimeSpan.FromMilliseconds(50));
            clock += TimeSpan.FromMilliseconds(50);
        }

        int maxInOneSecond = starts.Max(s => starts.Count(t => t >= s && t < s + TimeSpan.FromSeconds(1)));
        Assert.That(maxInOneSecond, Is.LessThanOrEqualTo(5));
    }

    [Test]
    public async Task WaitAsync_SecondCall_CompletesOnlyWhenClockReachesSlot()
    {
        FakeTimeProvider time = new();
        RequestRateLimiter limiter = new(5, 1, time);
        await limiter.WaitAsync(CancellationToken.None);

        Task second = limiter.WaitAsync(CancellationToken.None).AsTask();
        time.Advance(TimeSpan.FromMilliseconds(199));
        bool completedEarly = second.IsCompleted;
        time.Advance(TimeSpan.FromMilliseconds(1));
        await second;

        Assert.That(completedEarly, Is.False);
    }

    [Test]
    public void WaitAsync_CancelledWhileWaiting_RaisesCancellation()
    {
        FakeTimeProvider time = new();
        RequestRateLimiter limiter = new(1, 1, time);
        limiter.Reserve();
        using CancellationTokenSource cancel = new();

        Task waiting = limiter.WaitAsync(cancel.Token).AsTask();
        cancel.Cancel();

        Assert.That(async () => await waiting, Throws.InstanceOf<OperationCanceledException>());
    }

    [TestCase(0.0)]
    [TestCase(-1.0)]
    [TestCase(double.PositiveInfinity)]
    [TestCase(double.NaN)]
    public void Constructor_InvalidRate_Raises(double rate)
    {
        Assert.That(() => new RequestRateLimiter(rate, 1, TimeProvider.System), Throws.InstanceOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public void SharedLimiter_SameRegionAndEndpoint_IsOneInstance()
    {
        Uri endpoint = new("http://127.0.0.1:1/");

        CloudWatchLogsRequestLimiter first = CloudWatchLogsRequestLimiter.GetShared("us-east-1", endpoint, new CloudWatchLogsRateLimits());
        CloudWatchLogsRequestLimiter second = CloudWatchLogsRequestLimiter.GetShared("us-east-1", endpoint, new CloudWatchLogsRateLimits());
        CloudWatchLogsRequestLimiter other = CloudWatchLogsRequestLimiter.GetShared("eu-west-1", endpoint, new CloudWatchLogsRateLimits());

        Assert.That(second, Is.SameAs(first));
        Assert.That(other, Is.Not.SameAs(first));
    }

    private static TimeSpan[] Milliseconds(params int[] values) => [.. values.Select(ms => TimeSpan.FromMilliseconds(ms))];
}
