namespace QueryAudit.Aws.CloudWatchLogs.Model;

/// <summary>
/// A log group as <c>DescribeLogGroups</c> describes it.
/// </summary>
public sealed class LogGroup
{
    public string? LogGroupName { get; set; }

    /// <summary>Creation time in epoch milliseconds.</summary>
    public long? CreationTime { get; set; }

    /// <summary>Retention in days; null means the events never expire.</summary>
    public int? RetentionInDays { get; set; }

    public string? Arn { get; set; }

    public long? StoredBytes { get; set; }

    /// <summary><c>STANDARD</c>, <c>INFREQUENT_ACCESS</c> or another class AWS adds.</summary>
    public string? LogGroupClass { get; set; }
}
