using System.Collections.Concurrent;

namespace QueryAudit.Worker.Hosting;

/// <summary>
/// Counters that the sources update after each committed batch and that <see cref="MetricsReporter"/> reads.
/// Thread-safe: each folder source runs on its own task.
/// </summary>
internal sealed class IngestionMetrics
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _newestEvent = new(StringComparer.Ordinal);
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
        if (newestEvent is { } newest)
        {
            _newestEvent.AddOrUpdate(source, newest, (_, old) => newest > old ? newest : old);
        }
    }

    public void SetLogGaps(long gaps) => Interlocked.Exchange(ref _logGaps, gaps);
}
