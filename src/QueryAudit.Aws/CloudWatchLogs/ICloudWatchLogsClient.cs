using QueryAudit.Aws.CloudWatchLogs.Model;

namespace QueryAudit.Aws.CloudWatchLogs;

/// <summary>
/// The CloudWatch Logs operations QueryAudit reads with; the same method shapes as
/// <c>IAmazonCloudWatchLogs</c> in AWSSDK.CloudWatchLogs.
/// </summary>
public interface ICloudWatchLogsClient
{
    /// <summary>Returns one page of events that match a time range and an optional filter pattern.</summary>
    Task<FilterLogEventsResponse> FilterLogEventsAsync(FilterLogEventsRequest request, CancellationToken cancellationToken = default);

    /// <summary>Returns one page of events of one stream.</summary>
    Task<GetLogEventsResponse> GetLogEventsAsync(GetLogEventsRequest request, CancellationToken cancellationToken = default);

    /// <summary>Returns one page of the streams of a log group.</summary>
    Task<DescribeLogStreamsResponse> DescribeLogStreamsAsync(DescribeLogStreamsRequest request, CancellationToken cancellationToken = default);

    /// <summary>Returns one page of log groups.</summary>
    Task<DescribeLogGroupsResponse> DescribeLogGroupsAsync(DescribeLogGroupsRequest request, CancellationToken cancellationToken = default);
}
