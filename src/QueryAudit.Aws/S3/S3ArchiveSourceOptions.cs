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

    /// <summary>
    /// How far, in event time, a Firehose redelivery may lag the newest event read and still be dropped as a duplicate;
    /// the memory held grows with it (see <see cref="ArchiveDuplicates"/>). Default one hour: a retried delivery
    /// is expected to land minutes after the first.
    /// </summary>
    public TimeSpan RedeliveryWindow { get; set; } = TimeSpan.FromHours(1);

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

        if (RedeliveryWindow <= TimeSpan.Zero)
        {
            throw new ArgumentException($"RedeliveryWindow must be positive, e.g. 01:00:00; it is {RedeliveryWindow}.", nameof(RedeliveryWindow));
        }
    }
}
