using System.Security.Cryptography;
using Amazon.S3;
using Amazon.S3.Model;
using QueryAudit.Aws.S3;
using QueryAudit.Aws.Tests.Support;
using QueryAudit.Worker.Commands;
using QueryAudit.Worker.Reconcile;

namespace QueryAudit.Aws.Tests.EndToEnd;

/// <summary>
/// <c>queryaudit reconcile --upload-to s3://...</c> stores every report file under the report id, byte for byte, with
/// its SHA-256 as metadata, in the S3 emulator.
/// </summary>
[NonParallelizable]
public sealed class ReconcileUploadTests
{
    private const string Bucket = "audit-reports";

    [Test]
    public async Task Reconcile_UploadTo_StoresEveryFileWithSha256()
    {
        await using S3rverServer server = await S3rverServer.StartAsync(Bucket);
        string output = Path.Combine(Path.GetTempPath(), "queryaudit-tests", "upload-" + Guid.NewGuid().ToString("N")[..8]);
        int exitCode;
        using (EnvironmentScope.Set(
            ("AWS_ACCESS_KEY_ID", S3rverServer.AccessKey),
            ("AWS_SECRET_ACCESS_KEY", S3rverServer.AccessKey),
            ("AWS_REGION", "us-east-1"),
            ("AWS_PROFILE", null),
            ("AWS_SESSION_TOKEN", null)))
        {
            exitCode = await ReconcileCommand.RunAsync(
                new ReconcileSettings
                {
                    Inputs = [Path.Combine(RepositoryPaths.Root, "sql-fixtures", "logs", "mariadb", "server_audit.log.004.gz")],
                    CatalogDirectory = Path.Combine(RepositoryPaths.Root, "sql-fixtures", "catalog"),
                    PolicyFile = Path.Combine(RepositoryPaths.Root, "sql-fixtures", "policy.yaml"),
                    From = "2026-12-04T19:51:13.387Z",
                    To = "2026-12-04T20:01:13.439Z",
                    OutputDirectory = output,
                    Progress = false,
                    UploadTo = $"s3://{Bucket}/billing-prod",
                    S3Endpoint = server.ServiceUrl.ToString(),
                },
                CancellationToken.None);
        }

        Assert.That(exitCode, Is.Zero);
        using AmazonS3Client s3 = server.CreateClient();
        ListObjectsV2Response listing = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = Bucket, Prefix = "billing-prod/" });
        string[] files = Directory.GetFiles(output).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray()!;
        Assert.That(listing.S3Objects.Select(o => o.Key[(o.Key.LastIndexOf('/') + 1)..]).Order(StringComparer.Ordinal), Is.EqualTo(files));
        foreach (S3Object stored in listing.S3Objects)
        {
            string name = stored.Key[(stored.Key.LastIndexOf('/') + 1)..];
            using GetObjectResponse response = await s3.GetObjectAsync(Bucket, stored.Key);
            Assert.That(response.Metadata[S3ReportSink.Sha256MetadataKey], Is.EqualTo(Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(Path.Combine(output, name))))), name);
            Assert.That(stored.Key, Does.Match("^billing-prod/QA-[^/]+/" + System.Text.RegularExpressions.Regex.Escape(name) + "$"));
        }
    }
}
