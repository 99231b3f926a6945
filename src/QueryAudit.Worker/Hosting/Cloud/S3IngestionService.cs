using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using QueryAudit.Aws.S3;
using QueryAudit.Core.Audit;

namespace QueryAudit.Worker.Hosting.Cloud;

/// <summary>
/// Ingests one <c>s3://bucket/prefix</c> archive source under one lease for the prefix: at every poll it lists the
/// objects after its checkpoint (object key and line) in key order and reads each new object or new part of one, all
/// through one pipeline with the reorder window reconcile uses.
/// </summary>
/// <remarks>
/// NOTE: an object that cannot be read (access denied, a damaged gzip stream) stops the prefix at that object: the
/// lines before it are committed, the error is logged at every poll, and readiness turns false once
/// <c>Ingestion:MaxLag</c> passes, until the object is fixed or removed.
/// </remarks>
internal sealed class S3IngestionService(
    SourceSpec source,
    CloudIngestionServices services,
    CloudClients clients,
    IngestionMetrics metrics,
    IOptions<QueryAuditOptions> options,
    TimeProvider timeProvider,
    ILoggerFactory loggerFactory,
    ILogger<S3IngestionService> logger) : CloudIngestionService(source, services, options, timeProvider, logger)
{
    protected override string SourceKey => SourceName;

    /// <summary>What the reads of this session remember to drop repeated events; rebuilt by the replay, then kept poll after poll.</summary>
    private ArchiveDuplicates _duplicates = new(options.Value.S3.RedeliveryWindow);

    /// <remarks>
    /// The prefix is read from its first key up to the checkpoint's line, dropping the same duplicates as the first
    /// read did, so the polls that follow go on with the same memory of repeated events. NOTE: an object replaced since
    /// (another ETag) or removed is read as it is now, so the rebuilt state can differ from the committed one there.
    /// </remarks>
    protected override async IAsyncEnumerable<RawAuditLine> ReplayAsync(CloudCheckpoint committed, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        _duplicates = new ArchiveDuplicates(Options.Value.S3.RedeliveryWindow);
        if (committed.Archive is not { } until)
        {
            yield break;
        }

        S3ArchiveSource reader = OpenReader(null, until);
        await foreach (RawAuditLine line in reader.ReadLinesAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return line;
        }
    }

    protected override ICloudRead Open(CloudCheckpoint committed) => new PrefixRead(OpenReader(committed.Archive, null), committed);

    protected override void PollCompleted(ICloudRead read, DateTimeOffset startedAt)
    {
        // An archive contains only old events, so it counts as up to date once every object listed at the start is read.
        metrics.AddBatch(SourceName, 0, 0, 0, startedAt);
    }

    private S3ArchiveSource OpenReader(S3ArchiveCheckpoint? checkpoint, S3ArchiveCheckpoint? stopAfter)
    {
        if (!S3ArchiveSource.TryParseSpec(Source.Location, out string bucket, out string prefix))
        {
            throw new InvalidOperationException($"Source {Source.Location} is not an s3://bucket/prefix location.");
        }

        return new S3ArchiveSource(
            clients.S3,
            new S3ArchiveSourceOptions { BucketName = bucket, Prefix = prefix, RedeliveryWindow = Options.Value.S3.RedeliveryWindow },
            checkpoint,
            loggerFactory.CreateLogger<S3ArchiveSource>(),
            _duplicates)
        {
            StopAfter = stopAfter,
        };
    }

    private sealed class PrefixRead(S3ArchiveSource reader, CloudCheckpoint openedWith) : ICloudRead
    {
        public string Name => reader.Name;

        public CloudCheckpoint Checkpoint => reader.Checkpoint is { } at ? openedWith with { Archive = at } : openedWith;

        public IAsyncEnumerable<RawAuditLine> ReadLinesAsync(CancellationToken cancellationToken) => reader.ReadLinesAsync(cancellationToken);
    }
}
