namespace QueryAudit.Aws.CloudWatchLogs.Model;

/// <summary>
/// One page of <c>FilterLogEvents</c> results.
/// </summary>
/// <remarks>
/// A page may be partial or empty while more events exist: the search is finished only when
/// <see cref="NextToken"/> is null.
/// </remarks>
public sealed class FilterLogEventsResponse
{
    /// <summary>The matching events, in timestamp order.</summary>
    public List<FilteredLogEvent> Events { get; set; } = [];

    /// <summary>Deprecated by AWS; kept because the service still returns it.</summary>
    public List<SearchedLogStream> SearchedLogStreams { get; set; } = [];

    /// <summary>The token for the next page; null when the search is finished.</summary>
    public string? NextToken { get; set; }
}
