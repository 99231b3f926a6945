namespace QueryAudit.Aws.CloudWatchLogs.Model;

/// <summary>
/// A log stream as <c>DescribeLogStreams</c> describes it. Times are epoch milliseconds.
/// </summary>
/// <remarks>
/// AWS updates <see cref="LastEventTimestamp"/> on an eventual-consistency basis, typically
/// within an hour of ingestion.
/// </remarks>
public sealed class LogStream
{
    public string? LogStreamName { get; set; }

    public long? CreationTime { get; set; }

    public long? FirstEventTimestamp { get; set; }

    public long? LastEventTimestamp { get; set; }

    public long? LastIngestionTime { get; set; }

    public string? UploadSequenceToken { get; set; }

    public string? Arn { get; set; }

    public long? StoredBytes { get; set; }
}
