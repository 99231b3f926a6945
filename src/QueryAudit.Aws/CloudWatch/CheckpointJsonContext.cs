using System.Text.Json.Serialization;
using QueryAudit.Aws.S3;

namespace QueryAudit.Aws.CloudWatch;

/// <summary>Source-generated JSON metadata for the checkpoints of the AWS sources.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(StreamCheckpoint))]
[JsonSerializable(typeof(S3ArchiveCheckpoint))]
internal sealed partial class CheckpointJsonContext : JsonSerializerContext;
