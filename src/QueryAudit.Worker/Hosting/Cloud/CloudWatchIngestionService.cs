using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using QueryAudit.Aws.CloudWatch;

namespace QueryAudit.Worker.Hosting.Cloud;

/// <summary>
/// Ingests one <c>cloudwatch:CLUSTER</c> source: at every poll it lists the streams (one per DB instance) of
/// <c>/aws/rds/cluster/CLUSTER/audit</c>, so new instances are picked up, and reads each stream under its own lease
/// from its checkpoint (window end and the event ids seen in the overlap) up to the safety lag before now.
/// </summary>
internal sealed class CloudWatchIngestionService(
    SourceSpec source,
    CloudSourceIngestor ingestor,
    CloudClients clients,
    IngestionMetrics metrics,
    IOptions<QueryAuditOptions> options,
    TimeProvider timeProvider,
    ILoggerFactory loggerFactory,
    ILogger<CloudWatchIngestionService> logger) : CloudIngestionService(source, options, timeProvider, logger)
{
    private readonly string _logGroup = new CloudWatchSourceOptions { ClusterIdentifier = source.Location }.ResolveLogGroupName();

    protected override async Task PollAsync(CancellationToken stoppingToken)
    {
        IReadOnlyList<string> streams = await CloudWatchAuditSource.ListLogStreamNamesAsync(clients.CloudWatch, _logGroup, stoppingToken).ConfigureAwait(false);

        // Aurora names each stream after its instance, which is how the completeness check names silent instances.
        metrics.SetInstances(SourceName, streams);
        long? slowest = null;
        foreach (string stream in streams)
        {
            if (stoppingToken.IsCancellationRequested)
            {
                return;
            }

            (CloudIngestResult result, string? checkpoint) = await ingestor.IngestAsync(
                SourceName, $"cloudwatch:{_logGroup}/{stream}", $"{_logGroup}/{stream}", json => Open(stream, json), stoppingToken).ConfigureAwait(false);
            if (result == CloudIngestResult.Done && checkpoint is not null)
            {
                long windowEnd = StreamCheckpoint.FromJson(checkpoint).WindowEnd;
                slowest = slowest is { } earlier ? Math.Min(earlier, windowEnd) : windowEnd;
            }
        }

        // Every event before a stream's window end has been read, so the slowest stream's window end is how far the
        // cluster is read; a quiet cluster does not look like a lagging one.
        if (slowest is { } readUpTo)
        {
            metrics.AddBatch(SourceName, 0, 0, 0, DateTimeOffset.FromUnixTimeMilliseconds(readUpTo));
        }
    }

    private CloudWatchStreamSource Open(string stream, string? checkpointJson)
    {
        QueryAuditOptions settings = Options.Value;
        CloudWatchSourceOptions sourceOptions = new()
        {
            ClusterIdentifier = Source.Location,
            LogStreamName = stream,
            StartTime = Clock.GetUtcNow().AddDays(-settings.Ingestion.LookbackDays),
            SafetyLag = settings.CloudWatch.SafetyLag,
            Overlap = settings.CloudWatch.Overlap,
            WindowSize = settings.CloudWatch.WindowSize,
            PollInterval = settings.Ingestion.PollInterval,
            FilterPattern = settings.CloudWatch.FilterPattern,
            StopWhenCaughtUp = true,
        };
        StreamCheckpoint[] checkpoints = checkpointJson is null ? [] : [StreamCheckpoint.FromJson(checkpointJson)];
        CloudWatchAuditSource reader = new(clients.CloudWatch, sourceOptions, checkpoints, Clock, loggerFactory.CreateLogger<CloudWatchAuditSource>());
        return new CloudWatchStreamSource(reader, checkpointJson);
    }
}
