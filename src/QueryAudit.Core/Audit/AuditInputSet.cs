namespace QueryAudit.Core.Audit;

/// <summary>
/// The result of expanding command-line inputs.
/// </summary>
/// <param name="Sources">One source per file (and one for standard input), in reading order.</param>
/// <param name="SkippedFiles">Files found in folders that do not look like audit logs, as paths under the given folder, sorted.</param>
public sealed record AuditInputSet(IReadOnlyList<IAuditLineSource> Sources, IReadOnlyList<string> SkippedFiles);
