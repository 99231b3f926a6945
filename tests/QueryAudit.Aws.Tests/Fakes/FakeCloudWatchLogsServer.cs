using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace QueryAudit.Aws.Tests.Fakes;

/// <summary>
/// An in-process CloudWatch Logs server on 127.0.0.1 for tests. It speaks the JSON 1.1
/// protocol, verifies SigV4 signatures, pages with opaque tokens under the 1 MB / 10,000-event
/// caps, and can inject throttling, server errors, slow replies, dropped connections and
/// repeated events.
/// </summary>
public sealed partial class FakeCloudWatchLogsServer : IAsyncDisposable
{
    /// <summary>The access key id the fake accepts, with <see cref="SecretKey"/>.</summary>
    public const string AccessKey = "AKIDEXAMPLE";

    /// <summary>The secret of <see cref="AccessKey"/>.</summary>
    public const string SecretKey = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

    /// <summary>The page byte cap of FilterLogEvents and GetLogEvents: 1 MB, counting each event as its UTF-8 message plus 26 bytes.</summary>
    public const int MaxPageBytes = 1_048_576;

    private const int EventOverheadBytes = 26;
    private const string TargetPrefix = "Logs_20140328.";

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<FakeFault> _scheduledFaults = new();
    private readonly ConcurrentDictionary<string, int> _requestCounts = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<(string Operation, long Timestamp)> _requestLog = new();
    private int _requestNumber;

    private FakeCloudWatchLogsServer(WebApplication app, Uri serviceUrl)
    {
        _app = app;
        ServiceUrl = serviceUrl;
    }

    /// <summary>The base address, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri ServiceUrl { get; }

    /// <summary>The groups, streams and events served.</summary>
    public FakeLogStore Store { get; } = new();

    /// <summary>The clock that decides which events are visible (ingested).</summary>
    public TimeProvider Clock { get; set; } = TimeProvider.System;

    /// <summary>The clock that signing times must be within 15 minutes of; the system clock, as the clients sign with it.</summary>
    public TimeProvider SigningClock { get; set; } = TimeProvider.System;

    /// <summary>Maximum events per FilterLogEvents or GetLogEvents page (at most 10,000, the AWS cap).</summary>
    public int MaxPageEvents { get; set; } = 10_000;

    /// <summary>Every Nth FilterLogEvents page (with more to come) is returned empty, as CloudWatch Logs sometimes does; 0 disables.</summary>
    public int EmptyPageEvery { get; set; }

    /// <summary>Number of events at the end of each FilterLogEvents page that the next page returns again; 0 disables.</summary>
    public int RepeatedEventsPerPage { get; set; }

    /// <summary>Chooses a fault by request number (1-based) and operation, after the scheduled faults are used up.</summary>
    public Func<int, string, FakeFault>? FaultSchedule { get; set; }

    /// <summary>How long a <see cref="FakeFault.SlowReply"/> waits before replying (real time).</summary>
    public TimeSpan SlowReplyDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Called at the start of each request with its operation name; tests use it to move a virtual clock.</summary>
    public Action<string>? OnRequest { get; set; }

    /// <summary>Requests whose signature was rejected.</summary>
    public int RejectedSignatures => _requestCounts.GetValueOrDefault("(rejected signature)");

    /// <summary>Faults injected so far.</summary>
    public int InjectedFaults => _requestCounts.GetValueOrDefault("(fault)");

    /// <summary>Starts a server on a free port of 127.0.0.1.</summary>
    public static async Task<FakeCloudWatchLogsServer> StartAsync()
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        WebApplication app = builder.Build();

