namespace QueryAudit.Aws.CloudWatchLogs.Model;

/// <summary>
/// One page of <c>DescribeLogStreams</c> results; finished when <see cref="NextToken"/> is null.
/// </summary>
public sealed class DescribeLogStreamsResponse
{
    public List<LogStream> LogStreams { get; set; } = [];

    public string? NextToken { get; set; }
}
