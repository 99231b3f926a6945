namespace QueryAudit.Core.Audit;

/// <summary>
/// A line that could not be parsed, kept with its position so that nothing is silently dropped.
/// </summary>
/// <param name="Source">Where the line is.</param>
/// <param name="Reason">Why it was not parsed, in words.</param>
/// <param name="Preview">The start of the line (at most 200 characters, control characters escaped).</param>
/// <param name="Length">Length of the raw line in bytes.</param>
public sealed record QuarantinedLine(SourcePosition Source, string Reason, string Preview, long Length);
