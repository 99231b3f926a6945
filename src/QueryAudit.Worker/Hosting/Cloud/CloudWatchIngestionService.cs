using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using QueryAudit.Aws.CloudWatch;
using QueryAudit.Core.Audit;

namespace QueryAudit.Worker.Hosting.Cloud;

/// <summary>
/// Ingests one <c>cloudwatch:CLUSTER</c> source under one lease for the cluster: at every poll it reads every stream
/// (one per DB instance) of <c>/aws/rds/cluster/CLUSTER/audit</c>, new ones included, over closed windows up to the
/// safety lag before now, from the checkpoint (each stream's window end and the event ids seen in its overlap). All
/// streams feed one pipeline with the reorder window reconcile uses, so a burst over instances is found while ingesting.
/// </summary>
internal sealed class CloudWatchIngestionService(
    SourceSpec source,
    CloudIngestionServices services,
    CloudClients clients,
    IngestionMetrics metrics,
    IOptions<QueryAuditOptions> options,
    TimeProvider timeProvider,
    ILoggerFactory loggerFactory,
    ILogger<CloudWatchIngestionService> logger) : CloudIngestionService(source, services, options, timeProvider, logger)
{
    private readonly string _logGroup = new CloudWatchSourceOptions { ClusterIdentifier = source.Location }.ResolveLogGroupName();

    protected override string SourceKey => "cloudwatch:" + _logGroup;

    /// <remarks>
    /// Per stream, the events before the checkpoint's overlap start are read whole, and those inside the overlap only
    /// when their event id is among the ones seen, so the replay gives exactly the committed events. NOTE: the replay
    /// also reads an event ingested after the overlap had passed it, which live reading never delivered, as
    /// reconcile over the period does. A stream deleted since is gone with the state it built.
    /// </remarks>
    protected override async IAsyncEnumerable<RawAuditLine> ReplayAsync(CloudCheckpoint committed, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (StreamCheckpoint stream in committed.Streams ?? [])
        {
            long periodStart = committed.PeriodStart.ToUnixTimeMilliseconds();
            if (stream.OverlapStart > periodStart)
            {
                await foreach (RawAuditLine line in OpenReplay(stream, periodStart, stream.OverlapStart).ReadLinesAsync(cancellationToken).ConfigureAwait(false))
                {
                    yield return line;
                }
            }

            HashSet<string> seen = [.. stream.SeenEvents.Select(e => e.EventId)];
            long overlapStart = Math.Max(stream.OverlapStart, periodStart);

            // The window end is exclusive, and the seen events may include the last delivered event's millisecond.
            long overlapEnd = Math.Max(stream.WindowEnd, stream.SeenEvents.Count == 0 ? 0 : stream.SeenEvents.Max(e => e.Timestamp)) + 1;
            if (seen.Count == 0 || overlapEnd <= overlapStart)
            {
                continue;
            }

            await foreach (RawAuditLine line in OpenReplay(stream, overlapStart, overlapEnd).ReadLinesAsync(cancellationToken).ConfigureAwait(false))
            {
                if (line.Position.EventId is { } id && seen.Contains(id))
                {
                    yield return line;
                }
            }
        }
    }

    protected override ICloudRead Open(CloudCheckpoint committed)
    {
        QueryAuditOptions settings = Options.Value;
        CloudWatchSourceOptions sourceOptions = new()
        {
            ClusterIdentifier = Source.Location,
            StartTime = committed.PeriodStart,
            SafetyLag = settings.CloudWatch.SafetyLag,
            Overlap = settings.CloudWatch.Overlap,
            WindowSize = settings.CloudWatch.WindowSize,
            PollInterval = settings.Ingestion.PollInterval,
            FilterPattern = settings.CloudWatch.FilterPattern,
            StopWhenCaughtUp = true,
        };
        CloudWatchAuditSource reader = new(clients.CloudWatch, sourceOptions, committed.Streams ?? [], Clock, loggerFactory.CreateLogger<CloudWatchAuditSource>());
        return new ClusterRead(reader, committed);
    }

    protected override void PollCompleted(ICloudRead read, DateTimeOffset startedAt)
    {
        CloudWatchAuditSource reader = ((ClusterRead)read).Reader;
        HashSet<string> gone = [.. reader.GetStatistics().Where(s => s.IsGone).Select(s => s.LogStreamName)];
        List<StreamCheckpoint> streams = [.. reader.GetCheckpoints().Where(c => !gone.Contains(c.LogStreamName))];

        // Aurora names each stream after its instance, which is how the completeness check names silent instances.
        metrics.SetInstances(SourceName, streams.Select(s => s.LogStreamName));

        // Every event before a stream's window end has been read, so the slowest stream's window end is how far the
        // cluster is read. A quiet cluster therefore does not look like a lagging one.
        if (streams.Count > 0)
        {
            metrics.AddBatch(SourceName, 0, 0, 0, DateTimeOffset.FromUnixTimeMilliseconds(streams.Min(s => s.WindowEnd)));
        }
    }

    /// <summary>Reads the events of one stream with timestamps in [<paramref name="start"/>, <paramref name="end"/>), all of them visible now.</summary>
    private CloudWatchAuditSource OpenReplay(StreamCheckpoint stream, long start, long end) => new(
        clients.CloudWatch,
        new CloudWatchSourceOptions
        {
            ClusterIdentifier = Source.Location,
            LogStreamName = stream.LogStreamName,
            StartTime = DateTimeOffset.FromUnixTimeMilliseconds(start),
            EndTime = DateTimeOffset.FromUnixTimeMilliseconds(end),
            SafetyLag = TimeSpan.Zero,
            Overlap = Options.Value.CloudWatch.Overlap,
            WindowSize = Options.Value.CloudWatch.WindowSize,
            PollInterval = Options.Value.Ingestion.PollInterval,
            FilterPattern = stream.FilterPattern,
            StopWhenCaughtUp = true,
        },
        null,
        Clock,
        loggerFactory.CreateLogger<CloudWatchAuditSource>());

    private sealed class ClusterRead(CloudWatchAuditSource reader, CloudCheckpoint openedWith) : ICloudRead
    {
        public CloudWatchAuditSource Reader => reader;

        public string Name => reader.Name;

        public CloudCheckpoint Checkpoint => openedWith with { Streams = [.. reader.GetCheckpoints()] };

        public IAsyncEnumerable<RawAuditLine> ReadLinesAsync(CancellationToken cancellationToken) => reader.ReadLinesAsync(cancellationToken);
    }
}
