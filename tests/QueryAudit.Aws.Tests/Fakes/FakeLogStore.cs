using System.Text;

namespace QueryAudit.Aws.Tests.Fakes;

/// <summary>
/// The log groups, streams and events behind <see cref="FakeCloudWatchLogsServer"/>.
/// </summary>
/// <remarks>
/// Events of a stream are kept sorted as CloudWatch Logs returns them: by timestamp, then
/// ingestion time, then event id. All members are thread-safe.
/// </remarks>
public sealed class FakeLogStore
{
    private readonly Lock _gate = new();
    private readonly SortedDictionary<string, FakeLogGroup> _groups = new(StringComparer.Ordinal);
    private long _nextSequence;

    /// <summary>Creates a group if it does not exist.</summary>
    public void CreateLogGroup(string name, long creationTime = 0)
    {
        lock (_gate)
        {
            if (!_groups.ContainsKey(name))
            {
                _groups.Add(name, new FakeLogGroup(name, creationTime));
            }
        }
    }

    /// <summary>Creates a stream (and its group) if it does not exist.</summary>
    public void CreateLogStream(string group, string stream, long creationTime = 0)
    {
        lock (_gate)
        {
            CreateLogGroup(group, creationTime);
            FakeLogGroup logGroup = _groups[group];
            if (!logGroup.Streams.ContainsKey(stream))
            {
                logGroup.Streams.Add(stream, new FakeLogStreamData(stream, creationTime));
            }
        }
    }

    /// <summary>Deletes a stream, as retention or a deleted instance does.</summary>
    public void DeleteLogStream(string group, string stream)
    {
        lock (_gate)
        {
            _groups[group].Streams.Remove(stream);
        }
    }

    /// <summary>
    /// Adds events to a stream and returns them with their new event ids.
    /// </summary>
    /// <param name="group">The log group; created when missing.</param>
    /// <param name="stream">The log stream; created when missing.</param>
    /// <param name="events">Timestamp, message and ingestion time of each event, in epoch milliseconds.</param>
    public IReadOnlyList<FakeLogEvent> PutLogEvents(string group, string stream, IEnumerable<(long Timestamp, string Message, long IngestionTime)> events)
    {
        ArgumentNullException.ThrowIfNull(events);

        lock (_gate)
        {
            CreateLogStream(group, stream);
            FakeLogStreamData data = _groups[group].Streams[stream];
            List<FakeLogEvent> added = [];
            foreach ((long timestamp, string message, long ingestionTime) in events)
            {
                // 56 digits like real ids; the sequence keeps them unique and in put order.
                string id = $"{timestamp:D20}{++_nextSequence:D36}";
                added.Add(new FakeLogEvent(stream, timestamp, message, ingestionTime, id));
            }

            data.Events.AddRange(added);
            data.Events.Sort(CompareForReading);
            data.StoredBytes += added.Sum(e => (long)Encoding.UTF8.GetByteCount(e.Message));
            return added;
        }
    }

    /// <summary>Returns whether the group exists.</summary>
    public bool HasGroup(string group)
    {
        lock (_gate)
        {
            return _groups.ContainsKey(group);
        }
    }

    /// <summary>Returns the names of the groups, sorted.</summary>
    public IReadOnlyList<FakeLogGroup> Groups()
    {
        lock (_gate)
        {
            return [.. _groups.Values];
        }
    }

    /// <summary>Returns a snapshot of the streams of a group, or null when the group does not exist.</summary>
    public IReadOnlyList<FakeLogStreamSnapshot>? Streams(string group, long now)
    {
        lock (_gate)
        {
            if (!_groups.TryGetValue(group, out FakeLogGroup? logGroup))
            {
                return null;
            }

            return [.. logGroup.Streams.Values.Select(s => s.Snapshot(now))];
        }
    }

    /// <summary>
    /// Returns the events visible at <paramref name="now"/> in the given streams with
    /// <paramref name="start"/> ≤ timestamp ≤ <paramref name="end"/>, sorted for reading; null when the group does not exist.
    /// </summary>
    /// <exception cref="KeyNotFoundException">A named stream does not exist.</exception>
    public List<FakeLogEvent>? VisibleEvents(string group, IReadOnlyCollection<string>? streams, string? prefix, long start, long end, long now)
    {
        lock (_gate)
        {
            if (!_groups.TryGetValue(group, out FakeLogGroup? logGroup))
            {
                return null;
            }

            List<FakeLogStreamData> selected = [];
            if (streams is { Count: > 0 })
            {
                foreach (string name in streams)
                {
                    selected.Add(logGroup.Streams.TryGetValue(name, out FakeLogStreamData? data) ? data : throw new KeyNotFoundException(name));
                }
            }
            else
            {
                selected.AddRange(logGroup.Streams.Values.Where(s => prefix is null || s.Name.StartsWith(prefix, StringComparison.Ordinal)));
            }

            List<FakeLogEvent> result = [];
            foreach (FakeLogStreamData data in selected)
            {
                // Each stream's list is sorted by timestamp first, so the range is found by binary search.
                for (int i = FirstAtOrAfter(data.Events, start); i < data.Events.Count && data.Events[i].Timestamp <= end; i++)
                {
                    if (data.Events[i].IngestionTime <= now)
                    {
                        result.Add(data.Events[i]);
                    }
                }
            }

            if (selected.Count > 1)
            {
                result.Sort(CompareForReading);
            }

            return result;
        }
    }

    private static int FirstAtOrAfter(List<FakeLogEvent> events, long timestamp)
    {
        int low = 0;
        int high = events.Count;
        while (low < high)
        {
            int middle = (low + high) / 2;
            if (events[middle].Timestamp < timestamp)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }

    /// <summary>The order in which CloudWatch Logs returns events: timestamp, ingestion time, event id.</summary>
    public static int CompareForReading(FakeLogEvent? a, FakeLogEvent? b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);

        int byTime = a.Timestamp.CompareTo(b.Timestamp);
        if (byTime != 0)
        {
            return byTime;
        }

        int byIngestion = a.IngestionTime.CompareTo(b.IngestionTime);
        return byIngestion != 0 ? byIngestion : string.CompareOrdinal(a.EventId, b.EventId);
    }
}

/// <summary>A log group of <see cref="FakeLogStore"/>.</summary>
public sealed class FakeLogGroup(string name, long creationTime)
{
    public string Name { get; } = name;

    public long CreationTime { get; } = creationTime;

    internal SortedDictionary<string, FakeLogStreamData> Streams { get; } = new(StringComparer.Ordinal);
}

/// <summary>What <c>DescribeLogStreams</c> reports about a stream at one moment.</summary>
public sealed record FakeLogStreamSnapshot(string Name, long CreationTime, long? FirstEventTimestamp, long? LastEventTimestamp, long? LastIngestionTime, long StoredBytes);

internal sealed class FakeLogStreamData(string name, long creationTime)
{
    public string Name { get; } = name;

    public long CreationTime { get; } = creationTime;

    public List<FakeLogEvent> Events { get; } = [];

    public long StoredBytes { get; set; }

    public FakeLogStreamSnapshot Snapshot(long now)
    {
        List<FakeLogEvent> visible = [.. Events.Where(e => e.IngestionTime <= now)];
        return new FakeLogStreamSnapshot(
            Name,
            CreationTime,
            visible.Count == 0 ? null : visible.Min(e => e.Timestamp),
            visible.Count == 0 ? null : visible.Max(e => e.Timestamp),
            visible.Count == 0 ? null : visible.Max(e => e.IngestionTime),
            StoredBytes);
    }
}
