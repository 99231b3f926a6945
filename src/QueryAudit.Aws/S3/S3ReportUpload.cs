namespace QueryAudit.Aws.S3;

/// <summary>
/// An uploaded report file, for the manifest and the log.
/// </summary>
/// <param name="Uri"><c>s3://BUCKET/KEY</c>.</param>
/// <param name="Sha256">Lower-case hex SHA-256 of the content, also stored as the object's <c>x-amz-meta-sha256</c>.</param>
/// <param name="Size">Content length in bytes.</param>
/// <param name="ETag">The ETag S3 returned.</param>
/// <param name="VersionId">The object version (buckets with Object Lock are versioned); null when S3 returned none.</param>
/// <param name="ObjectLockMode">The Object Lock mode requested; null when the bucket default applies.</param>
/// <param name="RetainUntil">The retention date requested; null when the bucket default applies.</param>
public sealed record S3ReportUpload(string Uri, string Sha256, long Size, string? ETag, string? VersionId, string? ObjectLockMode, DateTimeOffset? RetainUntil);
