using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.Time.Testing;
using QueryAudit.Aws.S3;
using QueryAudit.Aws.Tests.Support;

namespace QueryAudit.Aws.Tests.S3;

/// <summary>
/// Uploads reports to s3rver. s3rver 3.7 accepts the Object Lock headers but ignores them
/// (HeadObject shows no lock), so the headers are checked as sent, and the round trip as stored.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class S3ReportSinkTests
{
    private const string Bucket = "audit-reports";
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 0, 5, 0, TimeSpan.Zero);

    private S3rverServer _server = null!;

    [OneTimeSetUp]
    public async Task StartServer() => _server = await S3rverServer.StartAsync(Bucket);

    [OneTimeTearDown]
    public async Task StopServer()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    [Test]
    public async Task UploadAsync_Report_StoresExactBytesAndSha256Metadata()
    {
        byte[] report = Encoding.UTF8.GetBytes("%PDF-1.7\n" + string.Concat(Enumerable.Repeat("監査報告 line\n", 5000)));
        using AmazonS3Client s3 = _server.CreateClient();
        S3ReportSink sink = new(s3, new S3ReportSinkOptions { BucketName = Bucket, KeyPrefix = "billing-prod/2026-11/" }, new FakeTimeProvider(Now));

        S3ReportUpload upload = await sink.UploadAsync("report.pdf", new MemoryStream(report), CancellationToken.None);

        using GetObjectResponse stored = await s3.GetObjectAsync(Bucket, "billing-prod/2026-11/report.pdf");
        using MemoryStream body = new();
        await stored.ResponseStream.CopyToAsync(body);
        string sha256 = Convert.ToHexStringLower(SHA256.HashData(report));
        Assert.That(body.ToArray(), Is.EqualTo(report), "the body is stored without aws-chunked framing");
        Assert.That(stored.Metadata[S3ReportSink.Sha256MetadataKey], Is.EqualTo(sha256));
        Assert.That(stored.Headers.ContentType, Is.EqualTo("application/pdf"));
        Assert.That(upload.Sha256, Is.EqualTo(sha256));
        Assert.That(upload.Size, Is.EqualTo(report.Length));
        Assert.That(upload.Uri, Is.EqualTo($"s3://{Bucket}/billing-prod/2026-11/report.pdf"));
    }

    [Test]
    public async Task UploadAsync_ComplianceMode_SendsObjectLockAndChecksumHeaders()
    {
        RecordingHttpClientFactory recorder = new();
        using AmazonS3Client s3 = _server.CreateClient(recorder);
        S3ReportSink sink = new(s3, new S3ReportSinkOptions { BucketName = Bucket, RetainFor = TimeSpan.FromDays(2557) }, new FakeTimeProvider(Now));
        byte[] manifest = Encoding.UTF8.GetBytes("{\"report.pdf\":\"0f\"}");

        S3ReportUpload upload = await sink.UploadAsync("manifest.json", new MemoryStream(manifest), CancellationToken.None);

        RecordedRequest put = recorder.Requests.Single(r => r.Method == "PUT");
        DateTimeOffset retainUntil = Now.AddDays(2557);
        Assert.That(put.Headers["x-amz-object-lock-mode"], Is.EqualTo("COMPLIANCE"));
        Assert.That(DateTimeOffset.Parse(put.Headers["x-amz-object-lock-retain-until-date"], CultureInfo.InvariantCulture), Is.EqualTo(retainUntil));
        Assert.That(put.Headers["x-amz-checksum-sha256"], Is.EqualTo(Convert.ToBase64String(SHA256.HashData(manifest))));
        Assert.That(put.Headers["x-amz-meta-sha256"], Is.EqualTo(Convert.ToHexStringLower(SHA256.HashData(manifest))));
        Assert.That(put.Headers.ContainsKey("Content-Encoding"), Is.False, "no aws-chunked encoding");
        Assert.That(upload.RetainUntil, Is.EqualTo(retainUntil));
        Assert.That(upload.ObjectLockMode, Is.EqualTo("COMPLIANCE"));
    }

    [Test]
    public async Task UploadAsync_BucketDefaultRetention_SendsNoLockHeaders()
    {
        RecordingHttpClientFactory recorder = new();
        using AmazonS3Client s3 = _server.CreateClient(recorder);
        S3ReportSink sink = new(s3, new S3ReportSinkOptions { BucketName = Bucket, ObjectLockMode = null });

        S3ReportUpload upload = await sink.UploadAsync("findings.csv", new MemoryStream("a,b\n"u8.ToArray()), CancellationToken.None);

        RecordedRequest put = recorder.Requests.Single(r => r.Method == "PUT");
        Assert.That(put.Headers.ContainsKey("x-amz-object-lock-mode"), Is.False);
        Assert.That(put.Headers.ContainsKey("x-amz-object-lock-retain-until-date"), Is.False);
        Assert.That(upload.RetainUntil, Is.Null);
    }

    [Test]
    public async Task UploadFileAsync_LocalFile_UsesFileNameAsKey()
    {
        string path = Path.Combine(Path.GetTempPath(), $"report-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(path, "finding,severity\n");
        try
        {
            using AmazonS3Client s3 = _server.CreateClient();
            S3ReportSink sink = new(s3, new S3ReportSinkOptions { BucketName = Bucket, KeyPrefix = "files/" });

            S3ReportUpload upload = await sink.UploadFileAsync(path, CancellationToken.None);

            Assert.That(upload.Uri, Is.EqualTo($"s3://{Bucket}/files/{Path.GetFileName(path)}"));
            GetObjectMetadataResponse head = await s3.GetObjectMetadataAsync(Bucket, $"files/{Path.GetFileName(path)}");
            Assert.That(head.ContentLength, Is.EqualTo(17));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestCase("", "GOVERNANCE", "BucketName is required")]
    [TestCase("b", "LEGAL", "ObjectLockMode 'LEGAL' is invalid")]
    public void Constructor_InvalidOptions_RaisesNamingSetting(string bucket, string mode, string message)
    {
        using AmazonS3Client s3 = new S3ConnectionOptions { ServiceUrl = new Uri("http://127.0.0.1:1/"), ForcePathStyle = true }.CreateClient(new Amazon.Runtime.BasicAWSCredentials("a", "b"));

        Assert.That(() => new S3ReportSink(s3, new S3ReportSinkOptions { BucketName = bucket, ObjectLockMode = mode }), Throws.ArgumentException.With.Message.Contains(message));
    }
}
