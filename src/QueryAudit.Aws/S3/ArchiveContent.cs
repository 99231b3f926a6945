using QueryAudit.Core.Audit;

namespace QueryAudit.Aws.S3;

/// <summary>
/// Opens the content of an archive object: undoes gzip (several levels: Firehose may compress
/// records that CloudWatch Logs already compressed), checking each level's trailer, and
/// distinguishes JSON envelopes from plain lines.
/// </summary>
internal static class ArchiveContent
{
    private const int MaxGzipLevels = 3;
    private const int PeekBytes = 4096;

    /// <summary>Returns the decompressed content and whether it starts with a JSON object (Firehose envelopes) rather than lines.</summary>
    public static async Task<(Stream Content, bool IsJson)> OpenAsync(Stream raw, CancellationToken cancellationToken)
    {
        Stream content = raw;
        for (int level = 0; ; level++)
        {
            (byte[] head, int count) = await PeekAsync(content, PeekBytes, cancellationToken).ConfigureAwait(false);
            content = new PrefixedStream(head.AsMemory(0, count), content);
            bool gzip = count >= 2 && head[0] == 0x1F && head[1] == 0x8B;
            if (gzip && level < MaxGzipLevels)
            {
                content = new GzipIntegrityStream(content);
                continue;
            }

            int first = Array.FindIndex(head, 0, count, b => b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'));
            return (content, first >= 0 && head[first] == (byte)'{');
        }
    }

    private static async Task<(byte[] Head, int Count)> PeekAsync(Stream stream, int size, CancellationToken cancellationToken)
    {
        byte[] head = new byte[size];
        int count = 0;
        while (count < size)
        {
            int read = await stream.ReadAsync(head.AsMemory(count), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            count += read;
        }

        return (head, count);
    }
}
