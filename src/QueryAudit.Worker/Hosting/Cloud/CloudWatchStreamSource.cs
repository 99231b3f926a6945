using QueryAudit.Aws.CloudWatch;
using QueryAudit.Core.Audit;

namespace QueryAudit.Worker.Hosting.Cloud;

/// <summary>
/// A <see cref="CloudWatchAuditSource"/> limited to one log stream, with its checkpoint as JSON.
/// </summary>
internal sealed class CloudWatchStreamSource(CloudWatchAuditSource reader, string? openedWith) : ICheckpointedSource
{
    public string Name => reader.Name;

    /// <remarks>The reader knows the stream only after its first discovery; until then the checkpoint it was opened with stands.</remarks>
    public string? CheckpointJson => reader.GetCheckpoints() is [StreamCheckpoint only] ? only.ToJson() : openedWith;

    public IAsyncEnumerable<RawAuditLine> ReadLinesAsync(CancellationToken cancellationToken) => reader.ReadLinesAsync(cancellationToken);
}
