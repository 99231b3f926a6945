namespace QueryAudit.Aws.CloudWatchLogs.Model;

/// <summary>
/// One event returned by <c>FilterLogEvents</c>.
/// </summary>
public sealed class FilteredLogEvent
{
    /// <summary>The stream that contains the event.</summary>
    public string? LogStreamName { get; set; }

    /// <summary>The event's own time, in epoch milliseconds.</summary>
    public long? Timestamp { get; set; }

    /// <summary>The raw log line.</summary>
    public string? Message { get; set; }

    /// <summary>When CloudWatch Logs ingested the event, in epoch milliseconds.</summary>
    public long? IngestionTime { get; set; }

    /// <summary>The event's unique id within the log group.</summary>
    public string? EventId { get; set; }
}
