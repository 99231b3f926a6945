using QueryAudit.Core.Audit;

namespace QueryAudit.Aws.S3;

/// <summary>
/// Settings of <see cref="S3ArchiveSource"/>.
/// </summary>
public sealed class S3ArchiveSourceOptions
{
    /// <summary>The bucket holding the archive. Required.</summary>
    public string BucketName { get; set; } = "";

    /// <summary>The key prefix to read, e.g. <c>exports/billing-prod/</c>; default empty reads the whole bucket.</summary>
    public string Prefix { get; set; } = "";

    /// <summary>The layout of the lines; default <see cref="AuditLogFormat.Auto"/> lets the parser detect it per line.</summary>
    public AuditLogFormat Format { get; set; } = AuditLogFormat.Auto;

    /// <summary>Lines longer than this many bytes are passed on cut, with their full length, for the parser to quarantine. Default 1 MiB.</summary>
    public int MaxLineBytes { get; set; } = AuditLineParserOptions.DefaultMaxLineBytes;

    /// <summary>Checks every setting and names the first invalid one.</summary>
    /// <exception cref="ArgumentException">A setting is missing or out of range.</exception>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(BucketName))
        {
            throw new ArgumentException("BucketName is required, e.g. audit-archive (from s3://audit-archive/prefix).", nameof(BucketName));
        }

        if (MaxLineBytes < 1)
        {
            throw new ArgumentException("MaxLineBytes must be positive.", nameof(MaxLineBytes));
        }
    }
}
