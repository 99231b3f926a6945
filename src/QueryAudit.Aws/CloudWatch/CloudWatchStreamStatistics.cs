namespace QueryAudit.Aws.CloudWatch;

/// <summary>
/// What <see cref="CloudWatchAuditSource"/> has done with one log stream so far.
/// </summary>
/// <param name="LogStreamName">The stream (DB instance).</param>
/// <param name="EventsDelivered">Events handed on as lines, each once.</param>
/// <param name="DuplicatesSkipped">Events returned again (overlap re-reads, repeated pages) and skipped by event id.</param>
/// <param name="LateEvents">Events first seen when a window's overlap was read again, i.e. ingested after the window that contains them had been read.</param>
/// <param name="WindowsRead">Windows queried with FilterLogEvents.</param>
/// <param name="WindowsSkipped">Windows not queried because the stream cannot contain events in them (see <see cref="CloudWatchAuditSource"/>).</param>
/// <param name="Requests">FilterLogEvents pages requested.</param>
/// <param name="MaxIngestionDelay">The longest delay from an event's timestamp to its ingestion among the delivered events.</param>
/// <param name="IsGone">Whether the stream no longer exists.</param>
public sealed record CloudWatchStreamStatistics(
    string LogStreamName,
    long EventsDelivered,
    long DuplicatesSkipped,
    long LateEvents,
    long WindowsRead,
    long WindowsSkipped,
    long Requests,
    TimeSpan MaxIngestionDelay,
    bool IsGone);
