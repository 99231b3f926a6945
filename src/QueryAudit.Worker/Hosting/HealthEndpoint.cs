using System.Net;
using System.Text;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using QueryAudit.Core.State;

namespace QueryAudit.Worker.Hosting;

/// <summary>
/// Serves <c>GET /health/live</c> (200 while the process runs) and <c>GET /health/ready</c> (200 when the store
/// answers and no source lags more than <c>Ingestion:MaxLag</c>, else 503) on <c>Health:Address</c> and
/// <c>Health:Port</c>. <see cref="HttpListener"/> keeps the worker free of the ASP.NET Core framework.
/// </summary>
internal sealed class HealthEndpoint(
    StoreAccessor store,
    IngestionMetrics metrics,
    IOptions<QueryAuditOptions> options,
    TimeProvider timeProvider,
    ILogger<HealthEndpoint> logger) : BackgroundService
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        HealthOptions health = options.Value.Health;
        if (health.Port == 0)
        {
            return;
        }

        using HttpListener listener = new();
        string prefix = $"http://{health.Address}:{health.Port}/health/";
        listener.Prefixes.Add(prefix);
        try
        {
            listener.Start();
        }
        catch (HttpListenerException e)
        {
            Log.HealthListenFailed(logger, prefix, e);
            throw;
        }

        Log.HealthListening(logger, prefix);
        using CancellationTokenRegistration stop = stoppingToken.Register(listener.Stop);
        while (!stoppingToken.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                // Stop() ends a pending GetContextAsync with one of these.
                break;
            }

            await RespondAsync(context, stoppingToken).ConfigureAwait(false);
        }
    }

    /// <summary>Returns whether the service can take work, and why not.</summary>
    public async Task<(bool Ready, string Reason)> CheckReadinessAsync(CancellationToken cancellationToken)
    {
        if (!store.IsOpen)
        {
            return (false, "state store not open");
        }

        using CancellationTokenSource timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ProbeTimeout);
        try
        {
            _ = await store.Store.GetCheckpointAsync("health-probe", timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Log.StoreUnreachable(logger, store.Store.Description, e.GetType().Name);
            return (false, "state store unreachable");
        }

        DateTimeOffset now = timeProvider.GetUtcNow();
        foreach ((string source, DateTimeOffset newest) in metrics.NewestEvents)
        {
            if (now - newest > options.Value.Ingestion.MaxLag)
            {
                return (false, $"source {source} lags {(now - newest).TotalSeconds:F0} s");
            }
        }

        return (true, "ready");
    }

    private async Task RespondAsync(HttpListenerContext context, CancellationToken cancellationToken)
    {
        using HttpListenerResponse response = context.Response;
        string path = context.Request.Url?.AbsolutePath ?? "";
        (int status, string body) = path switch
        {
            "/health/live" => (200, "live"),
            "/health/ready" => await ReadyAsync(cancellationToken).ConfigureAwait(false),
            _ => (404, "not found; use /health/live or /health/ready"),
        };
        byte[] bytes = Encoding.UTF8.GetBytes(body + "\n");
        response.StatusCode = status;
        response.ContentType = "text/plain; charset=utf-8";
        response.ContentLength64 = bytes.Length;
        try
        {
            await response.OutputStream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpListenerException or IOException or OperationCanceledException)
        {
            // The prober went away; nothing to answer.
        }
    }

    private async Task<(int Status, string Body)> ReadyAsync(CancellationToken cancellationToken)
    {
        (bool ready, string reason) = await CheckReadinessAsync(cancellationToken).ConfigureAwait(false);
        return (ready ? 200 : 503, reason);
    }
}
