namespace QueryAudit.Aws.Tests.Support;

/// <summary>
/// A virtual clock for end-to-end tests: <see cref="GetUtcNow"/> moves only when a test calls
/// <see cref="Advance"/> or when a timer created through it fires. Timers fire after about a
/// millisecond of real time and move the clock forward by their due time, so a component that
/// sleeps for a minute of virtual time wakes up at once.
/// </summary>
/// <remarks>Use it only for components whose every timer is a sleep; a time-out timer would fire at once.</remarks>
public sealed class SteppingClock(DateTimeOffset start) : TimeProvider
{
    private long _utcTicks = start.UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _utcTicks), TimeSpan.Zero);

    /// <summary>Moves the clock forward.</summary>
    public void Advance(TimeSpan amount) => Interlocked.Add(ref _utcTicks, amount.Ticks);

    /// <summary>Moves the clock forward to <paramref name="time"/> unless it is already later.</summary>
    public void AdvanceTo(DateTimeOffset time)
    {
        long target = time.UtcTicks;
        long current;
        do
        {
            current = Interlocked.Read(ref _utcTicks);
            if (current >= target)
            {
                return;
            }
        }
        while (Interlocked.CompareExchange(ref _utcTicks, target, current) != current);
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        new SteppingTimer(this, callback, state, dueTime, period);

    private sealed class SteppingTimer : ITimer
    {
        private readonly SteppingClock _clock;
        private readonly TimerCallback _callback;
        private readonly object? _state;
        private readonly Timer _timer;
        private TimeSpan _dueTime;
        private TimeSpan _period;

        public SteppingTimer(SteppingClock clock, TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            _clock = clock;
            _callback = callback;
            _state = state;
            _timer = new Timer(_ => Fire());
            Change(dueTime, period);
        }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            _dueTime = dueTime;
            _period = period;
            return _timer.Change(dueTime == Timeout.InfiniteTimeSpan ? Timeout.InfiniteTimeSpan : TimeSpan.FromMilliseconds(1), Timeout.InfiniteTimeSpan);
        }

        public void Dispose() => _timer.Dispose();

        public ValueTask DisposeAsync() => _timer.DisposeAsync();

        private void Fire()
        {
            _clock.Advance(_dueTime);
            _callback(_state);
            if (_period != Timeout.InfiniteTimeSpan && _period > TimeSpan.Zero)
            {
                _dueTime = _period;
                _timer.Change(TimeSpan.FromMilliseconds(1), Timeout.InfiniteTimeSpan);
            }
        }
    }
}
