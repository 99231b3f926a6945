using System.Buffers;
using System.IO.Compression;
using System.Security.Cryptography;

namespace QueryAudit.Core.Audit;

/// <summary>
/// Hashes of one input file, computed in a single streaming pass: of the file's bytes (for the manifest) and of its
/// content, decompressed for gzip (to find inputs that repeat lines of another input).
/// </summary>
/// <param name="FileSha256">SHA-256 of the file's bytes, lower-case hex.</param>
/// <param name="FileBytes">Size of the file in bytes.</param>
/// <param name="ContentSha256">SHA-256 of the content; for a damaged gzip file, of the file's bytes.</param>
/// <param name="ContentBytes">Bytes of content read (decompressed for gzip, up to the damage for a damaged one).</param>
/// <param name="HeadSha256">SHA-256 of the first line with its LF; empty when the content contains no whole line.</param>
/// <param name="CompleteBytes">Bytes of content up to and including its last LF: the whole lines.</param>
/// <param name="CompleteSha256">SHA-256 of those <paramref name="CompleteBytes"/> bytes.</param>
/// <param name="Damaged">True when the gzip content could not be decompressed to its end.</param>
public sealed record AuditContentDigest(
    string FileSha256,
    long FileBytes,
    string ContentSha256,
    long ContentBytes,
    string HeadSha256,
    long CompleteBytes,
    string CompleteSha256,
    bool Damaged)
{
    // Large reads make the per-read work (one SHA-256 finalisation for the whole-line hash) negligible: an estimated
    // microsecond per MiB against about half a millisecond to hash the MiB.
    internal const int ChunkBytes = 1 << 20;

    /// <summary>Reads <paramref name="path"/> once and returns its hashes.</summary>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static async Task<AuditContentDigest> ComputeAsync(string path, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        await using FileStream file = OpenFile(path);
        bool gzip = await StartsWithGzipMagicAsync(file, cancellationToken).ConfigureAwait(false);
        using HashingReadStream raw = new(file);
        using ContentHasher content = new();
        byte[] chunk = ArrayPool<byte>.Shared.Rent(ChunkBytes);
        bool damaged = false;
        try
        {
            if (!gzip)
            {
                // Plain content is the file: one hash serves both.
                await content.AddAllAsync(file, chunk, cancellationToken).ConfigureAwait(false);
                string sha = content.Finish();
                return content.ToDigest(sha, file.Length, sha, damaged: false);
            }

            try
            {
                await using Stream decompressed = GzipReadObserver.Observe(new GZipStream(raw, CompressionMode.Decompress, leaveOpen: true), path);
                await content.AddAllAsync(decompressed, chunk, cancellationToken).ConfigureAwait(false);
            }
            catch (InvalidDataException)
            {
                // Compared by its raw bytes instead; the reader reports the damage when it reaches it.
                damaged = true;
            }

            // The decompressor may stop before the end of the file (trailing bytes); the file hash covers every byte.
            while (await raw.ReadAsync(chunk.AsMemory(0, ChunkBytes), cancellationToken).ConfigureAwait(false) > 0)
            {
            }

            string fileSha = raw.Finish();
            string contentSha = content.Finish();
            return content.ToDigest(fileSha, file.Length, damaged ? fileSha : contentSha, damaged);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
    }

    /// <summary>
    /// Returns the SHA-256 of the first <paramref name="bytes"/> bytes of the file's content (decompressed for gzip)
    /// and the number of LF bytes among them, or null when the content is shorter or cannot be decompressed that far.
    /// </summary>
    public static async Task<(string Sha256, long Lines)?> PrefixAsync(string path, long bytes, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        await using FileStream file = OpenFile(path);
        bool gzip = await StartsWithGzipMagicAsync(file, cancellationToken).ConfigureAwait(false);
        await using Stream content = gzip ? GzipReadObserver.Observe(new GZipStream(file, CompressionMode.Decompress, leaveOpen: true), path) : file;
        using IncrementalHash hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        byte[] chunk = ArrayPool<byte>.Shared.Rent(ChunkBytes);
        try
        {
            long left = bytes;
            long lines = 0;
            while (left > 0)
            {
                int read = await content.ReadAsync(chunk.AsMemory(0, (int)Math.Min(ChunkBytes, left)), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    return null;
                }

                ReadOnlySpan<byte> span = chunk.AsSpan(0, read);
                hash.AppendData(span);
                lines += span.Count((byte)'\n');
                left -= read;
            }

            return (Convert.ToHexStringLower(hash.GetHashAndReset()), lines);
        }
        catch (InvalidDataException)
        {
            return null;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
    }

    internal static FileStream OpenFile(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan);

    internal static async Task<bool> StartsWithGzipMagicAsync(FileStream file, CancellationToken cancellationToken)
    {
        byte[] magic = new byte[2];
        int read = await file.ReadAtLeastAsync(magic, 2, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        file.Position = 0;
        return read == 2 && magic[0] == 0x1F && magic[1] == 0x8B;
    }
}
