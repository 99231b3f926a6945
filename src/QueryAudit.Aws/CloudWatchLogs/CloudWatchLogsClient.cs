using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Amazon.Runtime;
using Amazon.Runtime.Credentials;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using QueryAudit.Aws.CloudWatchLogs.Model;
using QueryAudit.Aws.Signing;

namespace QueryAudit.Aws.CloudWatchLogs;

/// <summary>
/// A CloudWatch Logs client over <see cref="HttpClient"/> for the JSON 1.1 protocol
/// (<c>POST /</c>, <c>X-Amz-Target: Logs_20140328.Operation</c>), signed with SigV4.
/// </summary>
/// <remarks>
/// Every request waits for the shared rate limiter, is cancelled after
/// <see cref="CloudWatchLogsClientOptions.RequestTimeout"/>, and is retried with exponential
/// backoff and full jitter on throttling, 5xx replies, time-outs and dropped connections.
/// Credentials come from AWSSDK.Core's default chain (environment, profile, web identity,
/// container and instance roles) unless given.
/// </remarks>
public sealed class CloudWatchLogsClient : ICloudWatchLogsClient, IDisposable
{
    /// <summary>The operations this client implements, which are also the rate-limiter keys.</summary>
    public static readonly IReadOnlyList<string> Operations = ["FilterLogEvents", "GetLogEvents", "DescribeLogStreams", "DescribeLogGroups"];

    private const string TargetPrefix = "Logs_20140328.";
    private static readonly MediaTypeHeaderValue JsonContentType = MediaTypeHeaderValue.Parse("application/x-amz-json-1.1");
    private static readonly CloudWatchLogsJsonContext Json = CloudWatchLogsJsonContext.Default;

    private readonly HttpClient _httpClient;
    private readonly CloudWatchLogsClientOptions _options;
    private readonly SigV4Signer _signer;
    private readonly CloudWatchLogsRequestLimiter _limiter;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _credentialsGate = new(1, 1);
    private AWSCredentials? _credentials;
    private bool _ownsHttpClient;

    /// <summary>Creates a client.</summary>
    /// <param name="httpClient">The HTTP client to send with; its own timeout should not be shorter than <see cref="CloudWatchLogsClientOptions.RequestTimeout"/>.</param>
    /// <param name="options">Region, endpoint, time-out and retry settings.</param>
    /// <param name="credentials">Credentials to sign with; null resolves AWSSDK.Core's default chain on first use.</param>
    /// <param name="limiter">The rate limiter; null shares the process-wide one of the Region and endpoint.</param>
    /// <param name="timeProvider">The clock for signing, time-outs, backoff and rate limits; null for the system clock.</param>
    /// <param name="logger">Receives one message per retry.</param>
    public CloudWatchLogsClient(
        HttpClient httpClient,
        CloudWatchLogsClientOptions options,
        AWSCredentials? credentials = null,
        CloudWatchLogsRequestLimiter? limiter = null,
        TimeProvider? timeProvider = null,
        ILogger<CloudWatchLogsClient>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();

        _httpClient = httpClient;
        _options = options;
        Region = options.ResolveRegion();
        ServiceUrl = options.ResolveServiceUrl(Region);
        _signer = new SigV4Signer(Region, "logs");
        _limiter = limiter ?? CloudWatchLogsRequestLimiter.GetShared(Region, ServiceUrl, options.RateLimits);
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _credentials = credentials;
    }

    /// <summary>The Region requests are signed for.</summary>
    public string Region { get; }

    /// <summary>The endpoint requests are sent to.</summary>
    public Uri ServiceUrl { get; }

    /// <summary>Creates a client with its own <see cref="HttpClient"/>, for callers without dependency injection.</summary>
    public static CloudWatchLogsClient Create(CloudWatchLogsClientOptions options, AWSCredentials? credentials = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);

