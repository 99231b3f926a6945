using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using QueryAudit.Aws.CloudWatchLogs;
using QueryAudit.Aws.CloudWatchLogs.Model;
using QueryAudit.Core.Audit;

namespace QueryAudit.Aws.CloudWatch;

/// <summary>
/// Reads an Aurora audit log group from CloudWatch Logs, one stream per DB instance. With its
/// checkpoints committed together with the results, no event is delivered twice across
/// restarts, and none is missed that arrives within the safety lag plus the overlap.
/// </summary>
/// <remarks>
/// <para>
/// Each stream is read in closed time windows with FilterLogEvents. A window ends at most
/// <see cref="CloudWatchSourceOptions.SafetyLag"/> before now, and starts
/// <see cref="CloudWatchSourceOptions.Overlap"/> before the end of the previous one. Events are
/// de-duplicated by event id, never by time, because many events share a millisecond and
/// CloudWatch Logs may ingest an event after the window holding it has been read.
/// </para>
/// <para>
/// Backfill and live following are the same loop: with an
/// <see cref="CloudWatchSourceOptions.EndTime"/> reading stops once the period is closed and
/// read; without one it waits <see cref="CloudWatchSourceOptions.PollInterval"/> and goes on,
/// or ends with <see cref="CloudWatchSourceOptions.StopWhenCaughtUp"/>. Streams are
/// discovered again at every poll, so new instances are picked up; a stream that disappears
/// keeps its checkpoint.
/// </para>
/// <para>
/// A window is not queried when the stream cannot hold events in it, by the PutLogEvents
/// rules: an event's timestamp is at most 2 hours after and at most 14 days before its
/// ingestion. A stream whose last ingestion is more than 3 hours (2 hours plus an hour for
/// AWS's eventually consistent stream times) before a window is not queried for it.
/// </para>
/// <para>
/// Checkpoints (<see cref="GetCheckpoints"/>) include every line already yielded; take them
/// between lines, not while a read is in progress on another thread.
/// </para>
/// </remarks>
public sealed class CloudWatchAuditSource : IAuditLineSource
{
    private const string SpecPrefix = "cloudwatch:";

    /// <summary>Bytes passed on from a message longer than the maximum line length: enough for the quarantine preview.</summary>
    private const int OverlongPrefixBytes = 1024;

    private static readonly long IdleStreamMarginMs = (long)TimeSpan.FromHours(3).TotalMilliseconds;
    private static readonly long MaxPastTimestampMs = (long)TimeSpan.FromDays(14).TotalMilliseconds;

    private readonly ICloudWatchLogsClient _client;
    private readonly CloudWatchSourceOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly SortedDictionary<string, StreamReadState> _streams = new(StringComparer.Ordinal);
    private readonly long _periodStart;
    private readonly long? _periodEnd;
    private readonly long _overlapMs;
    private readonly long _windowMs;
    private readonly long _lagMs;
    private readonly AuditLogFormat _format;
    private byte[] _lineBuffer = new byte[4096];

    /// <summary>Creates a source; nothing is requested until reading starts.</summary>
    /// <param name="client">The CloudWatch Logs client (its rate limiter and retries apply to every request).</param>
    /// <param name="options">Group, period and window settings; validated here.</param>
    /// <param name="checkpoints">Checkpoints from an earlier run; streams without one start at <see cref="CloudWatchSourceOptions.StartTime"/>.</param>
    /// <param name="timeProvider">The clock that closes windows; null for the system clock.</param>
    /// <param name="logger">Receives stream discovery, window and late-event messages.</param>
    public CloudWatchAuditSource(
        ICloudWatchLogsClient client,
        CloudWatchSourceOptions options,
        IEnumerable<StreamCheckpoint>? checkpoints = null,
        TimeProvider? timeProvider = null,
        ILogger<CloudWatchAuditSource>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();

        _client = client;
        _options = options;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        LogGroupName = options.ResolveLogGroupName();
        Name = SpecPrefix + (options.ClusterIdentifier ?? LogGroupName);
        _periodStart = options.StartTime!.Value.ToUnixTimeMilliseconds();
        _periodEnd = options.EndTime?.ToUnixTimeMilliseconds();
        _overlapMs = (long)options.Overlap.TotalMilliseconds;
        _windowMs = (long)options.WindowSize.TotalMilliseconds;
        _lagMs = (long)options.SafetyLag.TotalMilliseconds;
        _format = options.Format ?? (LogGroupName.StartsWith("/aws/rds/cluster/", StringComparison.Ordinal) ? AuditLogFormat.Aurora : AuditLogFormat.Auto);

        foreach (StreamCheckpoint checkpoint in checkpoints ?? [])
        {
            if (checkpoint.LogGroupName != LogGroupName)
            {
                throw new ArgumentException(
                    $"The checkpoint of stream {checkpoint.LogStreamName} belongs to log group {checkpoint.LogGroupName}, not {LogGroupName}; pass only the checkpoints of this group.",
                    nameof(checkpoints));
            }

            _streams[checkpoint.LogStreamName] = new StreamReadState(LogGroupName, checkpoint.LogStreamName, _periodStart, checkpoint);
        }
    }

