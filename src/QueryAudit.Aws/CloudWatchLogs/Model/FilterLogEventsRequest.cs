namespace QueryAudit.Aws.CloudWatchLogs.Model;

/// <summary>
/// Parameters of the <c>FilterLogEvents</c> operation, named as in AWSSDK.CloudWatchLogs.
/// </summary>
/// <remarks>Times are epoch milliseconds. Null members are not sent.</remarks>
public sealed class FilterLogEventsRequest
{
    /// <summary>The log group name; exactly one of this and <see cref="LogGroupIdentifier"/> must be set.</summary>
    public string? LogGroupName { get; set; }

    /// <summary>The log group name or ARN.</summary>
    public string? LogGroupIdentifier { get; set; }

    /// <summary>1 to 100 streams to search; not together with <see cref="LogStreamNamePrefix"/>.</summary>
    public List<string>? LogStreamNames { get; set; }

    /// <summary>Searches the streams whose names start with this prefix.</summary>
    public string? LogStreamNamePrefix { get; set; }

    /// <summary>First event timestamp to return, inclusive, in epoch milliseconds.</summary>
    public long? StartTime { get; set; }

    /// <summary>Last event timestamp to return, exclusive, in epoch milliseconds.</summary>
    public long? EndTime { get; set; }

    /// <summary>A CloudWatch Logs filter pattern (at most 1,024 characters); null returns every event.</summary>
    public string? FilterPattern { get; set; }

    /// <summary>The token from the previous page; null for the first page.</summary>
    public string? NextToken { get; set; }

    /// <summary>Maximum events per page, 1 to 10,000; the service default is 10,000.</summary>
    public int? Limit { get; set; }

    /// <summary>Whether to unmask data protected by a data protection policy (needs <c>logs:Unmask</c>).</summary>
    public bool? Unmask { get; set; }
}
