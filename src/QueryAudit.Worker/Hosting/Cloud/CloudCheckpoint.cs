using System.Text.Json;
using System.Text.Json.Serialization;
using QueryAudit.Aws.CloudWatch;
using QueryAudit.Aws.S3;

namespace QueryAudit.Worker.Hosting.Cloud;

/// <summary>
/// Checkpoint of one cloud source under one lease: a <c>cloudwatch:CLUSTER</c> source (every stream's window end and
/// overlap event ids) or an <c>s3://</c> prefix (object key and line), and the start of the reconciliation period. A
/// task that takes the source over reads the committed events again from <paramref name="PeriodStart"/>, without
/// committing them, to rebuild the pipeline state that spans batches and instances, then reads on.
/// </summary>
/// <param name="Source">The configured source, for people; the source key names it too.</param>
/// <param name="PeriodStart">Events before it are counted as outside the period; fixed when the source is first read, so that a restart reconciles as the first run did.</param>
/// <param name="Streams">Per log stream, how far it was read; null for an S3 prefix.</param>
/// <param name="Archive">How far the S3 prefix was read; null for a CloudWatch source and before the first object.</param>
internal sealed record CloudCheckpoint(string Source, DateTimeOffset PeriodStart, List<StreamCheckpoint>? Streams, S3ArchiveCheckpoint? Archive)
{
    public string ToJson() => JsonSerializer.Serialize(this, CloudCheckpointJsonContext.Default.CloudCheckpoint);

    /// <exception cref="JsonException">The stored document is not a cloud checkpoint, for example one stream's checkpoint of an older version.</exception>
    public static CloudCheckpoint FromJson(string json) =>
        JsonSerializer.Deserialize(json, CloudCheckpointJsonContext.Default.CloudCheckpoint) is { Source: not null } checkpoint
            ? checkpoint
            : throw new JsonException("The stored cloud checkpoint has no source; it was not written by this version.");
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(CloudCheckpoint))]
internal sealed partial class CloudCheckpointJsonContext : JsonSerializerContext;
