using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using QueryAudit.Worker.Hosting.Cloud;

namespace QueryAudit.Worker.Hosting;

/// <summary>
/// Writes the ingestion metrics every <c>Health:MetricsInterval</c> as embedded-metric-format lines to standard
/// output, next to the JSON log, where the awslogs driver forwards them to CloudWatch Logs. Each line stands alone,
/// because CloudWatch reads metrics only from log events that are EMF objects themselves.
/// </summary>
internal sealed class MetricsReporter(
    IngestionMetrics metrics,
    IOptions<QueryAuditOptions> options,
    TimeProvider timeProvider,
    MetricsOutput output) : BackgroundService
{
    private long _lastEvents;
    private long _lastParseErrors;
    private long _lastCritical;
    private readonly Dictionary<string, (long ParseErrors, long CriticalFindings)> _lastBySource = new(StringComparer.Ordinal);
    private DateTimeOffset _lastAt;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _lastAt = timeProvider.GetUtcNow();
        using PeriodicTimer timer = new(options.Value.Health.MetricsInterval, timeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                WriteOnce();
            }
        }
        catch (OperationCanceledException)
        {
            // Shutdown; the last interval's counts are written below.
        }

        WriteOnce();
    }

    /// <summary>
    /// Writes the metrics of one <c>cloudwatch:</c> source with the dimension set [Cluster], the exact shape the
    /// deployment's per-cluster alarms match. The lag is left out until the source has read its first poll.
    /// </summary>
    private void WriteCluster(DateTimeOffset now, string source, string cluster)
    {
        (long parseErrors, long critical) = metrics.CountsOf(source);
        (long lastParseErrors, long lastCritical) = _lastBySource.GetValueOrDefault(source);
        _lastBySource[source] = (parseErrors, critical);
        List<(string Name, double Value, string Unit)> values =
        [
            ("CriticalFindings", critical - lastCritical, "Count"),
            ("ParseErrors", parseErrors - lastParseErrors, "Count"),
            ("LogGaps", metrics.LogGapsOf(source), "Count"),
        ];
        if (metrics.NewestEvents.TryGetValue(source, out DateTimeOffset newest))
        {
            values.Insert(0, ("IngestionLagSeconds", Math.Max(0, (now - newest).TotalSeconds), "Seconds"));
        }

        output.WriteLine(EmbeddedMetricFormat.Format(now, [("Cluster", cluster)], values));
    }

    /// <summary>Writes the metrics of the interval since the previous call.</summary>
    public void WriteOnce()
    {
        DateTimeOffset now = timeProvider.GetUtcNow();
        double seconds = Math.Max(1e-3, (now - _lastAt).TotalSeconds);
        long events = metrics.Events;
        long parseErrors = metrics.ParseErrors;
        long critical = metrics.CriticalFindings;

        output.WriteLine(EmbeddedMetricFormat.Format(
            now,
            [("Service", "queryaudit")],
            [
                ("EventsPerSecond", (events - _lastEvents) / seconds, "Count/Second"),
                ("CriticalFindings", critical - _lastCritical, "Count"),
                ("ParseErrors", parseErrors - _lastParseErrors, "Count"),
                ("LogGaps", metrics.LogGaps, "Count"),
            ]));
        foreach ((string source, DateTimeOffset newest) in metrics.NewestEvents)
        {
            if (CloudPipelineSettings.ClusterOf(source) is null)
            {
                output.WriteLine(EmbeddedMetricFormat.Format(
                    now,
                    [("Source", source)],
                    [("IngestionLagSeconds", Math.Max(0, (now - newest).TotalSeconds), "Seconds")]));
            }
        }

        foreach (string source in options.Value.AllSources())
        {
            if (CloudPipelineSettings.ClusterOf(source) is { } cluster)
            {
                WriteCluster(now, source, cluster);
            }
        }

        _lastEvents = events;
        _lastParseErrors = parseErrors;
        _lastCritical = critical;
        _lastAt = now;
    }
}

/// <summary>
/// Where metric lines go: standard output in the service, a string writer in tests.
/// </summary>
internal sealed class MetricsOutput(TextWriter writer)
{
    private readonly Lock _lock = new();

    public void WriteLine(string line)
    {
        lock (_lock)
        {
            writer.WriteLine(line);
            writer.Flush();
        }
    }
}
