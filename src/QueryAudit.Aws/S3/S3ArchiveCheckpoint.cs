using System.Text.Json;
using QueryAudit.Aws.CloudWatch;

namespace QueryAudit.Aws.S3;

/// <summary>
/// How far an S3 archive prefix has been read: commit it with the results of the lines read
/// up to it, and pass it back to <see cref="S3ArchiveSource"/> to resume.
/// </summary>
/// <remarks>
/// Objects are read in key order (the order ListObjectsV2 returns), so resuming skips every
/// key before <see cref="ObjectKey"/>. Keys that appear later but sort before it are not read;
/// Firehose's <c>YYYY/MM/DD/HH/</c> prefixes only grow, but give each CloudWatch export task its own prefix.
/// </remarks>
public sealed record S3ArchiveCheckpoint
{
    /// <summary>The key of the object read last.</summary>
    public required string ObjectKey { get; init; }

    /// <summary>The number of lines (or, in Firehose objects, log events) of that object already delivered.</summary>
    public required long Line { get; init; }

    /// <summary>Whether the whole object was delivered, so that resuming starts at the next key.</summary>
    public required bool ObjectComplete { get; init; }

    /// <summary>The object's ETag when it was read; a different ETag on resume means the object was replaced.</summary>
    public string? ETag { get; init; }

    /// <summary>Serialises the checkpoint as JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, CheckpointJsonContext.Default.S3ArchiveCheckpoint);

    /// <summary>Reads a checkpoint written by <see cref="ToJson"/>.</summary>
    /// <exception cref="JsonException">The text is not a checkpoint.</exception>
    public static S3ArchiveCheckpoint FromJson(string json) =>
        JsonSerializer.Deserialize(json, CheckpointJsonContext.Default.S3ArchiveCheckpoint)
        ?? throw new JsonException("The checkpoint JSON is the literal null.");
}
