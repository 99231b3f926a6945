using QueryAudit.Core.Audit;

namespace QueryAudit.Worker.Hosting.Cloud;

/// <summary>
/// One poll of a cloud source: its lines from a committed checkpoint up to what can be read now, and the checkpoint
/// after the last line yielded. Reading ends when the source has nothing more to read for now.
/// </summary>
internal interface ICloudRead : IAuditLineSource
{
    /// <summary>The checkpoint covering exactly the lines yielded so far; the one it was opened with before the first line.</summary>
    CloudCheckpoint Checkpoint { get; }
}
