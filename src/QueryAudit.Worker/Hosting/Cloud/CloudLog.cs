using Microsoft.Extensions.Logging;

namespace QueryAudit.Worker.Hosting.Cloud;

/// <summary>
/// Log messages of the cloud sources of <c>queryaudit run</c>; event ids 7401 to 7499.
/// </summary>
internal static partial class CloudLog
{
    [LoggerMessage(EventId = 7402, Level = LogLevel.Information, Message = "Source {SourceKey}: committed batch of {Lines} lines, {Events} events, {Findings} findings, {Quarantined} unparsed")]
    public static partial void BatchCommitted(ILogger logger, string sourceKey, int lines, long events, int findings, int quarantined);

    [LoggerMessage(EventId = 7403, Level = LogLevel.Warning, Message = "Source {SourceKey}: the lease was taken by another task while reading; the lines since the last commit are read again by the new owner")]
    public static partial void LeaseLost(ILogger logger, string sourceKey);

    [LoggerMessage(EventId = 7404, Level = LogLevel.Information, Message = "Copied {Setting} to {LocalPath}: {Objects} objects")]
    public static partial void InputDownloaded(ILogger logger, string setting, string localPath, int objects);

    [LoggerMessage(EventId = 7405, Level = LogLevel.Information, Message = "Source {Source}: rebuilt the pipeline from {Lines} committed events; reading on")]
    public static partial void SourceResumed(ILogger logger, string source, long lines);
}
