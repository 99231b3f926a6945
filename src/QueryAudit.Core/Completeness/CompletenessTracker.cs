using System.Collections;
using System.Runtime.InteropServices;
using QueryAudit.Core.Audit;
using QueryAudit.Core.Policy;
using QueryAudit.Core.Reporting;

namespace QueryAudit.Core.Completeness;

/// <summary>
/// Keeps the population-completeness evidence of a period: per instance the first and last event, events per hour,
/// and a bitmap of the seconds that had events, from which silent gaps are found. Memory is one bit per second of
/// the period per instance (about 330 KB for a 31-day month).
/// </summary>
public sealed class CompletenessTracker
{
    private readonly DateTimeOffset _start;
    private readonly DateTimeOffset _end;
    private readonly long _slotTicks;
    private readonly int _slots;
    private readonly Dictionary<string, InstanceState> _instances = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _unparsedBySource = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _unreadRestBySource = new(StringComparer.Ordinal);

    // The instance of the previous event, compared by reference: a file's lines share one instance string, so this
    // saves hashing the name on almost every event.
    private string? _lastInstance;
    private InstanceState? _lastState;

    /// <param name="periodStart">Inclusive start, UTC.</param>
    /// <param name="periodEnd">Exclusive end, UTC.</param>
    public CompletenessTracker(DateTimeOffset periodStart, DateTimeOffset periodEnd)
    {
        if (periodEnd <= periodStart)
        {
            throw new ArgumentException($"The period end {periodEnd:O} must be after its start {periodStart:O}.", nameof(periodEnd));
        }

        _start = periodStart;
        _end = periodEnd;

        // One slot per second, coarser only for periods so long that the bitmap would pass 64 M slots (about two years).
        long seconds = (long)Math.Ceiling((periodEnd - periodStart).TotalSeconds);
        long secondsPerSlot = Math.Max(1, (seconds + (1L << 26) - 1) >> 26);
        _slotTicks = secondsPerSlot * TimeSpan.TicksPerSecond;
        _slots = (int)((seconds + secondsPerSlot - 1) / secondsPerSlot);
    }

    /// <summary>Events inside the period.</summary>
    public long Events { get; private set; }

    /// <summary>Events outside the period (counted, not reconciled).</summary>
    public long EventsOutsidePeriod { get; private set; }

    public long UnparsedLines { get; private set; }

    /// <summary>Unparsed lines per source.</summary>
    public IReadOnlyDictionary<string, long> UnparsedBySource => _unparsedBySource;

    /// <summary>Records every parsed event of every account, system accounts included: they prove the log was alive.</summary>
    public void Add(AuditEvent audit)
    {
        ArgumentNullException.ThrowIfNull(audit);
        DateTimeOffset at = audit.Timestamp;
        if (at < _start || at >= _end)
        {
            EventsOutsidePeriod++;
            return;
        }

        Events++;
        InstanceState? state = ReferenceEquals(audit.Instance, _lastInstance) ? _lastState : null;
        if (state is null)
        {
            if (!_instances.TryGetValue(audit.Instance, out state))
            {
                state = new InstanceState(_slots);
                _instances[audit.Instance] = state;
            }

            _lastInstance = audit.Instance;
            _lastState = state;
        }

        state.Events++;
        if (state.First is null || at < state.First)
        {
            state.First = at;
        }

        if (state.Last is null || at > state.Last)
        {
            state.Last = at;
        }

        long hour = at.UtcTicks - (at.UtcTicks % TimeSpan.TicksPerHour);
        CollectionsMarshal.GetValueRefOrAddDefault(state.Hourly, hour, out _)++;
        state.Seen[(int)((at.UtcTicks - _start.UtcTicks) / _slotTicks)] = true;
    }

    /// <summary>
    /// Records that <paramref name="source"/> could not be read to its end (a gzip file cut short, or damaged data):
    /// its lines from <paramref name="firstUnreadLine"/> (1-based) on were not read, so their events are missing.
    /// </summary>
    public void AddUnreadRest(string source, long firstUnreadLine)
    {
        ArgumentNullException.ThrowIfNull(source);
        _unreadRestBySource[source] = firstUnreadLine;
    }

    /// <summary>Sources that could not be read to their end, with the first line not read.</summary>
    public IReadOnlyDictionary<string, long> UnreadRestBySource => _unreadRestBySource;

    /// <summary>Counts an unparsed line against its source.</summary>
    public void AddUnparsed(QuarantinedLine line)
    {
        ArgumentNullException.ThrowIfNull(line);
        UnparsedLines++;
        _unparsedBySource[line.Source.Source] = _unparsedBySource.GetValueOrDefault(line.Source.Source) + 1;
    }

    /// <summary>Coverage per instance, sorted by instance.</summary>
    public IReadOnlyList<InstanceCoverage> Coverage() =>
        _instances.OrderBy(pair => pair.Key, StringComparer.Ordinal)
            .Select(pair => new InstanceCoverage(
                pair.Key,
                pair.Value.First,
                pair.Value.Last,
                pair.Value.Events,
                pair.Value.Hourly.OrderBy(h => h.Key).ToDictionary(h => new DateTimeOffset(h.Key, TimeSpan.Zero), h => h.Value)))
            .ToList();

    /// <summary>
    /// Returns every silent interval longer than the instance's threshold, including the stretch from the period start
    /// to the first event and from the last event to <paramref name="observedUntil"/> (the period end, or now for an open period).
    /// Instances in <paramref name="expectedInstances"/> with no events at all give one gap over the whole period.
    /// </summary>
    public IReadOnlyList<LogGap> Gaps(AuditPolicy policy, DateTimeOffset observedUntil, IEnumerable<string> expectedInstances)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(expectedInstances);
        DateTimeOffset until = observedUntil < _end ? observedUntil : _end;
        List<LogGap> gaps = [];
        foreach (string instance in expectedInstances.Where(i => !_instances.ContainsKey(i)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            if (until > _start)
            {
                gaps.Add(new LogGap(instance, _start, until, "no events from this instance in the period") { Cause = GapCause.NoEvents });
            }
        }

        int lastSlot = (int)Math.Clamp((until.UtcTicks - _start.UtcTicks + _slotTicks - 1) / _slotTicks, 0, _slots);
        foreach ((string instance, InstanceState state) in _instances.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            long minSlots = Math.Max(1, policy.GapThresholdFor(instance).Ticks / _slotTicks);
            int run = 0;
            for (int slot = 0; slot <= lastSlot; slot++)
            {
                if (slot < lastSlot && !state.Seen[slot])
                {
                    run++;
                    continue;
                }

                if (run > minSlots)
                {
                    DateTimeOffset from = _start.AddTicks((slot - run) * _slotTicks);
                    DateTimeOffset to = _start.AddTicks(slot * _slotTicks);
                    gaps.Add(new LogGap(instance, from, to < until ? to : until, "no events for longer than the gap threshold"));
                }

                run = 0;
            }
        }

        return gaps;
    }

    private sealed class InstanceState(int slots)
    {
        public long Events { get; set; }

        public DateTimeOffset? First { get; set; }

        public DateTimeOffset? Last { get; set; }

        public Dictionary<long, long> Hourly { get; } = [];

        public BitArray Seen { get; } = new(slots);
    }
}
