using System.Collections.Concurrent;
using QueryAudit.Aws.Throttling;

namespace QueryAudit.Aws.CloudWatchLogs;

/// <summary>
/// One <see cref="RequestRateLimiter"/> per CloudWatch Logs operation, so that every reader of
/// one account and Region shares the same request budget.
/// </summary>
public sealed class CloudWatchLogsRequestLimiter
{
    private static readonly ConcurrentDictionary<string, CloudWatchLogsRequestLimiter> SharedLimiters = new(StringComparer.Ordinal);

    private readonly Dictionary<string, RequestRateLimiter> _byOperation;

    /// <summary>Creates a limiter with its own budget (tests, or a process that reads several accounts).</summary>
    public CloudWatchLogsRequestLimiter(CloudWatchLogsRateLimits limits, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentNullException.ThrowIfNull(timeProvider);
        limits.Validate();

        _byOperation = new(StringComparer.Ordinal);
        foreach (string operation in CloudWatchLogsClient.Operations)
        {
            _byOperation.Add(operation, new RequestRateLimiter(limits.RateFor(operation), limits.Burst, timeProvider));
        }
    }

    /// <summary>
    /// Returns the process-wide limiter for a Region and endpoint, creating it with
    /// <paramref name="limits"/> on first use; later callers share it whatever limits they pass.
    /// </summary>
    /// <remarks>
    /// NOTE: AWS counts quotas per account and Region. The key has no account, because the
    /// account is not known before the first call. So a process that reads two accounts in one
    /// Region shares one budget, which is slower but stays under the quota.
    /// </remarks>
    public static CloudWatchLogsRequestLimiter GetShared(string region, Uri serviceUrl, CloudWatchLogsRateLimits limits)
    {
        ArgumentNullException.ThrowIfNull(serviceUrl);
        return SharedLimiters.GetOrAdd($"{region}|{serviceUrl.AbsoluteUri}", _ => new CloudWatchLogsRequestLimiter(limits, TimeProvider.System));
    }

    /// <summary>Waits until one request of <paramref name="operation"/> may start.</summary>
    public ValueTask WaitAsync(string operation, CancellationToken cancellationToken) =>
        _byOperation.TryGetValue(operation, out RequestRateLimiter? limiter)
            ? limiter.WaitAsync(cancellationToken)
            : throw new ArgumentOutOfRangeException(nameof(operation), operation, "Unknown CloudWatch Logs operation.");
}
