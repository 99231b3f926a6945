using System.Security.Cryptography;

namespace QueryAudit.Worker.Reconcile;

/// <summary>
/// SHA-256 of files, as lower-case hex.
/// </summary>
internal static class FileHashing
{
    public static async Task<(string Sha256, long Bytes)> HashAsync(string path, CancellationToken cancellationToken)
    {
        await using FileStream stream = new(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        byte[] hash = await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false);
        return (Convert.ToHexStringLower(hash), stream.Length);
    }
}
