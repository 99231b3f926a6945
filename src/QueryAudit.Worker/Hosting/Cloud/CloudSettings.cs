using QueryAudit.Aws.S3;

namespace QueryAudit.Worker.Hosting.Cloud;

/// <summary>
/// Where the AWS clients of <c>cloudwatch:</c> and <c>s3://</c> sources, <c>s3://</c> inputs and the report upload
/// connect. Credentials always come from AWSSDK.Core's default chain (environment, profile, web identity, ECS task role).
/// </summary>
internal sealed class AwsSettings
{
    /// <summary>Region, e.g. <c>ap-northeast-1</c>. Default null takes <c>AWS_REGION</c> or <c>AWS_DEFAULT_REGION</c>.</summary>
    public string? Region { get; set; }

    /// <summary>CloudWatch Logs endpoint URL (a VPC endpoint or a test server). Default null takes the Region's endpoint.</summary>
    public string? CloudWatchEndpoint { get; set; }

    /// <summary>S3 endpoint URL (a VPC endpoint or an emulator, addressed path-style). Default null takes the Region's endpoint.</summary>
    public string? S3Endpoint { get; set; }
}

/// <summary>
/// How <c>s3://</c> archive sources are read, by the service and by its monthly report.
/// </summary>
internal sealed class S3Settings
{
    /// <summary>
    /// How far, in event time, a Firehose redelivery may lag the newest event read and still be dropped as a duplicate.
    /// Default 1 hour. The event ids of this much event time are kept in memory. Firehose keeps retrying a failed
    /// delivery to S3 until its records expire, after 24 hours for a Direct PUT stream (Amazon Data Firehose developer
    /// guide, "Troubleshoot errors"), so such a stream may need <c>1.00:00:00</c>.
    /// </summary>
    public TimeSpan RedeliveryWindow { get; set; } = new S3ArchiveSourceOptions().RedeliveryWindow;
}

/// <summary>
/// How <c>cloudwatch:</c> sources are read: which clusters, and how the closed time windows trail ingestion.
/// </summary>
internal sealed class CloudWatchSettings
{
    /// <summary>
    /// Cluster identifiers separated by commas, each read as one more <c>cloudwatch:CLUSTER</c> source, e.g.
    /// <c>billing-prod,hr-prod</c>. Default empty. It exists because a deployment template can pass a list as one
    /// value more easily than as numbered <c>Sources</c> entries.
    /// </summary>
    public string Clusters { get; set; } = "";

    /// <summary>A window is read once its end is this far in the past. Default 2 minutes.</summary>
    public TimeSpan SafetyLag { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How much of the previous window each read covers again, for late-ingested events. Default 5 minutes.</summary>
    public TimeSpan Overlap { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The longest span one FilterLogEvents window covers during backfill; live windows end at now minus
    /// <see cref="SafetyLag"/> anyway. Default 1 day, so that a backfill of <c>Ingestion:LookbackDays</c> over quiet
    /// streams takes few requests; a window's events are paged, and a checkpoint can fall inside a window.
    /// </summary>
    public TimeSpan WindowSize { get; set; } = TimeSpan.FromDays(1);

    /// <summary>
    /// CloudWatch Logs filter pattern applied by the service while ingesting, e.g. <c>-rdsadmin</c>. Default null reads
    /// every event. The monthly report reads every event of the month regardless, so it never misses what this drops.
    /// </summary>
    public string? FilterPattern { get; set; }

    /// <summary>Returns the cluster names of <see cref="Clusters"/>, trimmed, without empty entries.</summary>
    public IReadOnlyList<string> ClusterNames() =>
        Clusters.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
