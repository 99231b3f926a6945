namespace QueryAudit.Core.Audit;

/// <summary>
/// Settings of the file and standard-input audit line sources.
/// </summary>
public sealed record AuditFileSourceOptions
{
    /// <summary>
    /// The DB instance of every line read. Null (default) takes it from a file name of the form
    /// <c>&lt;instance&gt;.audit.log[.N][.gz]</c>, and otherwise leaves it to the parser, which uses the
    /// <c>serverhost</c> field.
    /// </summary>
    public string? Instance { get; init; }

    /// <summary>The layout of the input; <see cref="AuditLogFormat.Auto"/> (default) detects it per file from its first records.</summary>
    public AuditLogFormat Format { get; init; } = AuditLogFormat.Auto;

    /// <summary>
    /// Lines longer than this many bytes are not buffered: the source hands on only their start with
    /// <see cref="RawAuditLine.FullLength"/> set, and the parser quarantines them. Default 1 MiB.
    /// </summary>
    public int MaxLineBytes { get; init; } = AuditLineParserOptions.DefaultMaxLineBytes;
}
