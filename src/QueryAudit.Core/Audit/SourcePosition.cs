namespace QueryAudit.Core.Audit;

/// <summary>
/// Where a record came from, precise enough to find the raw evidence again.
/// </summary>
/// <param name="Source">File path (as given on the command line), S3 object key, or CloudWatch <c>group/stream</c>.</param>
/// <param name="Line">1-based line number in a file or object; 0 when the source has no lines (CloudWatch).</param>
/// <param name="EventId">CloudWatch event id; null for files.</param>
public sealed record SourcePosition(string Source, long Line, string? EventId = null)
{
    /// <summary>Formats as <c>file:line</c> or <c>stream:eventId</c>.</summary>
    public override string ToString() => EventId is null ? $"{Source}:{Line}" : $"{Source}:{EventId}";
}
