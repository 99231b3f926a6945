namespace QueryAudit.Aws.CloudWatchLogs.Model;

/// <summary>
/// One page of <c>GetLogEvents</c> results.
/// </summary>
/// <remarks>
/// The tokens are never null. Reading forward is finished when <see cref="NextForwardToken"/>
/// equals the token that was sent.
/// </remarks>
public sealed class GetLogEventsResponse
{
    public List<OutputLogEvent> Events { get; set; } = [];

    public string? NextForwardToken { get; set; }

    public string? NextBackwardToken { get; set; }
}
