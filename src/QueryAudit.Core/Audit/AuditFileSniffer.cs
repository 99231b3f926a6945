using System.IO.Compression;

namespace QueryAudit.Core.Audit;

/// <summary>
/// Tells whether a file found in a folder looks like an audit log, from its first line.
/// </summary>
internal static class AuditFileSniffer
{
    private const int SniffBytes = 4096;

    /// <summary>
    /// True when the first line (after gzip decompression when the file starts with the gzip magic bytes) starts
    /// with an epoch-microsecond or <c>YYYYMMDD HH:MM:SS</c> timestamp followed by a comma. False for unreadable,
    /// damaged or empty files.
    /// </summary>
    public static bool StartsWithAuditRecord(string path)
    {
        byte[] head = new byte[SniffBytes];
        int count;
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1);
            count = file.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
            if (count >= 2 && head[0] == 0x1F && head[1] == 0x8B)
            {
                file.Position = 0;
                using var gzip = new GZipStream(file, CompressionMode.Decompress);
                count = gzip.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            return false;
        }

        ReadOnlySpan<byte> start = head.AsSpan(0, count);
        int comma = start.IndexOf((byte)',');
        if (comma < 0)
        {
            return false;
        }

        ReadOnlySpan<byte> timestamp = start[..comma];
        return AuditTimestamp.IsEpochMicroseconds(timestamp) || AuditTimestamp.IsLocalDateTime(timestamp);
    }
}
