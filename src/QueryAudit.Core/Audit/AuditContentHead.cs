using System.IO.Compression;
using System.Security.Cryptography;

namespace QueryAudit.Core.Audit;

/// <summary>
/// The size of an input file and the hash of its first line, read from the start of the file only, so that an input
/// can be compared with the inputs read before it (<see cref="AuditContentOverlap.HasCandidates"/>) before it is read.
/// </summary>
/// <param name="FileBytes">Size of the file in bytes when it was opened.</param>
/// <param name="HeadSha256">
/// The <see cref="AuditContentDigest.HeadSha256"/> of the file: SHA-256 of the first line with its LF, or empty when
/// the content contains no LF. Null when the first <see cref="MaxBytes"/> bytes of content contain no LF and are not the
/// whole content, or when the gzip content is damaged before the first LF.
/// </param>
public sealed record AuditContentHead(long FileBytes, string? HeadSha256)
{
    /// <summary>Bytes of content read at most to find the first LF.</summary>
    public const int MaxBytes = 1 << 20;

    // Audit log lines are a few hundred bytes to a few KiB long, so the first read usually contains the first LF.
    private const int ChunkBytes = 8 * 1024;

    /// <summary>Reads <paramref name="path"/>'s content, decompressed for gzip, up to its first LF.</summary>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static async Task<AuditContentHead> ReadAsync(string path, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        await using FileStream file = AuditContentDigest.OpenFile(path);
        long fileBytes = file.Length;
        bool gzip = await AuditContentDigest.StartsWithGzipMagicAsync(file, cancellationToken).ConfigureAwait(false);
        await using Stream content = gzip ? GzipReadObserver.Observe(new GZipStream(file, CompressionMode.Decompress, leaveOpen: true), path) : file;
        using IncrementalHash hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        byte[] chunk = new byte[ChunkBytes];
        long bytes = 0;
        try
        {
            while (bytes < MaxBytes)
            {
                int read = await content.ReadAsync(chunk.AsMemory(0, (int)Math.Min(ChunkBytes, MaxBytes - bytes)), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    return new AuditContentHead(fileBytes, "");
                }

                int newline = chunk.AsSpan(0, read).IndexOf((byte)'\n');
                if (newline >= 0)
                {
                    hash.AppendData(chunk.AsSpan(0, newline + 1));
                    return new AuditContentHead(fileBytes, Convert.ToHexStringLower(hash.GetHashAndReset()));
                }

                hash.AppendData(chunk.AsSpan(0, read));
                bytes += read;
            }

            return new AuditContentHead(fileBytes, null);
        }
        catch (InvalidDataException)
        {
            return new AuditContentHead(fileBytes, null);
        }
    }
}
