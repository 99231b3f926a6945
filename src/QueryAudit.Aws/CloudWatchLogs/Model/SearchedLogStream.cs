namespace QueryAudit.Aws.CloudWatchLogs.Model;

/// <summary>
/// A stream that a <c>FilterLogEvents</c> call searched.
/// </summary>
public sealed class SearchedLogStream
{
    public string? LogStreamName { get; set; }

    /// <summary>Whether every event of the stream in the time range was searched.</summary>
    public bool? SearchedCompletely { get; set; }
}
