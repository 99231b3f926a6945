using System.Text.Json.Serialization;

namespace QueryAudit.Aws.S3;

/// <summary>
/// One CloudWatch Logs subscription message as Kinesis Data Firehose delivers it: a batch of
/// events of one stream (<c>DATA_MESSAGE</c>), or a <c>CONTROL_MESSAGE</c> that CloudWatch Logs
/// sends to check the destination and that contains no log data.
/// </summary>
internal sealed class FirehoseRecord
{
    public string? MessageType { get; set; }

    public string? Owner { get; set; }

    public string? LogGroup { get; set; }

    public string? LogStream { get; set; }

    public List<FirehoseLogEvent> LogEvents { get; set; } = [];
}

/// <summary>One log event of a <see cref="FirehoseRecord"/>; the timestamp is epoch milliseconds.</summary>
internal sealed class FirehoseLogEvent
{
    public string? Id { get; set; }

    public long Timestamp { get; set; }

    public string? Message { get; set; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(FirehoseRecord))]
internal sealed partial class FirehoseJsonContext : JsonSerializerContext;
