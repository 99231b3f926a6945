namespace QueryAudit.Aws.CloudWatchLogs.Model;

/// <summary>
/// One event returned by <c>GetLogEvents</c>; unlike <see cref="FilteredLogEvent"/> it has no event id.
/// </summary>
public sealed class OutputLogEvent
{
    /// <summary>The event's own time, in epoch milliseconds.</summary>
    public long? Timestamp { get; set; }

    public string? Message { get; set; }

    /// <summary>When CloudWatch Logs ingested the event, in epoch milliseconds.</summary>
    public long? IngestionTime { get; set; }
}
