namespace QueryAudit.Aws.CloudWatchLogs.Model;

/// <summary>
/// One page of <c>DescribeLogGroups</c> results; finished when <see cref="NextToken"/> is null.
/// </summary>
public sealed class DescribeLogGroupsResponse
{
    public List<LogGroup> LogGroups { get; set; } = [];

    public string? NextToken { get; set; }
}
