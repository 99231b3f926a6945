using System.Security.Cryptography;

namespace QueryAudit.Worker.Reconcile;

/// <summary>
/// SHA-256 of files, as lower-case hex.
/// </summary>
internal static class FileHashing
{
    /// <summary>
    /// Returns the SHA-256 of a file's content: of the decompressed bytes for a gzip file, else the file's own hash
    /// <paramref name="fileSha256"/>, which is not computed again. Two inputs with the same content hash hold the same
    /// lines, whether compressed or not.
    /// </summary>
    public static async Task<string> ContentHashAsync(string path, string fileSha256, CancellationToken cancellationToken)
    {
        await using FileStream file = new(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        byte[] magic = new byte[2];
        int read = await file.ReadAtLeastAsync(magic, 2, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        file.Position = 0;
        if (read == 2 && magic[0] == 0x1F && magic[1] == 0x8B)
        {
            try
            {
                await using System.IO.Compression.GZipStream gzip = new(file, System.IO.Compression.CompressionMode.Decompress);
                return Convert.ToHexStringLower(await SHA256.HashDataAsync(gzip, cancellationToken).ConfigureAwait(false));
            }
            catch (InvalidDataException)
            {
                // A damaged gzip file is read (and reported) line by line later; compare it by its raw bytes.
            }
        }

        return fileSha256;
    }

    public static async Task<(string Sha256, long Bytes)> HashAsync(string path, CancellationToken cancellationToken)
    {
        await using FileStream stream = new(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        byte[] hash = await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false);
        return (Convert.ToHexStringLower(hash), stream.Length);
    }
}
