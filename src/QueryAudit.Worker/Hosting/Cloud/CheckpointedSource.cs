using QueryAudit.Core.Audit;

namespace QueryAudit.Worker.Hosting.Cloud;

/// <summary>
/// A cloud source as <see cref="CloudSourceIngestor"/> reads it: its lines, and a checkpoint that covers exactly the
/// lines yielded so far. Reading ends when the source has nothing more to read for now.
/// </summary>
internal interface ICheckpointedSource : IAuditLineSource
{
    /// <summary>The checkpoint JSON after the last line yielded; the checkpoint it was opened with before the first line.</summary>
    string? CheckpointJson { get; }
}