    /// <inheritdoc />
    /// <remarks><c>cloudwatch:CLUSTER</c>, or <c>cloudwatch:GROUP</c> when a group was given.</remarks>
    public string Name { get; }

    /// <summary>The log group read.</summary>
    public string LogGroupName { get; }

    /// <summary>The server-side filter pattern, for the report's statement of what was not read; null for none.</summary>
    public string? FilterPattern => _options.FilterPattern;

    /// <summary>Returns <c>CLUSTER</c> from a source argument <c>cloudwatch:CLUSTER</c>.</summary>
    public static bool TryParseSpec(string spec, out string clusterIdentifier)
    {
        ArgumentNullException.ThrowIfNull(spec);
        clusterIdentifier = "";
        if (!spec.StartsWith(SpecPrefix, StringComparison.OrdinalIgnoreCase) || spec.Length == SpecPrefix.Length)
        {
            return false;
        }

        clusterIdentifier = spec[SpecPrefix.Length..];
        return true;
    }

    /// <summary>Returns the Aurora audit log groups (<c>/aws/rds/cluster/*/audit</c>) of the account and Region.</summary>
    public static async Task<IReadOnlyList<string>> FindAuditLogGroupsAsync(ICloudWatchLogsClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);

        List<string> groups = [];
        string? token = null;
        do
        {
            DescribeLogGroupsResponse page = await client.DescribeLogGroupsAsync(
                new DescribeLogGroupsRequest { LogGroupNamePrefix = "/aws/rds/cluster/", NextToken = token }, cancellationToken).ConfigureAwait(false);
            groups.AddRange(page.LogGroups.Select(g => g.LogGroupName).OfType<string>().Where(n => n.EndsWith("/audit", StringComparison.Ordinal)));
            token = page.NextToken;
        }
        while (token is not null);

