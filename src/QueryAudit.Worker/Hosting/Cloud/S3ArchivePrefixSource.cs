using QueryAudit.Aws.S3;
using QueryAudit.Core.Audit;

namespace QueryAudit.Worker.Hosting.Cloud;

/// <summary>
/// An <see cref="S3ArchiveSource"/> with its checkpoint (object key and line) as JSON.
/// </summary>
internal sealed class S3ArchivePrefixSource(S3ArchiveSource reader, string? openedWith) : ICheckpointedSource
{
    public string Name => reader.Name;

    public string? CheckpointJson => reader.Checkpoint?.ToJson() ?? openedWith;

    public IAsyncEnumerable<RawAuditLine> ReadLinesAsync(CancellationToken cancellationToken) => reader.ReadLinesAsync(cancellationToken);
}
