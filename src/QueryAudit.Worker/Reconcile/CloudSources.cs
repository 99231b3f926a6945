using Amazon.S3;
using QueryAudit.Aws.CloudWatch;
using QueryAudit.Aws.CloudWatchLogs;
using QueryAudit.Aws.S3;
using QueryAudit.Core.Audit;
using QueryAudit.Core.Reporting;

namespace QueryAudit.Worker.Reconcile;

/// <summary>
/// Builds the CloudWatch Logs and S3 archive sources of a reconcile run from <c>--source</c> values.
/// Credentials come from the AWS SDK's default chain (environment, profile, web identity, ECS task role).
/// </summary>
internal sealed class CloudSources : IDisposable
{
    private readonly List<IDisposable> _clients = [];

    /// <summary>
    /// Reorder window for cloud sources: the CloudWatch source's default safety lag (2 min) plus overlap (5 min), the
    /// latest an event can arrive and still be read, and a minute of margin.
    /// </summary>
    public static TimeSpan ReorderWindow { get; } = TimeSpan.FromMinutes(8);

    /// <summary>Tells whether a <c>--source</c> value names a cloud source this class can open.</summary>
    public static bool IsValid(string spec) =>
        CloudWatchAuditSource.TryParseSpec(spec, out _) || S3ArchiveSource.TryParseSpec(spec, out _, out _);

    /// <summary>The cluster named by the only <c>cloudwatch:</c> source, if there is exactly one.</summary>
    public static string? SingleCluster(IEnumerable<string> specs)
    {
        List<string> clusters = [];
        foreach (string spec in specs)
        {
            if (CloudWatchAuditSource.TryParseSpec(spec, out string cluster))
            {
                clusters.Add(cluster);
            }
        }

        return clusters.Count == 1 ? clusters[0] : null;
    }

    /// <summary>Opens one source per value, reading the period (CloudWatch) or the whole prefix (S3).</summary>
    public IReadOnlyList<IAuditLineSource> Open(ReconcileSettings settings, ReportingPeriod period)
    {
        List<IAuditLineSource> sources = [];
        foreach (string spec in settings.Sources)
        {
            if (CloudWatchAuditSource.TryParseSpec(spec, out string cluster))
            {
                CloudWatchLogsClient client = CloudWatchLogsClient.Create(new CloudWatchLogsClientOptions
                {
                    Region = settings.AwsRegion,
                    ServiceUrl = settings.CloudWatchEndpoint is { } endpoint ? new Uri(endpoint) : null,
                });
                _clients.Add(client);
                sources.Add(new CloudWatchAuditSource(client, new CloudWatchSourceOptions
                {
                    ClusterIdentifier = cluster,
                    StartTime = period.Start,
                    EndTime = period.End,

                    // A closed period is read in day-long windows: a month takes 31 requests per quiet stream, not 744.
                    WindowSize = TimeSpan.FromDays(1),
                }));
            }
            else if (S3ArchiveSource.TryParseSpec(spec, out string bucket, out string prefix))
            {
                AmazonS3Client s3 = new S3ConnectionOptions
                {
                    Region = settings.AwsRegion,
                    ServiceUrl = settings.S3Endpoint is { } endpoint ? new Uri(endpoint) : null,
                    ForcePathStyle = settings.S3Endpoint is not null,
                }.CreateClient();
                _clients.Add(s3);
                sources.Add(new S3ArchiveSource(s3, new S3ArchiveSourceOptions
                {
                    BucketName = bucket,
                    Prefix = prefix,
                    Format = settings.Format,
                    RedeliveryWindow = settings.RedeliveryWindow,
                }));
            }
            else
            {
                throw new AuditInputException($"Invalid --source '{spec}': use cloudwatch:CLUSTER or s3://BUCKET/PREFIX.");
            }
        }

        return sources;
    }

    /// <summary>
    /// Uploads the files of a finished report under <c>PREFIX/REPORT-ID/</c> with Object Lock, and writes what
    /// was stored (key, SHA-256, version, retention) to the output.
    /// </summary>
    public static async Task UploadAsync(ReconcileSettings settings, IEnumerable<string> files, string reportId, TextWriter output, CancellationToken cancellationToken)
    {
        if (settings.UploadTo is not { } target || !S3ArchiveSource.TryParseSpec(target, out string bucket, out string prefix))
        {
            return;
        }

        using AmazonS3Client s3 = new S3ConnectionOptions
        {
            Region = settings.AwsRegion,
            ServiceUrl = settings.S3Endpoint is { } endpoint ? new Uri(endpoint) : null,
            ForcePathStyle = settings.S3Endpoint is not null,
        }.CreateClient();
        S3ReportSink sink = new(s3, new S3ReportSinkOptions
        {
            BucketName = bucket,
            KeyPrefix = (prefix.Length == 0 || prefix.EndsWith('/') ? prefix : prefix + "/") + reportId + "/",
            RetainFor = TimeSpan.FromDays(settings.RetentionDays),
        });
        foreach (string file in files.Order(StringComparer.Ordinal))
        {
            S3ReportUpload upload = await sink.UploadFileAsync(file, cancellationToken).ConfigureAwait(false);
            await output.WriteLineAsync($"uploaded: {upload.Uri} sha256 {upload.Sha256} version {upload.VersionId ?? "-"} lock {upload.ObjectLockMode ?? "-"} until {upload.RetainUntil:O}").ConfigureAwait(false);
        }
    }

    public void Dispose()
    {
        foreach (IDisposable client in _clients)
        {
            client.Dispose();
        }
    }
}
