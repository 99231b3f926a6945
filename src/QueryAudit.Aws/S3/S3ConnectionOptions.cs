using Amazon;
using Amazon.Runtime;
using Amazon.S3;

namespace QueryAudit.Aws.S3;

/// <summary>
/// Where the S3 client connects: Region, or an endpoint such as a VPC endpoint or a local test server.
/// </summary>
public sealed class S3ConnectionOptions
{
    /// <summary>The Region, e.g. <c>ap-northeast-1</c>; default null uses AWSSDK.Core's Region chain (<c>AWS_REGION</c>, profile).</summary>
    public string? Region { get; set; }

    /// <summary>An endpoint to use instead of the Region's, e.g. <c>http://127.0.0.1:4568</c>; default null.</summary>
    public Uri? ServiceUrl { get; set; }

    /// <summary>Address buckets as <c>endpoint/bucket</c> instead of <c>bucket.endpoint</c>; needed by most local S3 servers. Default false.</summary>
    public bool ForcePathStyle { get; set; }

    /// <summary>Creates an S3 client; null <paramref name="credentials"/> use AWSSDK.Core's default chain.</summary>
    public AmazonS3Client CreateClient(AWSCredentials? credentials = null)
    {
        AmazonS3Config config = new() { ForcePathStyle = ForcePathStyle };
        if (ServiceUrl is not null)
        {
            config.ServiceURL = ServiceUrl.ToString();
            config.AuthenticationRegion = Region ?? "us-east-1";
        }
        else if (Region is not null)
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(Region);
        }

        return credentials is null ? new AmazonS3Client(config) : new AmazonS3Client(credentials, config);
    }
}
