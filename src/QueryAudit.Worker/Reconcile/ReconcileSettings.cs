using QueryAudit.Core.Audit;

namespace QueryAudit.Worker.Reconcile;

/// <summary>
/// The options of one <c>queryaudit reconcile</c> run, as given on the command line.
/// </summary>
internal sealed record ReconcileSettings
{
    /// <summary>Files, folders, or <c>-</c> for standard input.</summary>
    public required IReadOnlyList<string> Inputs { get; init; }

    /// <summary>Cloud sources: <c>cloudwatch:CLUSTER</c> or <c>s3://BUCKET/PREFIX</c>.</summary>
    public IReadOnlyList<string> Sources { get; init; } = [];

    /// <summary>AWS Region for cloud sources; null takes AWS_REGION / AWS_DEFAULT_REGION.</summary>
    public string? AwsRegion { get; init; }

    /// <summary>CloudWatch Logs endpoint (VPC endpoint or a test server); null takes the Region's public endpoint.</summary>
    public string? CloudWatchEndpoint { get; init; }

    /// <summary>S3 endpoint (VPC endpoint or an emulator, addressed path-style); null takes the Region's endpoint.</summary>
    public string? S3Endpoint { get; init; }

    /// <summary>How far, in event time, a Firehose redelivery in an <c>s3://</c> source may lag the newest event read and still be dropped. Default <see cref="DefaultRedeliveryWindow"/>.</summary>
    public TimeSpan RedeliveryWindow { get; init; } = DefaultRedeliveryWindow;

    /// <summary>One hour, the default of <see cref="Aws.S3.S3ArchiveSourceOptions.RedeliveryWindow"/>.</summary>
    public static TimeSpan DefaultRedeliveryWindow => new Aws.S3.S3ArchiveSourceOptions().RedeliveryWindow;

    /// <summary>S3 location <c>s3://BUCKET/PREFIX</c> to upload the report folder to with Object Lock; null for none.</summary>
    public string? UploadTo { get; init; }

    /// <summary>Object Lock retention of uploaded reports in days. Default 2557 (7 years).</summary>
    public int RetentionDays { get; init; } = 2557;

    public required string CatalogDirectory { get; init; }

    public required string PolicyFile { get; init; }

    /// <summary>Month as <c>YYYY-MM</c>; null when <see cref="From"/> and <see cref="To"/> are given.</summary>
    public string? Period { get; init; }

    public string? From { get; init; }

    public string? To { get; init; }

    /// <summary>IANA time zone; null takes the policy's <c>time-zone</c>.</summary>
    public string? TimeZone { get; init; }

    /// <summary>Cluster the file inputs come from; null when unknown.</summary>
    public string? Cluster { get; init; }

    /// <summary>Instance of every file input; null takes it from the file name or the log line.</summary>
    public string? Instance { get; init; }

    public AuditLogFormat Format { get; init; } = AuditLogFormat.Auto;

    /// <summary>Time zone of MariaDB-layout timestamps; null takes the policy's <c>log-time-zone</c>.</summary>
    public string? LogTimeZone { get; init; }

    /// <summary>The server's query log limit in bytes; null takes the policy's <c>query-log-limit</c>.</summary>
    public int? QueryLogLimit { get; init; }

    public required string OutputDirectory { get; init; }

    /// <summary>Report language: <c>en</c> or <c>ja</c>; null takes the policy's <c>report-language</c>.</summary>
    public string? Language { get; init; }

    public bool IncludeLiterals { get; init; }

    /// <summary>Amendment details, set by the scheduled monthly job when the report amends a frozen one. The cover then shows a notice.</summary>
    public Core.Reporting.ReportAmendment? Amendment { get; init; }

    /// <summary>Exit with code 3 when any finding is at or above this severity; null never.</summary>
    public Core.Reconciliation.Severity? FailOn { get; init; }

    /// <summary>
    /// State store (<c>sqlite:PATH</c> or <c>mysql:...</c>) to save findings in for triage and to read dispositions
    /// from for the report; null runs without a store.
    /// </summary>
    public string? Store { get; init; }

    /// <summary>
    /// Threads for reading the inputs: 1 runs everything on one thread; 2 or more decompress, parse and assemble each
    /// input (and hash the next ones) on other threads while one thread reconciles. The results are the same for any
    /// value. Default: <see cref="DefaultThreads"/>.
    /// </summary>
    public int Threads { get; init; } = DefaultThreads;

    /// <summary>2, or 1 on a single-processor machine, where a second thread would only add hand-over costs.</summary>
    public static int DefaultThreads => Math.Min(2, Environment.ProcessorCount);

    /// <summary>Show progress on standard error (only when it is a terminal).</summary>
    public bool Progress { get; init; } = true;
}
