namespace QueryAudit.Aws.S3;

/// <summary>
/// The memory an <see cref="S3ArchiveSource"/> uses to recognise events that an archive contains twice: the Firehose
/// events of the last <see cref="RedeliveryWindow"/> of event time, by log stream and event id, and the key, task folder
/// and time span of each CloudWatch export object read. Pass the same instance to the source that reads on from a
/// checkpoint, after it has seen the lines before that checkpoint, so that a restart drops what an uninterrupted read
/// drops.
/// </summary>
/// <remarks>
/// <para>
/// Firehose retries a failed delivery, so the same subscription records, with the same CloudWatch event ids, can land
/// in a later object. Objects are read in key order, and Firehose keys start with the delivery hour (key format:
/// https://docs.aws.amazon.com/firehose/latest/dev/s3-object-name.html). So the second copy of an event is read after
/// the first, when the newest event read is about the redelivery delay ahead of it. An event id is therefore kept
/// until the newest event time read is more than the window past the event's own time. A redelivery within the window
/// is then recognised whatever the number or size of the objects between the two copies. Ids are compared exactly (see <see cref="FirehoseEventKey"/>); events without an id are
/// always delivered.
/// </para>
/// <para>
/// Memory: the ids of the events of the last 1.25 windows of event time (ids are pruned each time the newest event
/// time moves a quarter of a window), about 60 bytes each plus the dictionary's spare room (up to as much again), and
/// one entry per export object and per log stream. At 400 events a second (a billion a month) and the default hour,
/// that is about 1.8 million ids, an estimated 110 to 220 MB; it does not grow with the month. A window of a day
/// keeps 24 times as many ids.
/// </para>
/// <para>
/// An export line has no event id, so export objects are compared line by line (see <see cref="ExportLineCounts"/>):
/// only the key, task folder and time span of each object are kept here, and the lines of earlier objects are read
/// again from the archive when a later task's object overlaps them in time.
/// </para>
/// </remarks>
public sealed class ArchiveDuplicates
{
    private readonly long _windowMs;
    private readonly Dictionary<FirehoseEventKey, long> _recentEvents = [];
    private readonly Dictionary<string, int> _streams = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<ExportObjectSummary>> _exportObjects = new(StringComparer.Ordinal);
    private long _newest = long.MinValue;
    private long _prunedAt = long.MinValue;

    /// <summary>Creates an empty memory.</summary>
    /// <param name="redeliveryWindow">How far, in event time, a Firehose redelivery may lag the newest event read and still be recognised.</param>
    public ArchiveDuplicates(TimeSpan redeliveryWindow)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(redeliveryWindow, TimeSpan.Zero);
        RedeliveryWindow = redeliveryWindow;
        _windowMs = (long)redeliveryWindow.TotalMilliseconds;
    }

    /// <summary>How far, in event time, a Firehose redelivery may lag the newest event read and still be recognised.</summary>
    public TimeSpan RedeliveryWindow { get; }

    /// <summary>The number of Firehose event ids remembered now: at most the events of 1.25 windows of event time.</summary>
    public int RememberedEvents => _recentEvents.Count;

    /// <summary>
    /// Firehose events delivered although their time was more than the window before the newest event read: a second
    /// copy of such an event would not be recognised. Many of them mean the window is too short for the archive.
    /// </summary>
    public long EventsBeforeWindow { get; private set; }

    /// <summary>Records a Firehose event; false when it was read before (the same stream and event id).</summary>
    /// <param name="stream">The envelope's <c>logGroup/logStream</c>.</param>
    /// <param name="eventId">The CloudWatch Logs event id.</param>
    /// <param name="timestamp">The event time in epoch milliseconds.</param>
    internal bool TryDeliverEvent(string stream, string eventId, long timestamp)
    {
        if (!_streams.TryGetValue(stream, out int streamIndex))
        {
            streamIndex = _streams.Count;
            _streams.Add(stream, streamIndex);
        }

        FirehoseEventKey key = FirehoseEventKey.Create(streamIndex, eventId);
        if (_recentEvents.ContainsKey(key))
        {
            return false;
        }

        if (_newest != long.MinValue && timestamp < _newest - _windowMs)
        {
            // Such an event would be pruned at once, so it is not remembered and a later copy of it is not recognised.
            EventsBeforeWindow++;
            return true;
        }

        _recentEvents.Add(key, timestamp);
        if (timestamp > _newest)
        {
            _newest = timestamp;
            PruneWhenDue();
        }

        return true;
    }

    /// <summary>Returns the export objects of the log stream folder <paramref name="stream"/> read to their end so far, in the order read.</summary>
    internal IReadOnlyList<ExportObjectSummary> ExportObjectsOf(string stream) =>
        _exportObjects.TryGetValue(stream, out List<ExportObjectSummary>? found) ? found : [];

    /// <summary>Remembers an export object read to its end, for comparing later objects of its log stream folder with its lines.</summary>
    internal void AddExportObject(string stream, ExportObjectSummary summary)
    {
        if (!_exportObjects.TryGetValue(stream, out List<ExportObjectSummary>? list))
        {
            list = [];
            _exportObjects.Add(stream, list);
        }

        if (!list.Exists(s => s.ObjectKey == summary.ObjectKey))
        {
            list.Add(summary);
        }
    }

    private void PruneWhenDue()
    {
        // Pruning every quarter window keeps the cost per event constant and the memory at 1.25 windows.
        if (_prunedAt != long.MinValue && _newest - _prunedAt < _windowMs / 4)
        {
            return;
        }

        if (_prunedAt == long.MinValue)
        {
            _prunedAt = _newest;
            return;
        }

        long keepFrom = _newest - _windowMs;
        foreach ((FirehoseEventKey key, long timestamp) in _recentEvents)
        {
            if (timestamp < keepFrom)
            {
                _recentEvents.Remove(key);
            }
        }

        _prunedAt = _newest;
    }
}

/// <summary>
/// One CloudWatch export object read to its end: its key, its task folder, its ETag when read, and the earliest and
/// latest timestamps of its lines in epoch milliseconds.
/// </summary>
internal sealed record ExportObjectSummary(string ObjectKey, string TaskFolder, string? ETag, long EarliestMs, long LatestMs)
{
    /// <summary>Tells whether a line of this object can have a timestamp from <paramref name="earliestMs"/> to <paramref name="latestMs"/>.</summary>
    public bool Overlaps(long earliestMs, long latestMs) => EarliestMs <= latestMs && earliestMs <= LatestMs;
}