        // The per-attempt time-out is enforced by the client, so HttpClient's own one is off.
        HttpClient httpClient = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = Timeout.InfiniteTimeSpan };
        return new CloudWatchLogsClient(httpClient, options, credentials, logger: loggerFactory?.CreateLogger<CloudWatchLogsClient>()) { _ownsHttpClient = true };
    }

    /// <summary>Releases the HTTP client when <see cref="Create"/> made it.</summary>
    public void Dispose()
    {
        _credentialsGate.Dispose();
        if (_ownsHttpClient)
        {
            _httpClient.Dispose();
        }
    }

    /// <inheritdoc />
    public Task<FilterLogEventsResponse> FilterLogEventsAsync(FilterLogEventsRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        string streams = request.LogStreamNames is { Count: > 0 } names ? string.Join(',', names) : request.LogStreamNamePrefix + "*";
        return InvokeAsync("FilterLogEvents", request, Json.FilterLogEventsRequest, Json.FilterLogEventsResponse, $"{GroupOf(request.LogGroupName, request.LogGroupIdentifier)}/{streams}", cancellationToken);
    }

    /// <inheritdoc />
    public Task<GetLogEventsResponse> GetLogEventsAsync(GetLogEventsRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return InvokeAsync("GetLogEvents", request, Json.GetLogEventsRequest, Json.GetLogEventsResponse, $"{GroupOf(request.LogGroupName, request.LogGroupIdentifier)}/{request.LogStreamName}", cancellationToken);
    }

    /// <inheritdoc />
    public Task<DescribeLogStreamsResponse> DescribeLogStreamsAsync(DescribeLogStreamsRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return InvokeAsync("DescribeLogStreams", request, Json.DescribeLogStreamsRequest, Json.DescribeLogStreamsResponse, GroupOf(request.LogGroupName, request.LogGroupIdentifier), cancellationToken);
    }

    /// <inheritdoc />
    public Task<DescribeLogGroupsResponse> DescribeLogGroupsAsync(DescribeLogGroupsRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return InvokeAsync("DescribeLogGroups", request, Json.DescribeLogGroupsRequest, Json.DescribeLogGroupsResponse, (request.LogGroupNamePrefix ?? request.LogGroupNamePattern ?? "") + "*", cancellationToken);
    }

    private static string GroupOf(string? name, string? identifier) => name ?? identifier ?? "(no log group)";

    private async Task<TResponse> InvokeAsync<TRequest, TResponse>(
        string operation, TRequest request, JsonTypeInfo<TRequest> requestInfo, JsonTypeInfo<TResponse> responseInfo, string target, CancellationToken cancellationToken)
        where TResponse : class
    {
        byte[] body = JsonSerializer.SerializeToUtf8Bytes(request, requestInfo);
        int maxAttempts = _options.MaxAttempts;

        for (int attempt = 1; ; attempt++)
        {
            await _limiter.WaitAsync(operation, cancellationToken).ConfigureAwait(false);
            ImmutableCredentials credentials = await GetCredentialsAsync(cancellationToken).ConfigureAwait(false);

            using CancellationTokenSource timeout = new(_options.RequestTimeout, _timeProvider);
            using CancellationTokenSource linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            string reason;
            Exception failure;
            try
            {
                return await SendOnceAsync(operation, body, credentials, responseInfo, linked.Token).ConfigureAwait(false);
            }
            catch (AmazonCloudWatchLogsException e) when (RetryPolicy.IsRetryable(e.ErrorCode, e.StatusCode))
            {
                reason = $"{e.ErrorCode} (HTTP {(int)e.StatusCode})";
                failure = e;
            }
            catch (HttpRequestException e)
            {
                reason = $"a connection error ({e.HttpRequestError})";
                failure = e;
            }
            catch (IOException e)
            {
                reason = "a connection error while reading the reply";
                failure = e;
            }
            catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested && timeout.IsCancellationRequested)
            {
                reason = $"no complete reply within {_options.RequestTimeout.TotalSeconds:0.###} s";
                failure = new TimeoutException(
                    $"CloudWatch Logs {operation} for {target} at {ServiceUrl} timed out after {_options.RequestTimeout.TotalSeconds:0.###} s; raise RequestTimeout or check the network path to the endpoint.", e);
            }

            if (attempt >= maxAttempts)
            {
                Log.RequestFailed(_logger, operation, target, reason, attempt);
                if (failure is TimeoutException)
                {
                    throw failure;
                }

                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
            }

            TimeSpan delay = RetryPolicy.ComputeDelay(attempt, _options.RetryBaseDelay, _options.RetryMaxDelay, Random.Shared.NextDouble());
            Log.RetryingRequest(_logger, operation, target, reason, attempt + 1, maxAttempts, (long)delay.TotalMilliseconds);
            await Task.Delay(delay, _timeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<TResponse> SendOnceAsync<TResponse>(
        string operation, byte[] body, ImmutableCredentials credentials, JsonTypeInfo<TResponse> responseInfo, CancellationToken cancellationToken)
        where TResponse : class
    {
        using HttpRequestMessage message = new(HttpMethod.Post, ServiceUrl);
        message.Content = new ByteArrayContent(body);
        message.Content.Headers.ContentType = JsonContentType;
        message.Headers.TryAddWithoutValidation("X-Amz-Target", TargetPrefix + operation);
        _signer.Sign(message, body, credentials, _timeProvider.GetUtcNow());

        using HttpResponseMessage response = await _httpClient.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw await ReadErrorAsync(operation, response, cancellationToken).ConfigureAwait(false);
        }

        Stream content = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (content.ConfigureAwait(false))
        {
            try
            {
                return await JsonSerializer.DeserializeAsync(content, responseInfo, cancellationToken).ConfigureAwait(false)
                    ?? throw new JsonException("The reply body is the JSON literal null.");
            }
            catch (JsonException e)
            {
                throw new AmazonCloudWatchLogsException(
                    $"CloudWatch Logs {operation} at {ServiceUrl} returned HTTP {(int)response.StatusCode} with a body that is not a valid {typeof(TResponse).Name}: {e.Message} Check that ServiceUrl points at CloudWatch Logs.",
                    e, ErrorType.Receiver, "InvalidReply", RequestIdOf(response), response.StatusCode);
            }
        }
    }

    private static async Task<AmazonCloudWatchLogsException> ReadErrorAsync(string operation, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        string text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        ErrorResponse? error = null;
        try
        {
            error = JsonSerializer.Deserialize(text, Json.ErrorResponse);
        }
        catch (JsonException)
        {
            // A proxy or load balancer may reply with HTML, so the status code alone classifies the error.
        }

        string? type = error?.Type;
        if (string.IsNullOrEmpty(type) && response.Headers.TryGetValues("x-amzn-ErrorType", out IEnumerable<string>? values))
        {
            type = values.FirstOrDefault();
        }

        string code = ErrorCodeOf(type) ?? $"Http{(int)response.StatusCode}";
        string message = $"CloudWatch Logs {operation} failed with {code} (HTTP {(int)response.StatusCode}): {error?.Message ?? Truncate(text)}";
        string? requestId = RequestIdOf(response);
        if (code == "ResourceNotFoundException")
        {
            return new ResourceNotFoundException(message, requestId, response.StatusCode);
        }

        ErrorType errorType = (int)response.StatusCode >= 500 ? ErrorType.Receiver : ErrorType.Sender;
        return new AmazonCloudWatchLogsException(message, null, errorType, code, requestId, response.StatusCode);
    }

    /// <summary>Cuts <c>aws.protocol#Code:detail</c> down to <c>Code</c>, as the AWS SDKs do.</summary>
    internal static string? ErrorCodeOf(string? type)
    {
        if (string.IsNullOrWhiteSpace(type))
        {
            return null;
        }

        string code = type;
        int colon = code.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0)
        {
            code = code[..colon];
        }

        int hash = code.LastIndexOf('#');
        if (hash >= 0)
        {
            code = code[(hash + 1)..];
        }

        return code.Trim();
    }

    private static string? RequestIdOf(HttpResponseMessage response) =>
        response.Headers.TryGetValues("x-amzn-RequestId", out IEnumerable<string>? values) ? values.FirstOrDefault() : null;

    private static string Truncate(string text) => text.Length <= 300 ? text : text[..300] + "...";

    private async Task<ImmutableCredentials> GetCredentialsAsync(CancellationToken cancellationToken)
    {
        AWSCredentials? credentials = _credentials;
        if (credentials is null)
        {
            await _credentialsGate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                _credentials ??= await DefaultAWSCredentialsIdentityResolver.GetCredentialsAsync(null).ConfigureAwait(false);
                credentials = _credentials;
            }
            finally
            {
                _credentialsGate.Release();
            }
        }

        // AWSCredentials caches refreshing credentials (container or instance roles) itself.
        return await credentials.GetCredentialsAsync().ConfigureAwait(false);
    }
}
