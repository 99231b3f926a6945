using System.Collections.Concurrent;

namespace QueryAudit.Worker.Hosting;

/// <summary>
/// Counters that the sources update after each committed batch and that <see cref="MetricsReporter"/> reads.
/// Thread-safe: each folder source runs on its own task.
/// </summary>
internal sealed class IngestionMetrics
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _newestEvent = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SourceCounters> _bySource = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string[]> _instancesBySource = new(StringComparer.Ordinal);
    private volatile IReadOnlyDictionary<string, long> _silentHoursByInstance = new Dictionary<string, long>(StringComparer.Ordinal);
    private long _events;
    private long _parseErrors;
    private long _criticalFindings;
    private long _logGaps;

    /// <summary>Events committed since the service started.</summary>
    public long Events => Interlocked.Read(ref _events);

    public long ParseErrors => Interlocked.Read(ref _parseErrors);

    public long CriticalFindings => Interlocked.Read(ref _criticalFindings);

    /// <summary>Silent gaps that the last completeness check found.</summary>
    public long LogGaps => Interlocked.Read(ref _logGaps);

    /// <summary>Timestamp of the newest committed event per configured source.</summary>
    public IReadOnlyDictionary<string, DateTimeOffset> NewestEvents => _newestEvent;

    public void AddBatch(string source, long events, long parseErrors, long criticalFindings, DateTimeOffset? newestEvent)
    {
        Interlocked.Add(ref _events, events);
        Interlocked.Add(ref _parseErrors, parseErrors);
        Interlocked.Add(ref _criticalFindings, criticalFindings);
        SourceCounters counters = _bySource.GetOrAdd(source, _ => new SourceCounters());
        Interlocked.Add(ref counters.ParseErrors, parseErrors);
        Interlocked.Add(ref counters.CriticalFindings, criticalFindings);
        if (newestEvent is { } newest)
        {
            _newestEvent.AddOrUpdate(source, newest, (_, old) => newest > old ? newest : old);
        }
    }

    public void SetLogGaps(long gaps) => Interlocked.Exchange(ref _logGaps, gaps);

    /// <summary>Records the silent hours that the last completeness check found, so that they can be counted per source too.</summary>
    public void SetSilentHours(IReadOnlyList<(string Instance, DateTimeOffset Hour)> silent)
    {
        ArgumentNullException.ThrowIfNull(silent);
        _silentHoursByInstance = silent.GroupBy(s => s.Instance, StringComparer.Ordinal).ToDictionary(g => g.Key, g => (long)g.Count(), StringComparer.Ordinal);
        SetLogGaps(silent.Count);
    }

    /// <summary>Records the instances (log streams) a source read at its last poll, to count their log gaps per source.</summary>
    public void SetInstances(string source, IEnumerable<string> instances) => _instancesBySource[source] = [.. instances];

    /// <summary>Returns the parse errors and critical findings committed for one source since the service started.</summary>
    public (long ParseErrors, long CriticalFindings) CountsOf(string source) =>
        _bySource.TryGetValue(source, out SourceCounters? counters)
            ? (Interlocked.Read(ref counters.ParseErrors), Interlocked.Read(ref counters.CriticalFindings))
            : (0, 0);

    /// <summary>Returns the silent hours of the last completeness check on the instances of one source.</summary>
    public long LogGapsOf(string source)
    {
        IReadOnlyDictionary<string, long> silent = _silentHoursByInstance;
        return _instancesBySource.TryGetValue(source, out string[]? instances) ? instances.Sum(i => silent.GetValueOrDefault(i)) : 0;
    }

    private sealed class SourceCounters
    {
        public long ParseErrors;
        public long CriticalFindings;
    }
}
