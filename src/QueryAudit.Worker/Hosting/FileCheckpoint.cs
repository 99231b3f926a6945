using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace QueryAudit.Worker.Hosting;

/// <summary>
/// Checkpoint of one audit log file: the number of lines already committed. Reading resumes at line
/// <see cref="Line"/> + 1.
/// </summary>
/// <param name="Path">The file where the lines were last read, for people; the key does not depend on it.</param>
/// <param name="Line">Last committed line, 1-based; 0 before the first commit.</param>
internal sealed record FileCheckpoint(string Path, long Line)
{
    /// <summary>
    /// Returns the store key of a log file: <c>file:</c>, its folder and the SHA-256 of its first line. The key follows
    /// the content, not the name, because MariaDB rotation renames <c>server_audit.log</c> to <c>.001</c> and the
    /// next rotation to <c>.002</c>; a gzip copy of a file has the same first line and so the same key.
    /// </summary>
    public static string KeyOf(string path, ReadOnlySpan<byte> firstLine)
    {
        string folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path)) ?? "";
        string hash = Convert.ToHexStringLower(SHA256.HashData(firstLine));
        return $"file:{folder}#{hash}";
    }

    public string ToJson() => JsonSerializer.Serialize(this, FileCheckpointJsonContext.Default.FileCheckpoint);

    /// <exception cref="JsonException">The stored document is not a file checkpoint.</exception>
    public static FileCheckpoint FromJson(string json) =>
        JsonSerializer.Deserialize(json, FileCheckpointJsonContext.Default.FileCheckpoint)
        ?? throw new JsonException("The stored file checkpoint is null.");
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(FileCheckpoint))]
internal sealed partial class FileCheckpointJsonContext : JsonSerializerContext;
