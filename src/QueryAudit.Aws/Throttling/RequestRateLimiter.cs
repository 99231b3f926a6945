namespace QueryAudit.Aws.Throttling;

/// <summary>
/// Spaces requests so that at most <c>permitsPerSecond</c> start per second on average, with
/// at most <c>burst</c> starting at once after an idle period. Time comes from a <see cref="TimeProvider"/>.
/// </summary>
/// <remarks>
/// Implements the generic cell rate algorithm: each caller reserves the next slot under a
/// lock and then waits outside it, so callers are served in arrival order. A caller that is
/// cancelled while waiting does not give its slot back; the limiter errs towards fewer requests.
/// </remarks>
public sealed class RequestRateLimiter
{
    private readonly Lock _gate = new();
    private readonly TimeProvider _timeProvider;
    private readonly long _intervalTicks;
    private readonly long _burstTicks;
    private long _theoreticalArrival = long.MinValue;

    /// <summary>Creates a limiter.</summary>
    /// <param name="permitsPerSecond">Average rate; must be positive.</param>
    /// <param name="burst">Requests allowed at once after an idle period; at least 1.</param>
    /// <param name="timeProvider">The clock and timers to use.</param>
    public RequestRateLimiter(double permitsPerSecond, int burst, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        if (!(permitsPerSecond > 0) || double.IsInfinity(permitsPerSecond))
        {
            throw new ArgumentOutOfRangeException(nameof(permitsPerSecond), permitsPerSecond, "The rate must be a positive number of requests per second.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(burst, 1);

        _timeProvider = timeProvider;
        _intervalTicks = Math.Max(1, (long)(timeProvider.TimestampFrequency / permitsPerSecond));
        _burstTicks = _intervalTicks * burst;
        PermitsPerSecond = permitsPerSecond;
    }

    /// <summary>The average rate in requests per second.</summary>
    public double PermitsPerSecond { get; }

    /// <summary>Waits until the caller may start one request.</summary>
    public ValueTask WaitAsync(CancellationToken cancellationToken)
    {
        TimeSpan wait = Reserve();
        if (wait <= TimeSpan.Zero)
        {
            return cancellationToken.IsCancellationRequested ? ValueTask.FromCanceled(cancellationToken) : ValueTask.CompletedTask;
        }

        return new ValueTask(Task.Delay(wait, _timeProvider, cancellationToken));
    }

    /// <summary>Reserves the next slot and returns how long the caller must wait for it.</summary>
    internal TimeSpan Reserve()
    {
        lock (_gate)
        {
            long now = _timeProvider.GetTimestamp();
            long arrival = Math.Max(_theoreticalArrival, now);
            _theoreticalArrival = arrival + _intervalTicks;

            long releaseAt = _theoreticalArrival - _burstTicks;
            return releaseAt <= now ? TimeSpan.Zero : _timeProvider.GetElapsedTime(now, releaseAt);
        }
    }
}
