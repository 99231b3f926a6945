using Amazon.S3;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using QueryAudit.Aws.CloudWatchLogs;
using QueryAudit.Aws.S3;

namespace QueryAudit.Worker.Hosting.Cloud;

/// <summary>
/// The service's AWS clients, made on first use and shared by every cloud source, so that the CloudWatch Logs client's
/// rate limit and the S3 client's connection pool cover the whole process.
/// </summary>
internal sealed class CloudClients(IOptions<QueryAuditOptions> options, ILoggerFactory loggerFactory) : IDisposable
{
    private readonly Lock _lock = new();
    private CloudWatchLogsClient? _cloudWatch;
    private AmazonS3Client? _s3;

    /// <summary>The CloudWatch Logs client of <c>Aws:Region</c> and <c>Aws:CloudWatchEndpoint</c>.</summary>
    public CloudWatchLogsClient CloudWatch
    {
        get
        {
            lock (_lock)
            {
                return _cloudWatch ??= CloudWatchLogsClient.Create(
                    new CloudWatchLogsClientOptions
                    {
                        Region = options.Value.Aws.Region,
                        ServiceUrl = options.Value.Aws.CloudWatchEndpoint is { } endpoint ? new Uri(endpoint) : null,
                    },
                    loggerFactory: loggerFactory);
            }
        }
    }

    /// <summary>The S3 client of <c>Aws:Region</c> and <c>Aws:S3Endpoint</c>.</summary>
    public AmazonS3Client S3
    {
        get
        {
            lock (_lock)
            {
                return _s3 ??= CreateS3Client(options.Value.Aws);
            }
        }
    }

    /// <summary>Creates an S3 client; an endpoint is addressed path-style, as emulators and most VPC endpoint setups need.</summary>
    public static AmazonS3Client CreateS3Client(AwsSettings aws)
    {
        ArgumentNullException.ThrowIfNull(aws);
        return new S3ConnectionOptions
        {
            Region = aws.Region,
            ServiceUrl = aws.S3Endpoint is { } endpoint ? new Uri(endpoint) : null,
            ForcePathStyle = aws.S3Endpoint is not null,
        }.CreateClient();
    }

    public void Dispose()
    {
        _cloudWatch?.Dispose();
        _s3?.Dispose();
    }
}
