using System.Text.Json;

namespace QueryAudit.Aws.CloudWatch;

/// <summary>
/// How far one log stream has been read: commit it in the same transaction as the results of
/// the lines read up to it, and pass it back to <see cref="CloudWatchAuditSource"/> to resume.
/// </summary>
/// <remarks>
/// Times are epoch milliseconds. Resuming reads again from <see cref="OverlapStart"/> and skips
/// the events in <see cref="SeenEvents"/>, so events that CloudWatch Logs ingested late, or that
/// share a millisecond with the last event read, are delivered once and only once.
/// </remarks>
public sealed record StreamCheckpoint
{
    /// <summary>The log group, e.g. <c>/aws/rds/cluster/billing-prod/audit</c>.</summary>
    public required string LogGroupName { get; init; }

    /// <summary>The log stream: the DB instance identifier.</summary>
    public required string LogStreamName { get; init; }

    /// <summary>
    /// Every event with a timestamp before this that was visible when its window was read has
    /// been delivered. It is the end of the last closed window, or the timestamp of the last
    /// event delivered while a window is being read.
    /// </summary>
    public required long WindowEnd { get; init; }

    /// <summary>The start of the overlap that is read again: every delivered event with a timestamp at or after it is in <see cref="SeenEvents"/>.</summary>
    public required long OverlapStart { get; init; }

    /// <summary>The events delivered with timestamps from <see cref="OverlapStart"/> on, in delivery order.</summary>
    public required IReadOnlyList<SeenEvent> SeenEvents { get; init; }

    /// <summary>The server-side filter pattern the stream was read with; null for none.</summary>
    public string? FilterPattern { get; init; }

    /// <summary>Serialises the checkpoint as JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, CheckpointJsonContext.Default.StreamCheckpoint);

    /// <summary>Reads a checkpoint written by <see cref="ToJson"/>.</summary>
    /// <exception cref="JsonException">The text is not a checkpoint.</exception>
    public static StreamCheckpoint FromJson(string json) =>
        JsonSerializer.Deserialize(json, CheckpointJsonContext.Default.StreamCheckpoint)
        ?? throw new JsonException("The checkpoint JSON is the literal null.");
}

/// <summary>One delivered event remembered for de-duplication: its CloudWatch event id and timestamp (epoch milliseconds).</summary>
public readonly record struct SeenEvent(string EventId, long Timestamp);