        return groups;
    }

    /// <summary>Returns the names of the log streams (DB instances) of <paramref name="logGroupName"/>, in name order.</summary>
    /// <exception cref="AuditInputException">The log group does not exist.</exception>
    public static async Task<IReadOnlyList<string>> ListLogStreamNamesAsync(ICloudWatchLogsClient client, string logGroupName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);

        List<string> names = [];
        string? token = null;
        do
        {
            DescribeLogStreamsResponse page;
            try
            {
                page = await client.DescribeLogStreamsAsync(
                    new DescribeLogStreamsRequest { LogGroupName = logGroupName, NextToken = token }, cancellationToken).ConfigureAwait(false);
            }
            catch (ResourceNotFoundException e)
            {
                throw new AuditInputException(
                    SpecPrefix + logGroupName,
                    $"CloudWatch log group {logGroupName} does not exist in this account and Region. Enable the 'audit' log export of the cluster (and server_audit_logging), or check the cluster name and AWS_REGION.",
                    e);
            }

            names.AddRange(page.LogStreams.Select(s => s.LogStreamName).OfType<string>());
            token = page.NextToken;
        }
        while (token is not null);

        names.Sort(StringComparer.Ordinal);
        return names;
    }

    /// <summary>Returns one checkpoint per stream known so far, including every line already yielded.</summary>
    public IReadOnlyList<StreamCheckpoint> GetCheckpoints() => [.. _streams.Values.Select(s => s.ToCheckpoint(_overlapMs, _options.FilterPattern))];

    /// <summary>Returns the counters of every stream known so far.</summary>
    public IReadOnlyList<CloudWatchStreamStatistics> GetStatistics() => [.. _streams.Values.Select(s => s.ToStatistics())];

    /// <inheritdoc />
    /// <exception cref="AuditInputException">The log group does not exist.</exception>
    public async IAsyncEnumerable<RawAuditLine> ReadLinesAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        long lastDiscovery = 0;
        bool discovered = false;
        bool loggedCaughtUp = false;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!discovered || _timeProvider.GetElapsedTime(lastDiscovery) >= _options.PollInterval)
            {
                await DiscoverStreamsAsync(cancellationToken).ConfigureAwait(false);
                lastDiscovery = _timeProvider.GetTimestamp();
                discovered = true;
            }

            long closedUpTo = _timeProvider.GetUtcNow().ToUnixTimeMilliseconds() - _lagMs;
            long target = _periodEnd is { } end ? Math.Min(closedUpTo, end) : closedUpTo;
            bool readAny = false;
            foreach (StreamReadState stream in _streams.Values.Where(s => !s.IsGone && s.WindowEnd < target).ToList())
            {
                readAny = true;
                loggedCaughtUp = false;
                long windowStart = stream.NextWindowStart(_overlapMs, _periodStart);
                long windowEnd = Math.Min(stream.WindowEnd + _windowMs, target);
                if (CannotHoldEvents(stream.Description, windowStart, windowEnd))
                {
                    stream.WindowsSkipped++;
                    stream.CompleteWindow(windowEnd, _overlapMs);
                    continue;
                }

                await foreach (RawAuditLine line in ReadWindowAsync(stream, windowStart, windowEnd, cancellationToken).ConfigureAwait(false))
                {
                    yield return line;
                }
            }

            if (readAny)
            {
                continue;
            }

            if (_periodEnd is { } periodEnd && closedUpTo >= periodEnd + _overlapMs)
            {
                // The period is closed, and even its last events have had the safety lag plus the
                // overlap to arrive: read the overlap once more, then look for streams that appeared meanwhile.
                int known = _streams.Count;
                foreach (StreamReadState stream in _streams.Values.Where(s => !s.IsGone).ToList())
                {
                    await foreach (RawAuditLine line in ReadWindowAsync(stream, stream.NextWindowStart(_overlapMs, _periodStart), periodEnd, cancellationToken).ConfigureAwait(false))
                    {
                        yield return line;
                    }
                }

                await DiscoverStreamsAsync(cancellationToken).ConfigureAwait(false);
                if (_streams.Count == known)
                {
                    LogCaughtUp(periodEnd);
                    yield break;
                }

                continue;
            }

            if (_options.StopWhenCaughtUp)
            {
                // The caller polls; it logs its own progress, so a quiet stream does not log every poll.
                yield break;
            }

            if (!loggedCaughtUp)
            {
                LogCaughtUp(target);
                loggedCaughtUp = true;
            }

            await Task.Delay(_options.PollInterval, _timeProvider, cancellationToken).ConfigureAwait(false);
            discovered = false;
        }
    }

    private void LogCaughtUp(long readUpTo)
    {
        if (_logger.IsEnabled(LogLevel.Information))
        {
            DateTimeOffset time = DateTimeOffset.FromUnixTimeMilliseconds(readUpTo);
            long delivered = _streams.Values.Sum(s => s.EventsDelivered);
            Log.CaughtUp(_logger, LogGroupName, time, _streams.Count, delivered);
        }
    }

    /// <summary>Whether the PutLogEvents time limits rule out any event of the stream in [start, end).</summary>
    private static bool CannotHoldEvents(LogStream? stream, long start, long end)
    {
        if (stream is null)
        {
            return false;
        }

        long? lastIngestion = stream.LastIngestionTime ?? stream.LastEventTimestamp;
        if (lastIngestion is { } last && last + IdleStreamMarginMs < start)
        {
            return true;
        }

        return stream.CreationTime is { } created && created - MaxPastTimestampMs > end;
    }

    private async Task DiscoverStreamsAsync(CancellationToken cancellationToken)
    {
        HashSet<string> found = new(StringComparer.Ordinal);
        string? token = null;
        do
        {
            DescribeLogStreamsResponse page;
            try
            {
                page = await _client.DescribeLogStreamsAsync(
                    new DescribeLogStreamsRequest { LogGroupName = LogGroupName, LogStreamNamePrefix = _options.LogStreamName ?? _options.LogStreamNamePrefix, NextToken = token },
                    cancellationToken).ConfigureAwait(false);
            }
            catch (ResourceNotFoundException e)
            {
                throw new AuditInputException(
                    Name,
                    $"CloudWatch log group {LogGroupName} does not exist in this account and Region. Enable the 'audit' log export of the cluster (and server_audit_logging), or check the cluster name and AWS_REGION.",
                    e);
            }

            foreach (LogStream described in page.LogStreams)
            {
                if (described.LogStreamName is not { } name || (_options.LogStreamName is { } only && name != only))
                {
                    continue;
                }

                found.Add(name);
                if (!_streams.TryGetValue(name, out StreamReadState? stream))
                {
                    stream = new StreamReadState(LogGroupName, name, _periodStart, null);
                    _streams.Add(name, stream);
                    if (_logger.IsEnabled(LogLevel.Information))
                    {
                        DateTimeOffset readFrom = DateTimeOffset.FromUnixTimeMilliseconds(stream.NextWindowStart(_overlapMs, _periodStart));
                        Log.StreamDiscovered(_logger, LogGroupName, name, readFrom);
                    }
                }

                stream.Description = described;
                stream.IsGone = false;
            }

            token = page.NextToken;
        }
        while (token is not null);

        foreach (StreamReadState stream in _streams.Values.Where(s => !s.IsGone && !found.Contains(s.LogStreamName)))
        {
            MarkGone(stream);
        }
    }

    private void MarkGone(StreamReadState stream)
    {
        stream.IsGone = true;
        Log.StreamGone(_logger, LogGroupName, stream.LogStreamName, DateTimeOffset.FromUnixTimeMilliseconds(stream.WindowEnd));
    }

    private async IAsyncEnumerable<RawAuditLine> ReadWindowAsync(
        StreamReadState stream, long windowStart, long windowEnd, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        long readBefore = stream.WindowEnd;
        long deliveredBefore = stream.EventsDelivered;
        long duplicatesBefore = stream.DuplicatesSkipped;
        long lateBefore = stream.LateEvents;
        stream.WindowsRead++;

        string? token = null;
        do
        {
            FilterLogEventsResponse? page = await ReadPageAsync(stream, windowStart, windowEnd, token, cancellationToken).ConfigureAwait(false);
            if (page is null)
            {
                // The stream was deleted; its checkpoint stays where the last delivered line left it.
                yield break;
            }

            foreach (FilteredLogEvent e in page.Events)
            {
                if (e.EventId is not { } eventId || e.Timestamp is not { } timestamp)
                {
                    throw new InvalidDataException(
                        $"CloudWatch Logs returned an event of {stream.SourceName} without an eventId or timestamp; the endpoint {nameof(CloudWatchLogsClientOptions.ServiceUrl)} may not be CloudWatch Logs.");
                }

                // FilterLogEvents documents endTime as inclusive; events at windowEnd belong to the next window.
                if (timestamp < windowStart || timestamp >= windowEnd || !stream.TryDeliver(eventId, timestamp))
                {
                    continue;
                }

                NoteIngestion(stream, e, eventId, timestamp, readBefore);
                yield return CreateLine(stream, eventId, e.Message ?? "");
            }

            token = page.NextToken;
        }
        while (token is not null);

        stream.CompleteWindow(windowEnd, _overlapMs);
        if (!_logger.IsEnabled(LogLevel.Debug))
        {
            yield break;
        }

        DateTimeOffset start = DateTimeOffset.FromUnixTimeMilliseconds(windowStart);
        DateTimeOffset end = DateTimeOffset.FromUnixTimeMilliseconds(windowEnd);
        Log.WindowRead(
            _logger,
            LogGroupName,
            stream.LogStreamName,
            start,
            end,
            (int)(stream.EventsDelivered - deliveredBefore),
            (int)(stream.DuplicatesSkipped - duplicatesBefore),
            (int)(stream.LateEvents - lateBefore));
    }

    private async Task<FilterLogEventsResponse?> ReadPageAsync(StreamReadState stream, long windowStart, long windowEnd, string? token, CancellationToken cancellationToken)
    {
        stream.Requests++;
        try
        {
            return await _client.FilterLogEventsAsync(
                new FilterLogEventsRequest
                {
                    LogGroupName = LogGroupName,
                    LogStreamNames = [stream.LogStreamName],
                    StartTime = windowStart,
                    EndTime = windowEnd,
                    FilterPattern = _options.FilterPattern,
                    Limit = _options.PageLimit,
                    NextToken = token,
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (ResourceNotFoundException)
        {
            MarkGone(stream);
            return null;
        }
    }

    private void NoteIngestion(StreamReadState stream, FilteredLogEvent e, string eventId, long timestamp, long readBefore)
    {
        long delay = (e.IngestionTime ?? timestamp) - timestamp;
        stream.MaxIngestionDelayMs = Math.Max(stream.MaxIngestionDelayMs, delay);
        if (timestamp < readBefore)
        {
            stream.LateEvents++;
            if (_logger.IsEnabled(LogLevel.Information))
            {
                DateTimeOffset time = DateTimeOffset.FromUnixTimeMilliseconds(timestamp);
                Log.LateEvent(_logger, LogGroupName, stream.LogStreamName, eventId, time, delay / 1000);
            }
        }
    }

    private RawAuditLine CreateLine(StreamReadState stream, string eventId, string message)
    {
        ReadOnlySpan<char> text = message.AsSpan().TrimEnd("\r\n");
        int length = Encoding.UTF8.GetByteCount(text);
        bool overlong = length > _options.MaxLineBytes;
        int kept = overlong ? Math.Min(OverlongPrefixBytes, _options.MaxLineBytes) : length;
        if (_lineBuffer.Length < length)
        {
            _lineBuffer = new byte[Math.Max(length, _lineBuffer.Length * 2)];
        }

        Encoding.UTF8.GetBytes(text, _lineBuffer);
        return new RawAuditLine(_lineBuffer.AsMemory(0, kept), new SourcePosition(stream.SourceName, 0, eventId), stream.LogStreamName, _format)
        {
            FullLength = overlong ? length : 0,
        };
    }
}
