using System.Data.Common;
using System.Text.Json;
using Amazon.Runtime;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using QueryAudit.Aws.CloudWatchLogs;
using QueryAudit.Core.Audit;
using QueryAudit.Core.State;

namespace QueryAudit.Worker.Hosting.Cloud;

/// <summary>
/// The polling loop of one configured cloud source: read everything that can be read now, wait
/// <c>Ingestion:PollInterval</c>, read again. A failed poll is logged and retried at the next one from the committed
/// checkpoints. Backfill (from <c>Ingestion:LookbackDays</c> ago) and live following are the same loop.
/// </summary>
internal abstract class CloudIngestionService(
    SourceSpec source, IOptions<QueryAuditOptions> options, TimeProvider timeProvider, ILogger logger) : BackgroundService
{
    /// <summary>The configured source, e.g. <c>cloudwatch:billing-prod</c>, as metrics and logs name it.</summary>
    protected string SourceName { get; } = source.Kind == SourceKind.CloudWatch ? "cloudwatch:" + source.Location : source.Location;

    protected SourceSpec Source => source;

    protected IOptions<QueryAuditOptions> Options => options;

    protected TimeProvider Clock => timeProvider;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Let the host finish starting the other services before the first poll.
        await Task.Yield();
        Log.SourceStarted(logger, SourceName);

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await PollAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e) when (e is DbException or IOException or TimeoutException or InvalidOperationException or LeaseLostException
                or AuditInputException or AmazonCloudWatchLogsException or AmazonServiceException or HttpRequestException or JsonException
                or InvalidDataException or OperationCanceledException)
            {
                // The lines read but not committed are read again from the checkpoint at the next poll.
                Log.ScanFailed(logger, SourceName, options.Value.Ingestion.PollInterval, e);
            }

            try
            {
                await Task.Delay(options.Value.Ingestion.PollInterval, timeProvider, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        Log.SourceStopped(logger, SourceName);
    }

    /// <summary>Reads what can be read now and commits it.</summary>
    protected abstract Task PollAsync(CancellationToken stoppingToken);
}
