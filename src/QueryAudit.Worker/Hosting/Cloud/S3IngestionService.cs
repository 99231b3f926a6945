using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using QueryAudit.Aws.S3;

namespace QueryAudit.Worker.Hosting.Cloud;

/// <summary>
/// Ingests one <c>s3://bucket/prefix</c> archive source under one lease for the prefix: at every poll it lists the
/// objects after its checkpoint (object key and line) in key order and reads each new object or new part of one.
/// </summary>
/// <remarks>
/// NOTE: an object that cannot be read (access denied, a damaged gzip stream) stops the prefix at that object: the
/// lines before it are committed, the error is logged at every poll, and readiness turns false once
/// <c>Ingestion:MaxLag</c> passes, until the object is fixed or removed.
/// </remarks>
internal sealed class S3IngestionService(
    SourceSpec source,
    CloudSourceIngestor ingestor,
    CloudClients clients,
    IngestionMetrics metrics,
    IOptions<QueryAuditOptions> options,
    TimeProvider timeProvider,
    ILoggerFactory loggerFactory,
    ILogger<S3IngestionService> logger) : CloudIngestionService(source, options, timeProvider, logger)
{
    protected override async Task PollAsync(CancellationToken stoppingToken)
    {
        if (!S3ArchiveSource.TryParseSpec(Source.Location, out string bucket, out string prefix))
        {
            throw new InvalidOperationException($"Source {Source.Location} is not an s3://bucket/prefix location.");
        }

        DateTimeOffset listedAt = Clock.GetUtcNow();
        (CloudIngestResult result, _) = await ingestor.IngestAsync(
            SourceName,
            SourceName,
            SourceName,
            json => new S3ArchivePrefixSource(
                new S3ArchiveSource(
                    clients.S3,
                    new S3ArchiveSourceOptions { BucketName = bucket, Prefix = prefix },
                    json is null ? null : S3ArchiveCheckpoint.FromJson(json),
                    loggerFactory.CreateLogger<S3ArchiveSource>()),
                json),
            stoppingToken).ConfigureAwait(false);

        // An archive holds old events by nature; it is read up to date when every object listed at the start is read.
        if (result == CloudIngestResult.Done)
        {
            metrics.AddBatch(SourceName, 0, 0, 0, listedAt);
        }
    }
}
