namespace QueryAudit.Aws.CloudWatchLogs.Model;

/// <summary>
/// Parameters of the <c>DescribeLogStreams</c> operation, named as in AWSSDK.CloudWatchLogs.
/// </summary>
public sealed class DescribeLogStreamsRequest
{
    public string? LogGroupName { get; set; }

    public string? LogGroupIdentifier { get; set; }

    /// <summary>Only streams whose names start with this; not together with ordering by <c>LastEventTime</c>.</summary>
    public string? LogStreamNamePrefix { get; set; }

    /// <summary><c>LogStreamName</c> (service default) or <c>LastEventTime</c>.</summary>
    public string? OrderBy { get; set; }

    public bool? Descending { get; set; }

    public string? NextToken { get; set; }

    /// <summary>Maximum streams per page, 1 to 50; the service default is 50.</summary>
    public int? Limit { get; set; }
}
