namespace QueryAudit.Aws.CloudWatchLogs;

/// <summary>
/// Settings of <see cref="CloudWatchLogsClient"/>: where to send requests, how long to wait and how to retry.
/// </summary>
public sealed class CloudWatchLogsClientOptions
{
    /// <summary>
    /// The Region, e.g. <c>ap-northeast-1</c>. Default null: taken from the <c>AWS_REGION</c> or
    /// <c>AWS_DEFAULT_REGION</c> environment variable.
    /// </summary>
    public string? Region { get; set; }

    /// <summary>
    /// The endpoint, e.g. a VPC endpoint or <c>http://127.0.0.1:PORT</c> for a test server.
    /// Default null: <c>https://logs.REGION.amazonaws.com</c> (<c>.amazonaws.com.cn</c> in the China Regions).
    /// </summary>
    public Uri? ServiceUrl { get; set; }

    /// <summary>Time allowed for one attempt, from sending the request to reading the whole reply. Default 30 seconds.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Attempts per request, the first included, before the error is raised. Default 8: with the
    /// default delays the last attempt starts after about a minute of throttling in the worst case.
    /// </summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>Upper bound of the first retry delay; each retry doubles it. Default 200 ms.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Upper bound of any retry delay. Default 20 seconds.</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// Client-side request rates per operation, in requests per second, shared by every client of
    /// the process that uses the same Region, endpoint and access key.
    /// </summary>
    public CloudWatchLogsRateLimits RateLimits { get; set; } = new();

    /// <summary>Resolves <see cref="Region"/> from the options or the environment.</summary>
    /// <exception cref="InvalidOperationException">No Region is set anywhere.</exception>
    public string ResolveRegion()
    {
        string? region = Region;
        if (string.IsNullOrWhiteSpace(region))
        {
            region = Environment.GetEnvironmentVariable("AWS_REGION");
        }

        if (string.IsNullOrWhiteSpace(region))
        {
            region = Environment.GetEnvironmentVariable("AWS_DEFAULT_REGION");
        }

        if (string.IsNullOrWhiteSpace(region))
        {
            throw new InvalidOperationException(
                "No AWS Region is set for CloudWatch Logs: set the Region option or the AWS_REGION environment variable, e.g. AWS_REGION=ap-northeast-1.");
        }

        return region.Trim();
    }

    /// <summary>Resolves <see cref="ServiceUrl"/>, defaulting to the public endpoint of <paramref name="region"/>.</summary>
    public Uri ResolveServiceUrl(string region)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(region);
        if (ServiceUrl is not null)
        {
            return ServiceUrl;
        }

        string domain = region.StartsWith("cn-", StringComparison.Ordinal) ? "amazonaws.com.cn" : "amazonaws.com";
        return new Uri($"https://logs.{region}.{domain}/");
    }

    /// <summary>Checks every setting and names the first invalid one.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range.</exception>
    public void Validate()
    {
        if (RequestTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(RequestTimeout), RequestTimeout, "RequestTimeout must be positive, e.g. 00:00:30.");
        }

        if (MaxAttempts < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxAttempts), MaxAttempts, "MaxAttempts must be at least 1 (1 means no retries).");
        }

        if (RetryBaseDelay < TimeSpan.Zero || RetryMaxDelay < RetryBaseDelay)
        {
            throw new ArgumentOutOfRangeException(nameof(RetryMaxDelay), RetryMaxDelay, "RetryBaseDelay must be at least zero and RetryMaxDelay at least RetryBaseDelay.");
        }

        if (ServiceUrl is { IsAbsoluteUri: false })
        {
            throw new ArgumentOutOfRangeException(nameof(ServiceUrl), ServiceUrl, "ServiceUrl must be an absolute URL such as https://logs.ap-northeast-1.amazonaws.com.");
        }

        RateLimits.Validate();
    }
}
