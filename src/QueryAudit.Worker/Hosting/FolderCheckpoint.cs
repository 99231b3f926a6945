using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace QueryAudit.Worker.Hosting;

/// <summary>
/// Checkpoint of one folder source: the files read so far, in the order they were read, each with its number of
/// committed lines, and the start of the reconciliation period. A task that takes the folder over reads these
/// lines again, without committing them, to rebuild the pipeline state that spans batches, then reads on.
/// </summary>
/// <param name="Folder">The folder, for people; the source key names it too.</param>
/// <param name="PeriodStart">Events before it are counted as outside the period; fixed when the folder is first read, so that a restart reconciles as the first run did.</param>
/// <param name="Files">Files in reading order.</param>
internal sealed record FolderCheckpoint(string Folder, DateTimeOffset PeriodStart, List<FileProgress> Files)
{
    /// <summary>Returns the store key of a folder source: <c>folder:</c> and the folder's full path.</summary>
    public static string SourceKeyOf(string folder) => "folder:" + Path.GetFullPath(folder).TrimEnd(Path.DirectorySeparatorChar);

    /// <summary>
    /// Returns the key of a log file in its folder: the SHA-256 of its first line. The key follows the content, not the
    /// name, because MariaDB rotation renames <c>server_audit.log</c> to <c>.001</c> and the next rotation to
    /// <c>.002</c>; a gzip copy of a file has the same first line and so the same key.
    /// </summary>
    public static string FileKeyOf(ReadOnlySpan<byte> firstLine) => Convert.ToHexStringLower(SHA256.HashData(firstLine));

    public string ToJson() => JsonSerializer.Serialize(this, FolderCheckpointJsonContext.Default.FolderCheckpoint);

    /// <exception cref="JsonException">The stored document is not a folder checkpoint.</exception>
    public static FolderCheckpoint FromJson(string json) =>
        JsonSerializer.Deserialize(json, FolderCheckpointJsonContext.Default.FolderCheckpoint)
        ?? throw new JsonException("The stored folder checkpoint is null.");
}

/// <summary>
/// How far one file of a folder source was read.
/// </summary>
/// <param name="Key">The file's key (<see cref="FolderCheckpoint.FileKeyOf"/>).</param>
/// <param name="Path">Where the file was when last read, for people.</param>
/// <param name="Line">Last line fed to the pipeline, 1-based.</param>
/// <param name="Damaged">True when reading stopped at damage (a cut gzip stream); the file is not read again.</param>
internal sealed record FileProgress(string Key, string Path, long Line, bool Damaged = false);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(FolderCheckpoint))]
internal sealed partial class FolderCheckpointJsonContext : JsonSerializerContext;