        FakeCloudWatchLogsServer? server = null;
        app.Run(context => server!.HandleAsync(context));
        await app.StartAsync();

        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        server = new FakeCloudWatchLogsServer(app, new Uri(address.TrimEnd('/') + "/"));
        return server;
    }

    /// <summary>Makes the next requests fail with the given faults, one each, in order.</summary>
    public void ScheduleFaults(params FakeFault[] faults)
    {
        ArgumentNullException.ThrowIfNull(faults);
        foreach (FakeFault fault in faults)
        {
            _scheduledFaults.Enqueue(fault);
        }
    }

    /// <summary>Returns how many requests of an operation were handled (faults included).</summary>
    public int RequestCount(string operation) => _requestCounts.GetValueOrDefault(operation);

    /// <summary>Returns the largest number of requests of <paramref name="operation"/> that arrived within any one-second interval.</summary>
    public int MaxRequestsPerSecond(string operation)
    {
        long[] times = [.. _requestLog.Where(r => r.Operation == operation).Select(r => r.Timestamp).Order()];
        long second = TimeProvider.System.TimestampFrequency;
        int max = 0;
        int first = 0;
        for (int last = 0; last < times.Length; last++)
        {
            while (times[last] - times[first] >= second)
            {
                first++;
            }

            max = Math.Max(max, last - first + 1);
        }

        return max;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private long NowMs => Clock.GetUtcNow().ToUnixTimeMilliseconds();

    private async Task HandleAsync(HttpContext context)
    {
        string target = context.Request.Headers["X-Amz-Target"].ToString();
        string operation = target.StartsWith(TargetPrefix, StringComparison.Ordinal) ? target[TargetPrefix.Length..] : target;
        OnRequest?.Invoke(operation);
        int number = Interlocked.Increment(ref _requestNumber);
        _requestLog.Enqueue((operation, TimeProvider.System.GetTimestamp()));

        using MemoryStream buffer = new();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        byte[] body = buffer.ToArray();

        (string Code, string Message)? signatureError = FakeSigV4Verifier.Verify(
            context.Request, body, new Dictionary<string, string> { [AccessKey] = SecretKey }, "logs", SigningClock.GetUtcNow());
        if (signatureError is { } rejected)
        {
            _requestCounts.AddOrUpdate("(rejected signature)", 1, (_, n) => n + 1);
            await WriteErrorAsync(context, 400, rejected.Code, rejected.Message);
            return;
        }

        _requestCounts.AddOrUpdate(operation, 1, (_, n) => n + 1);
        FakeFault fault = _scheduledFaults.TryDequeue(out FakeFault scheduled) ? scheduled : FaultSchedule?.Invoke(number, operation) ?? FakeFault.None;
        if (fault != FakeFault.None)
        {
            _requestCounts.AddOrUpdate("(fault)", 1, (_, n) => n + 1);
        }

        switch (fault)
        {
            case FakeFault.Throttle:
                await WriteErrorAsync(context, 400, "ThrottlingException", "Rate exceeded");
                return;
            case FakeFault.InternalError:
                await WriteErrorAsync(context, 500, "InternalFailure", "The request processing has failed because of an unknown error.");
                return;
            case FakeFault.ServiceUnavailable:
                await WriteErrorAsync(context, 503, "ServiceUnavailableException", "The service cannot complete the request.");
                return;
            case FakeFault.DropConnection:
                context.Abort();
                return;
            case FakeFault.SlowReply:
                await Task.Delay(SlowReplyDelay, context.RequestAborted);
                break;
        }

        JsonDocument request;
        try
        {
            request = JsonDocument.Parse(body.Length == 0 ? "{}"u8.ToArray() : body);
        }
        catch (JsonException e)
        {
            await WriteErrorAsync(context, 400, "SerializationException", e.Message);
            return;
        }

        using (request)
        {
            byte[]? reply;
            try
            {
                reply = operation switch
                {
                    "FilterLogEvents" => FilterLogEvents(request.RootElement),
                    "GetLogEvents" => GetLogEvents(request.RootElement),
                    "DescribeLogStreams" => DescribeLogStreams(request.RootElement),
                    "DescribeLogGroups" => DescribeLogGroups(request.RootElement),
                    _ => throw new FakeServiceException(400, "UnknownOperationException", $"Operation {target} is not supported."),
                };
            }
            catch (FakeServiceException e)
            {
                await WriteErrorAsync(context, e.StatusCode, e.Code, e.Message);
                return;
            }

            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/x-amz-json-1.1";
            context.Response.Headers["x-amzn-RequestId"] = Guid.NewGuid().ToString();
            if (fault == FakeFault.DropMidReply)
            {
                context.Response.ContentLength = reply.Length;
                await context.Response.Body.WriteAsync(reply.AsMemory(0, reply.Length / 2), context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
                context.Abort();
                return;
            }

            context.Response.ContentLength = reply.Length;
            await context.Response.Body.WriteAsync(reply, context.RequestAborted);
        }
    }

    private static async Task WriteErrorAsync(HttpContext context, int status, string code, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/x-amz-json-1.1";
        context.Response.Headers["x-amzn-RequestId"] = Guid.NewGuid().ToString();
        context.Response.Headers["x-amzn-ErrorType"] = $"{code}:";
        byte[] body = WriteJson(w =>
        {
            w.WriteString("__type", $"com.amazonaws.logs#{code}");
            w.WriteString("message", message);
        });
        await context.Response.Body.WriteAsync(body, context.RequestAborted);
    }

    private static byte[] WriteJson(Action<Utf8JsonWriter> writeMembers)
    {
        using MemoryStream stream = new();
        using (Utf8JsonWriter writer = new(stream))
        {
            writer.WriteStartObject();
            writeMembers(writer);
            writer.WriteEndObject();
        }

        return stream.ToArray();
    }

    /// <summary>
    /// The size of an event against the 1 MB page cap. The 26 bytes per event come from the
    /// PutLogEvents batch rule (API reference); that reads apply the same rule is an assumption of the fake.
    /// </summary>
    private static int EventSize(FakeLogEvent e) => Encoding.UTF8.GetByteCount(e.Message) + EventOverheadBytes;

    private sealed class FakeServiceException(int statusCode, string code, string message) : Exception(message)
    {
        public int StatusCode { get; } = statusCode;

        public string Code { get; } = code;
    }
}
