namespace QueryAudit.Aws.CloudWatchLogs;

/// <summary>
/// Client-side request rates per CloudWatch Logs operation, in requests per second.
/// </summary>
/// <remarks>
/// AWS quotas apply per account and Region and are shared by every caller, so the client stays
/// under them rather than relying on throttling replies.
/// </remarks>
public sealed class CloudWatchLogsRateLimits
{
    /// <summary>Default 5: the AWS quota for <c>FilterLogEvents</c>, which cannot be raised.</summary>
    public double FilterLogEventsPerSecond { get; set; } = 5;

    /// <summary>Default 10.</summary>
    /// <remarks>NOTE: the AWS quota for this operation was not confirmed; check Service Quotas for the account.</remarks>
    public double GetLogEventsPerSecond { get; set; } = 10;

    /// <summary>Default 25: the AWS quota for <c>DescribeLogStreams</c>.</summary>
    public double DescribeLogStreamsPerSecond { get; set; } = 25;

    /// <summary>Default 5.</summary>
    /// <remarks>NOTE: the AWS quota for this operation was not confirmed; check Service Quotas for the account.</remarks>
    public double DescribeLogGroupsPerSecond { get; set; } = 5;

    /// <summary>
    /// Requests that may start at once after an idle period. Default 1, so no one-second
    /// interval contains more than the rate plus one request.
    /// </summary>
    public int Burst { get; set; } = 1;

    /// <summary>Returns the rate for an operation name such as <c>FilterLogEvents</c>.</summary>
    public double RateFor(string operation) => operation switch
    {
        "FilterLogEvents" => FilterLogEventsPerSecond,
        "GetLogEvents" => GetLogEventsPerSecond,
        "DescribeLogStreams" => DescribeLogStreamsPerSecond,
        "DescribeLogGroups" => DescribeLogGroupsPerSecond,
        _ => throw new ArgumentOutOfRangeException(nameof(operation), operation, "Unknown CloudWatch Logs operation."),
    };

    internal void Validate()
    {
        foreach ((string name, double rate) in new[]
        {
            (nameof(FilterLogEventsPerSecond), FilterLogEventsPerSecond),
            (nameof(GetLogEventsPerSecond), GetLogEventsPerSecond),
            (nameof(DescribeLogStreamsPerSecond), DescribeLogStreamsPerSecond),
            (nameof(DescribeLogGroupsPerSecond), DescribeLogGroupsPerSecond),
        })
        {
            if (!(rate > 0) || double.IsInfinity(rate))
            {
                throw new ArgumentOutOfRangeException(name, rate, $"RateLimits.{name} must be a positive number of requests per second.");
            }
        }

        if (Burst < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Burst), Burst, "RateLimits.Burst must be at least 1.");
        }
    }
}
