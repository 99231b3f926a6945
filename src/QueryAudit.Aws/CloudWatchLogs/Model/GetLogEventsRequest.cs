namespace QueryAudit.Aws.CloudWatchLogs.Model;

/// <summary>
/// Parameters of the <c>GetLogEvents</c> operation, named as in AWSSDK.CloudWatchLogs.
/// </summary>
public sealed class GetLogEventsRequest
{
    public string? LogGroupName { get; set; }

    public string? LogGroupIdentifier { get; set; }

    /// <summary>The stream to read (required).</summary>
    public string? LogStreamName { get; set; }

    /// <summary>First event timestamp, inclusive, in epoch milliseconds.</summary>
    public long? StartTime { get; set; }

    /// <summary>Last event timestamp, exclusive, in epoch milliseconds; set it on a live stream or paging may not end.</summary>
    public long? EndTime { get; set; }

    /// <summary>A token from a previous page (forward or backward).</summary>
    public string? NextToken { get; set; }

    /// <summary>Maximum events per page, 1 to 10,000.</summary>
    public int? Limit { get; set; }

    /// <summary>True to read oldest first; the service default is false, and it must be true with a forward token.</summary>
    public bool? StartFromHead { get; set; }

    public bool? Unmask { get; set; }
}
