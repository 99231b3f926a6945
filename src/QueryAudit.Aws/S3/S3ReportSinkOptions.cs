namespace QueryAudit.Aws.S3;

/// <summary>
/// Settings of <see cref="S3ReportSink"/>.
/// </summary>
public sealed class S3ReportSinkOptions
{
    /// <summary>The bucket; it must have Object Lock enabled when <see cref="ObjectLockMode"/> is set. Required.</summary>
    public string BucketName { get; set; } = "";

    /// <summary>Prepended to every key, e.g. <c>reports/billing-prod/2026-11/</c>; default empty.</summary>
    public string KeyPrefix { get; set; } = "";

    /// <summary>
    /// <c>COMPLIANCE</c> (default: nobody, not even the root user, can delete or overwrite the
    /// object until <see cref="RetainFor"/> has passed), <c>GOVERNANCE</c>, or null to rely on
    /// the bucket's default retention.
    /// </summary>
    public string? ObjectLockMode { get; set; } = "COMPLIANCE";

    /// <summary>How long the object is locked from the upload. Default 7 years (2,557 days), a common retention period for audit evidence.</summary>
    public TimeSpan RetainFor { get; set; } = TimeSpan.FromDays(2557);

    /// <summary>Checks every setting and names the first invalid one.</summary>
    /// <exception cref="ArgumentException">A setting is missing or out of range.</exception>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(BucketName))
        {
            throw new ArgumentException("BucketName is required for the S3 report sink, e.g. audit-reports.", nameof(BucketName));
        }

        if (ObjectLockMode is not (null or "COMPLIANCE" or "GOVERNANCE"))
        {
            throw new ArgumentException($"ObjectLockMode '{ObjectLockMode}' is invalid: use COMPLIANCE, GOVERNANCE, or null for the bucket default.", nameof(ObjectLockMode));
        }

        if (ObjectLockMode is not null && RetainFor <= TimeSpan.Zero)
        {
            throw new ArgumentException($"RetainFor {RetainFor} must be positive when ObjectLockMode is set.", nameof(RetainFor));
        }
    }
}
