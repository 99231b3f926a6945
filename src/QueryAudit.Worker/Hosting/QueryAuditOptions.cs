using QueryAudit.Worker.Hosting.Cloud;

namespace QueryAudit.Worker.Hosting;

/// <summary>
/// Settings of <c>queryaudit run</c>, bound from the configuration root: <c>appsettings.json</c>, environment variables
/// <c>QUERYAUDIT__KEY__SUBKEY</c> and command-line <c>--Key:SubKey=value</c>, later sources winning.
/// </summary>
internal sealed class QueryAuditOptions
{
    /// <summary>
    /// State store location: <c>sqlite:PATH</c> or <c>mysql:CONNECTION-STRING</c>, whose fields <see cref="MySql"/>
    /// can replace. Default <c>sqlite:./queryaudit.db</c>.
    /// </summary>
    public string Store { get; set; } = Storage.StateStoreLocation.Default;

    /// <summary>MySQL connection fields given one by one, e.g. the password from a secret.</summary>
    public MySqlSettings MySql { get; set; } = new();

    /// <summary>
    /// Audit log sources: a folder of log files, <c>cloudwatch:CLUSTER</c> or <c>s3://bucket/prefix</c>, each read
    /// again every <see cref="IngestionOptions.PollInterval"/>. At least one source is required, here or in
    /// <see cref="CloudWatchSettings.Clusters"/>.
    /// </summary>
    public List<string> Sources { get; set; } = [];

    /// <summary>
    /// Approved scripts (migrations/ and operations/): a folder, or <c>s3://bucket/prefix/</c>, downloaded once at
    /// start. Required.
    /// </summary>
    public string Catalog { get; set; } = "";

    /// <summary>Policy YAML: a file, or <c>s3://bucket/key</c>, downloaded once at start. Required.</summary>
    public string Policy { get; set; } = "";

    /// <summary>
    /// Cluster the folder and <c>s3://</c> sources come from; checked against script targets. A <c>cloudwatch:</c>
    /// source always uses its own cluster. Default none.
    /// </summary>
    public string? Cluster { get; set; }

    /// <summary>AWS Region and endpoints of cloud sources, inputs and the report upload.</summary>
    public AwsSettings Aws { get; set; } = new();

    /// <summary>Reading of <c>cloudwatch:</c> sources.</summary>
    public CloudWatchSettings CloudWatch { get; set; } = new();

    /// <summary>Reading of <c>s3://</c> sources.</summary>
    public S3Settings S3 { get; set; } = new();

    /// <summary>Returns <see cref="Sources"/> followed by a <c>cloudwatch:</c> source per cluster of <see cref="CloudWatchSettings.Clusters"/>.</summary>
    public IReadOnlyList<string> AllSources() =>
        [.. Sources, .. CloudWatch.ClusterNames().Select(cluster => "cloudwatch:" + cluster)];

    public ReportSettings Report { get; set; } = new();

    public IngestionOptions Ingestion { get; set; } = new();

    public HealthOptions Health { get; set; } = new();

    public ScheduleOptions Schedules { get; set; } = new();
}

/// <summary>
/// Where and how the scheduled monthly report is written.
/// </summary>
internal sealed class ReportSettings
{
    /// <summary>Folder under which each month's report goes into a sub-folder named <c>YYYY-MM</c>. Default <c>./reports</c>.</summary>
    public string OutputDirectory { get; set; } = "./reports";

    /// <summary>Report language: <c>en</c> or <c>ja</c>. Default <c>en</c>.</summary>
    public string Language { get; set; } = "en";

    /// <summary>
    /// <c>s3://bucket/prefix</c> to upload each frozen month's report files to, under the report id, with Object Lock
    /// in compliance mode. Default null keeps the reports local only.
    /// </summary>
    public string? UploadTo { get; set; }

    /// <summary>Object Lock retention of uploaded report files, in days. Default 2557 (7 years).</summary>
    public int RetentionDays { get; set; } = 2557;
}

/// <summary>
/// How sources are read.
/// </summary>
internal sealed class IngestionOptions
{
    /// <summary>Lines per batch; each batch is committed with its checkpoint in one transaction. Default 10 000.</summary>
    public int BatchLines { get; set; } = 10_000;

    /// <summary>Pause between scans of a source that has no new lines. Default 30 s.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How far back, in days before now, events are reconciled; older events are only counted as outside the period.
    /// Default 400 days, so that a report month plus its grace period is always inside.
    /// </summary>
    public int LookbackDays { get; set; } = 400;

    /// <summary>
    /// Name under which this process holds leases. Default: host name and process id. Set a stable name only when a
    /// restarted process replaces the same task (never two running tasks with one name), so it takes its leases back
    /// at once instead of after <see cref="LeaseTtl"/>.
    /// </summary>
    public string? WorkerId { get; set; }

    /// <summary>How long a task's claim on a source lasts without renewal. Default 2 minutes.</summary>
    public TimeSpan LeaseTtl { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Readiness turns false when a source's newest event is older than this. Default 1 hour.</summary>
    public TimeSpan MaxLag { get; set; } = TimeSpan.FromHours(1);
}

/// <summary>
/// The liveness and readiness endpoint.
/// </summary>
internal sealed class HealthOptions
{
    /// <summary>Address to listen on. Default <c>127.0.0.1</c>; set <c>+</c> in a container to take every address.</summary>
    public string Address { get; set; } = "127.0.0.1";

    /// <summary>TCP port; 0 turns the endpoint off. Default 8080.</summary>
    public int Port { get; set; } = 8080;

    /// <summary>How often metrics are written to the log. Default 60 s.</summary>
    public TimeSpan MetricsInterval { get; set; } = TimeSpan.FromSeconds(60);
}

/// <summary>
/// Quartz cron schedules (seconds minutes hours day-of-month month day-of-week), read in <see cref="TimeZone"/>.
/// </summary>
internal sealed class ScheduleOptions
{
    /// <summary>IANA time zone of the cron expressions and of the report month. Default <c>Asia/Tokyo</c>.</summary>
    public string TimeZone { get; set; } = "Asia/Tokyo";

    /// <summary>
    /// Monthly report of the previous calendar month. Default <c>0 0 9 3 * ?</c>: the 3rd at 09:00, which leaves two
    /// days of grace for late events.
    /// </summary>
    public string MonthlyReport { get; set; } = "0 0 9 3 * ?";

    /// <summary>Digest of critical findings of the last 24 hours. Default <c>0 0 8 * * ?</c>: every day at 08:00.</summary>
    public string DailyDigest { get; set; } = "0 0 8 * * ?";

    /// <summary>Completeness check of the last 24 hours of event counts. Default <c>0 15 * * * ?</c>: hourly at minute 15.</summary>
    public string CompletenessCheck { get; set; } = "0 15 * * * ?";
}
