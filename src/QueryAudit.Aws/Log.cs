using Microsoft.Extensions.Logging;

namespace QueryAudit.Aws;

/// <summary>
/// Log messages of the AWS sources. Event ids: 6100-6199 CloudWatch Logs client,
/// 6200-6299 CloudWatch source, 6300-6399 S3 archive and report sink.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 6101, Level = LogLevel.Warning,
        Message = "CloudWatch Logs {Operation} for {Target} failed with {Reason}; attempt {Attempt} of {MaxAttempts} starts in {DelayMs} ms")]
    public static partial void RetryingRequest(ILogger logger, string operation, string target, string reason, int attempt, int maxAttempts, long delayMs);

    [LoggerMessage(EventId = 6102, Level = LogLevel.Error,
        Message = "CloudWatch Logs {Operation} for {Target} failed with {Reason} after {Attempts} attempts")]
    public static partial void RequestFailed(ILogger logger, string operation, string target, string reason, int attempts);

    [LoggerMessage(EventId = 6201, Level = LogLevel.Information,
        Message = "Found log stream {LogGroup}/{LogStream}; reading it from {ReadFrom:o}")]
    public static partial void StreamDiscovered(ILogger logger, string logGroup, string logStream, DateTimeOffset readFrom);

    [LoggerMessage(EventId = 6202, Level = LogLevel.Debug,
        Message = "Read {LogGroup}/{LogStream} window {WindowStart:o} to {WindowEnd:o}: {Delivered} new events, {Duplicates} already seen, {Late} late")]
    public static partial void WindowRead(ILogger logger, string logGroup, string logStream, DateTimeOffset windowStart, DateTimeOffset windowEnd, int delivered, int duplicates, int late);

    [LoggerMessage(EventId = 6203, Level = LogLevel.Warning,
        Message = "Log stream {LogGroup}/{LogStream} no longer exists; its checkpoint is kept at {WindowEnd:o}")]
    public static partial void StreamGone(ILogger logger, string logGroup, string logStream, DateTimeOffset windowEnd);

    [LoggerMessage(EventId = 6204, Level = LogLevel.Warning,
        Message = "Log group {LogGroup} does not exist yet; is audit log export to CloudWatch Logs enabled for the cluster? Checking again in {PollInterval}")]
    public static partial void GroupMissing(ILogger logger, string logGroup, TimeSpan pollInterval);

    [LoggerMessage(EventId = 6205, Level = LogLevel.Information,
        Message = "Read log group {LogGroup} up to {ReadUpTo:o}: {Streams} streams, {Delivered} events delivered so far")]
    public static partial void CaughtUp(ILogger logger, string logGroup, DateTimeOffset readUpTo, int streams, long delivered);

    [LoggerMessage(EventId = 6206, Level = LogLevel.Information,
        Message = "Event {EventId} of {LogGroup}/{LogStream} at {Timestamp:o} was ingested {DelaySeconds} s after its timestamp, after its window had been read; the overlap read found it")]
    public static partial void LateEvent(ILogger logger, string logGroup, string logStream, string eventId, DateTimeOffset timestamp, long delaySeconds);

    [LoggerMessage(EventId = 6301, Level = LogLevel.Information,
        Message = "Reading {ObjectUri} ({Size} bytes) as {Layout}")]
    public static partial void ReadingObject(ILogger logger, string objectUri, long size, string layout);

    [LoggerMessage(EventId = 6302, Level = LogLevel.Information,
        Message = "Uploaded report {ObjectUri} ({Size} bytes, SHA-256 {Sha256}) with Object Lock {Mode} until {RetainUntil:o}")]
    public static partial void ReportUploaded(ILogger logger, string objectUri, long size, string sha256, string mode, DateTimeOffset? retainUntil);

    [LoggerMessage(EventId = 6303, Level = LogLevel.Warning,
        Message = "Skipped {Count} records of {ObjectUri} that are not CloudWatch Logs data messages (type {MessageType})")]
    public static partial void SkippedRecords(ILogger logger, string objectUri, int count, string messageType);

    [LoggerMessage(EventId = 6304, Level = LogLevel.Information,
        Message = "Dropped {Count} events of {ObjectUri} whose stream and event id were read before (a Firehose redelivery; window {RedeliveryWindow})")]
    public static partial void RedeliveredEvents(ILogger logger, string objectUri, long count, TimeSpan redeliveryWindow);

    [LoggerMessage(EventId = 6305, Level = LogLevel.Information,
        Message = "Dropped {Dropped} of the {Lines} lines of {ObjectUri}: export objects of other tasks contain them for log stream folder {Stream} between {Earliest:o} and {Latest:o}")]
    public static partial void OverlappingExportLines(ILogger logger, string objectUri, long dropped, long lines, string stream, DateTimeOffset earliest, DateTimeOffset latest);

    [LoggerMessage(EventId = 6306, Level = LogLevel.Warning,
        Message = "Did not compare {ObjectUri} with the earlier export object {EarlierUri} because {Reason}; events that both contain are read twice")]
    public static partial void ExportObjectNotCompared(ILogger logger, string objectUri, string earlierUri, string reason);
}
