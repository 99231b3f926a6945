using QueryAudit.Aws.CloudWatchLogs.Model;

namespace QueryAudit.Aws.CloudWatch;

/// <summary>
/// The read position and de-duplication memory of one log stream. Times are epoch milliseconds.
/// </summary>
/// <remarks>
/// Invariants: <see cref="WindowEnd"/> never moves back; every delivered event with a timestamp
/// at or after <see cref="OverlapStart"/> is in the seen set. The seen set is pruned only when a
/// window closes, so a window can recognise any event it already delivered, wherever the
/// service repeats it.
/// </remarks>
internal sealed class StreamReadState
{
    private readonly HashSet<string> _seenIds = new(StringComparer.Ordinal);
    private readonly List<SeenEvent> _seen = [];

    public StreamReadState(string logGroupName, string logStreamName, long startTime, StreamCheckpoint? checkpoint)
    {
        LogGroupName = logGroupName;
        LogStreamName = logStreamName;
        SourceName = $"{logGroupName}/{logStreamName}";
        if (checkpoint is null)
        {
            WindowEnd = startTime;
            OverlapStart = startTime;
            return;
        }

        WindowEnd = checkpoint.WindowEnd;
        OverlapStart = checkpoint.OverlapStart;
        foreach (SeenEvent seen in checkpoint.SeenEvents)
        {
            if (_seenIds.Add(seen.EventId))
            {
                _seen.Add(seen);
            }
        }
    }

    public string LogGroupName { get; }

    public string LogStreamName { get; }

    /// <summary><c>group/stream</c>, the <see cref="Core.Audit.SourcePosition.Source"/> of every line.</summary>
    public string SourceName { get; }

    public long WindowEnd { get; private set; }

    public long OverlapStart { get; private set; }

    /// <summary>The stream as last described; null before the first discovery.</summary>
    public LogStream? Description { get; set; }

    /// <summary>True when the last discovery did not find the stream.</summary>
    public bool IsGone { get; set; }

    public long EventsDelivered { get; private set; }

    public long DuplicatesSkipped { get; set; }

    public long LateEvents { get; set; }

    public long WindowsRead { get; set; }

    public long WindowsSkipped { get; set; }

    public long Requests { get; set; }

    public long MaxIngestionDelayMs { get; set; }

    /// <summary>Returns where the next window starts: the overlap before <see cref="WindowEnd"/>, never before what the seen set covers or the period start.</summary>
    public long NextWindowStart(long overlapMs, long periodStart) => Math.Max(Math.Max(WindowEnd - overlapMs, OverlapStart), periodStart);

    /// <summary>Records a delivery; false when the event was delivered before.</summary>
    public bool TryDeliver(string eventId, long timestamp)
    {
        if (!_seenIds.Add(eventId))
        {
            DuplicatesSkipped++;
            return false;
        }

        _seen.Add(new SeenEvent(eventId, timestamp));
        EventsDelivered++;

        // Events arrive in timestamp order, so every visible event before this one has been delivered.
        WindowEnd = Math.Max(WindowEnd, timestamp);
        return true;
    }

    /// <summary>Closes a window: everything before <paramref name="windowEnd"/> is read, and the seen set keeps only the new overlap.</summary>
    public void CompleteWindow(long windowEnd, long overlapMs)
    {
        WindowEnd = Math.Max(WindowEnd, windowEnd);
        OverlapStart = Math.Max(OverlapStart, WindowEnd - overlapMs);

        long keepFrom = OverlapStart;
        _seen.RemoveAll(e =>
        {
            bool drop = e.Timestamp < keepFrom;
            if (drop)
            {
                _seenIds.Remove(e.EventId);
            }

            return drop;
        });
    }

    public StreamCheckpoint ToCheckpoint(long overlapMs, string? filterPattern)
    {
        long overlapStart = Math.Max(OverlapStart, WindowEnd - overlapMs);
        return new StreamCheckpoint
        {
            LogGroupName = LogGroupName,
            LogStreamName = LogStreamName,
            WindowEnd = WindowEnd,
            OverlapStart = overlapStart,
            SeenEvents = [.. _seen.Where(e => e.Timestamp >= overlapStart)],
            FilterPattern = filterPattern,
        };
    }

    public CloudWatchStreamStatistics ToStatistics() => new(
        LogStreamName, EventsDelivered, DuplicatesSkipped, LateEvents, WindowsRead, WindowsSkipped, Requests, TimeSpan.FromMilliseconds(MaxIngestionDelayMs), IsGone);
}
