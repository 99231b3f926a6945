using QueryAudit.Core.Audit;

namespace QueryAudit.Aws.CloudWatch;

/// <summary>
/// Settings of <see cref="CloudWatchAuditSource"/>: which log group, which period, and how
/// windows trail ingestion.
/// </summary>
/// <remarks>
/// An event is delivered even when CloudWatch Logs ingests it late, as long as it arrives
/// within <see cref="SafetyLag"/> + <see cref="Overlap"/> of its own timestamp (7 minutes with
/// the defaults). Later arrivals are outside every window still being read; reading the closed
/// period again finds them.
/// </remarks>
public sealed class CloudWatchSourceOptions
{
    /// <summary>The Aurora cluster identifier; the log group is <c>/aws/rds/cluster/CLUSTER/audit</c>.</summary>
    public string? ClusterIdentifier { get; set; }

    /// <summary>The log group to read; default null derives it from <see cref="ClusterIdentifier"/>.</summary>
    public string? LogGroupName { get; set; }

    /// <summary>Reads only the streams (instances) whose names start with this; default null reads all.</summary>
    public string? LogStreamNamePrefix { get; set; }

    /// <summary>
    /// Reads only the stream of exactly this name, e.g. to hold one lease per stream; default null reads every
    /// stream that <see cref="LogStreamNamePrefix"/> admits. Set at most one of the two.
    /// </summary>
    public string? LogStreamName { get; set; }

    /// <summary>
    /// Without an <see cref="EndTime"/>, ends reading once every stream is read up to the safety lag instead of
    /// waiting <see cref="PollInterval"/> and going on, so that the caller can commit and poll by itself. A new
    /// source made from the checkpoints goes on where this one stopped. Default false.
    /// </summary>
    public bool StopWhenCaughtUp { get; set; }

    /// <summary>The first event time to read (inclusive) for a stream without a checkpoint. Required.</summary>
    public DateTimeOffset? StartTime { get; set; }

    /// <summary>
    /// The end of the period (exclusive). Reading ends when every stream is read up to it and
    /// it is <see cref="SafetyLag"/> + <see cref="Overlap"/> in the past, after a last read of the
    /// overlap, so the period's last events get the same time to arrive as any other. Default
    /// null follows the log group live until cancelled.
    /// </summary>
    public DateTimeOffset? EndTime { get; set; }

    /// <summary>A window is read only once its end is this far in the past, so that delivery to CloudWatch Logs can catch up. Default 2 minutes.</summary>
    public TimeSpan SafetyLag { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// How much of the previous window each read covers again, to find events ingested late
    /// or sharing the last millisecond. Default 5 minutes. A checkpoint contains the ids of the
    /// events of this span, so a longer overlap makes checkpoints larger.
    /// </summary>
    public TimeSpan Overlap { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The longest span one window covers (backfill reads a period in windows of this size). Default 1 hour.</summary>
    public TimeSpan WindowSize { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long to wait when every stream is read up to the safety lag, and how often to look for new streams. Default 1 minute.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// A CloudWatch Logs filter pattern applied by the service, e.g. <c>-rdsadmin</c>; default
    /// null reads every event. Events it excludes are never read, so the report states it.
    /// </summary>
    public string? FilterPattern { get; set; }

    /// <summary>Events per FilterLogEvents page, 1 to 10,000. Default 10,000 (the service maximum).</summary>
    public int PageLimit { get; set; } = 10_000;

    /// <summary>
    /// The layout of the lines; default null means Aurora for <c>/aws/rds/cluster/</c> groups
    /// and detection per line otherwise (RDS for MySQL and MariaDB).
    /// </summary>
    public AuditLogFormat? Format { get; set; }

    /// <summary>Messages longer than this many UTF-8 bytes are passed on cut, with their full length, for the parser to quarantine. Default 1 MiB.</summary>
    public int MaxLineBytes { get; set; } = AuditLineParserOptions.DefaultMaxLineBytes;

    /// <summary>Returns the log group to read.</summary>
    /// <exception cref="InvalidOperationException">Neither <see cref="LogGroupName"/> nor <see cref="ClusterIdentifier"/> is set.</exception>
    public string ResolveLogGroupName()
    {
        if (!string.IsNullOrWhiteSpace(LogGroupName))
        {
            return LogGroupName;
        }

        if (!string.IsNullOrWhiteSpace(ClusterIdentifier))
        {
            return $"/aws/rds/cluster/{ClusterIdentifier}/audit";
        }

        throw new InvalidOperationException("No CloudWatch log group to read: set ClusterIdentifier (e.g. billing-prod) or LogGroupName (e.g. /aws/rds/cluster/billing-prod/audit).");
    }

    /// <summary>Checks every setting and names the first invalid one.</summary>
    /// <exception cref="ArgumentException">A setting is missing or out of range.</exception>
    public void Validate()
    {
        ResolveLogGroupName();
        if (StartTime is null)
        {
            throw new ArgumentException("StartTime is required: the first event time to read for streams without a checkpoint, e.g. the start of the report period.", nameof(StartTime));
        }

        if (EndTime is { } end && end <= StartTime)
        {
            throw new ArgumentException($"EndTime {end:o} must be after StartTime {StartTime:o}.", nameof(EndTime));
        }

        RequirePositive(SafetyLag, nameof(SafetyLag), allowZero: true);
        RequirePositive(Overlap, nameof(Overlap), allowZero: true);
        RequirePositive(WindowSize, nameof(WindowSize), allowZero: false);
        RequirePositive(PollInterval, nameof(PollInterval), allowZero: false);
        if (LogStreamName is not null && LogStreamNamePrefix is not null)
        {
            throw new ArgumentException($"Set LogStreamName ({LogStreamName}) or LogStreamNamePrefix ({LogStreamNamePrefix}), not both.", nameof(LogStreamName));
        }

        if (PageLimit is < 1 or > 10_000)
        {
            throw new ArgumentException($"PageLimit {PageLimit} must be between 1 and 10000.", nameof(PageLimit));
        }

        if (FilterPattern is { Length: > 1024 })
        {
            throw new ArgumentException($"FilterPattern has {FilterPattern.Length} characters; CloudWatch Logs accepts at most 1024.", nameof(FilterPattern));
        }

        if (MaxLineBytes < 1)
        {
            throw new ArgumentException("MaxLineBytes must be positive.", nameof(MaxLineBytes));
        }
    }

    private static void RequirePositive(TimeSpan value, string name, bool allowZero)
    {
        if (value < TimeSpan.Zero || (!allowZero && value == TimeSpan.Zero))
        {
            throw new ArgumentException($"{name} {value} must be {(allowZero ? "zero or more" : "more than zero")}.", name);
        }
    }
}
