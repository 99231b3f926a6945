namespace QueryAudit.Core.Audit;

/// <summary>
/// One raw line of an audit log as a source delivered it, before parsing.
/// </summary>
/// <param name="Bytes">The line without its line terminator (UTF-8 as written; may hold invalid UTF-8 or NUL bytes).</param>
/// <param name="Position">Where the line is.</param>
/// <param name="Instance">The DB instance when the source knows it (CloudWatch stream, file name); null to take <c>serverhost</c>.</param>
/// <param name="Format">The layout when the source knows it; <see cref="AuditLogFormat.Auto"/> to detect.</param>
public readonly record struct RawAuditLine(ReadOnlyMemory<byte> Bytes, SourcePosition Position, string? Instance, AuditLogFormat Format)
{
    /// <summary>
    /// Length of the whole line in bytes when the source kept only its start because the line exceeded the
    /// source's maximum line length; 0 when <see cref="Bytes"/> is the whole line.
    /// </summary>
    public long FullLength { get; init; }
}

/// <summary>
/// A source of raw audit lines: files, standard input, CloudWatch Logs, an S3 archive.
/// </summary>
public interface IAuditLineSource
{
    /// <summary>Name shown in the report's method and completeness sections (a path, <c>s3://...</c> or <c>cloudwatch:cluster</c>).</summary>
    string Name { get; }

    /// <summary>Reads lines in source order. The memory of a line is valid only until the next line is requested.</summary>
    IAsyncEnumerable<RawAuditLine> ReadLinesAsync(CancellationToken cancellationToken);
}
