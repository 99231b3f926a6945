namespace QueryAudit.Aws.CloudWatchLogs.Model;

/// <summary>
/// Parameters of the <c>DescribeLogGroups</c> operation, named as in AWSSDK.CloudWatchLogs.
/// </summary>
public sealed class DescribeLogGroupsRequest
{
    /// <summary>Only groups whose names start with this; not together with <see cref="LogGroupNamePattern"/>.</summary>
    public string? LogGroupNamePrefix { get; set; }

    /// <summary>Only groups whose names contain this text (case-insensitive).</summary>
    public string? LogGroupNamePattern { get; set; }

    public string? NextToken { get; set; }

    /// <summary>Maximum groups per page, 1 to 50; the service default is 50.</summary>
    public int? Limit { get; set; }
}
