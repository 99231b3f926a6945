using System.Security.Cryptography;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace QueryAudit.Aws.S3;

/// <summary>
/// Uploads report files to S3 under Object Lock, with their SHA-256 as object metadata.
/// </summary>
/// <remarks>
/// The body is sent in one piece (<c>UseChunkEncoding = false</c>), with an
/// <c>x-amz-checksum-sha256</c> header that S3 checks; S3 requires a checksum header on
/// uploads with Object Lock. The content is buffered to compute the hash before sending, so
/// this is meant for report files (megabytes), not archives.
/// </remarks>
public sealed class S3ReportSink
{
    /// <summary>The user metadata key of the SHA-256 (sent as <c>x-amz-meta-sha256</c>).</summary>
    public const string Sha256MetadataKey = "sha256";

    private readonly IAmazonS3 _s3;
    private readonly S3ReportSinkOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    public S3ReportSink(IAmazonS3 s3, S3ReportSinkOptions options, TimeProvider? timeProvider = null, ILogger<S3ReportSink>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(s3);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();

        _s3 = s3;
        _options = options;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>Uploads a local file as <c>KeyPrefix + file name</c>.</summary>
    public async Task<S3ReportUpload> UploadFileAsync(string path, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);

        FileStream file = File.OpenRead(path);
        await using (file.ConfigureAwait(false))
        {
            return await UploadAsync(Path.GetFileName(path), file, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Uploads <paramref name="content"/> as <c>KeyPrefix + <paramref name="fileName"/></c>.</summary>
    /// <exception cref="AmazonS3Exception">S3 rejected the upload, e.g. because the bucket has no Object Lock.</exception>
    public async Task<S3ReportUpload> UploadAsync(string fileName, Stream content, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(fileName);
        ArgumentNullException.ThrowIfNull(content);

        using MemoryStream body = new();
        await content.CopyToAsync(body, cancellationToken).ConfigureAwait(false);
        byte[] hash = SHA256.HashData(body.GetBuffer().AsSpan(0, (int)body.Length));
        string sha256 = Convert.ToHexStringLower(hash);
        body.Position = 0;

        string key = _options.KeyPrefix + fileName;
        DateTimeOffset? retainUntil = _options.ObjectLockMode is null ? null : _timeProvider.GetUtcNow() + _options.RetainFor;
        PutObjectRequest request = new()
        {
            BucketName = _options.BucketName,
            Key = key,
            InputStream = body,
            AutoCloseStream = false,
            ContentType = ContentTypeOf(fileName),
            UseChunkEncoding = false,
            ChecksumAlgorithm = ChecksumAlgorithm.SHA256,
            ChecksumSHA256 = Convert.ToBase64String(hash),
        };
        request.Metadata.Add(Sha256MetadataKey, sha256);
        if (_options.ObjectLockMode is { } mode)
        {
            request.ObjectLockMode = mode;
            request.ObjectLockRetainUntilDate = retainUntil!.Value.UtcDateTime;
        }

        PutObjectResponse response = await _s3.PutObjectAsync(request, cancellationToken).ConfigureAwait(false);
        S3ReportUpload upload = new($"s3://{_options.BucketName}/{key}", sha256, body.Length, response.ETag, response.VersionId, _options.ObjectLockMode, retainUntil);
        Log.ReportUploaded(_logger, upload.Uri, upload.Size, sha256, _options.ObjectLockMode ?? "bucket default", retainUntil);
        return upload;
    }

    private static string ContentTypeOf(string fileName) => Path.GetExtension(fileName).ToUpperInvariant() switch
    {
        ".PDF" => "application/pdf",
        ".CSV" => "text/csv; charset=utf-8",
        ".JSON" => "application/json",
        _ => "application/octet-stream",
    };
}
