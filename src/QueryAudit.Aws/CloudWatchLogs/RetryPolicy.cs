using System.Net;

namespace QueryAudit.Aws.CloudWatchLogs;

/// <summary>
/// Which CloudWatch Logs failures are retried, and how long to wait before each retry.
/// </summary>
/// <remarks>
/// The error codes are those the AWS SDKs treat as throttling or transient
/// (<c>@smithy/core</c> retry rules, JS SDK v3): a retry of them cannot change data, since
/// every operation here only reads.
/// </remarks>
internal static class RetryPolicy
{
    private static readonly HashSet<string> RetryableCodes = new(StringComparer.Ordinal)
    {
        "ThrottlingException",
        "Throttling",
        "TooManyRequestsException",
        "RequestLimitExceeded",
        "RequestThrottled",
        "RequestThrottledException",
        "LimitExceededException",
        "ProvisionedThroughputExceededException",
        "SlowDown",
        "ServiceUnavailableException",
        "ServiceUnavailable",
        "InternalFailure",
        "RequestTimeout",
        "RequestTimeoutException",
    };

    /// <summary>Whether an error reply should be retried.</summary>
    public static bool IsRetryable(string errorCode, HttpStatusCode statusCode) =>
        RetryableCodes.Contains(errorCode)
        || statusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.InternalServerError or HttpStatusCode.BadGateway
            or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;

    /// <summary>
    /// Returns the delay before retry number <paramref name="retry"/> (1 for the first retry):
    /// exponential backoff with full jitter, a uniform draw from zero to
    /// min(<paramref name="maxDelay"/>, <paramref name="baseDelay"/> × 2^(retry − 1)).
    /// </summary>
    /// <param name="retry">1 for the first retry.</param>
    /// <param name="baseDelay">The upper bound of the first delay.</param>
    /// <param name="maxDelay">The upper bound of every delay.</param>
    /// <param name="jitter">A draw from [0, 1).</param>
    public static TimeSpan ComputeDelay(int retry, TimeSpan baseDelay, TimeSpan maxDelay, double jitter)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(retry, 1);

        double ceilingTicks = Math.Min(maxDelay.Ticks, baseDelay.Ticks * Math.Pow(2, Math.Min(retry - 1, 62)));
        return TimeSpan.FromTicks((long)(ceilingTicks * jitter));
    }
}
