using System.Buffers;
using System.IO.Compression;
using System.Security.Cryptography;
using QueryAudit.Core.IO;

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
    private const int ChunkBytes = 1 << 20;

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
                await using GZipStream decompressed = new(raw, CompressionMode.Decompress, leaveOpen: true);
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
        await using Stream content = gzip ? new GZipStream(file, CompressionMode.Decompress, leaveOpen: true) : file;
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

    private static FileStream OpenFile(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan);

    private static async Task<bool> StartsWithGzipMagicAsync(FileStream file, CancellationToken cancellationToken)
    {
        byte[] magic = new byte[2];
        int read = await file.ReadAtLeastAsync(magic, 2, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        file.Position = 0;
        return read == 2 && magic[0] == 0x1F && magic[1] == 0x8B;
    }

    /// <summary>Hashes the content, the first line, and the content up to its last LF, as the chunks go by.</summary>
    private sealed class ContentHasher : IDisposable
    {
        private readonly IncrementalHash _all = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        private IncrementalHash? _head = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        private string _headSha = "";
        private long _bytes;
        private long _completeBytes;
        private byte[]? _completeHash;

        // True while the hash state ends inside a line, so that the whole-line hash was taken before it.
        private bool _insideLine;

        public async Task AddAllAsync(Stream stream, byte[] chunk, CancellationToken cancellationToken)
        {
            int read;
            while ((read = await stream.ReadAsync(chunk.AsMemory(0, ChunkBytes), cancellationToken).ConfigureAwait(false)) > 0)
            {
                Add(chunk.AsSpan(0, read));
            }
        }

        public string Finish()
        {
            if (!_insideLine)
            {
                _completeHash = _all.GetCurrentHash();
                _completeBytes = _bytes;
            }

            _head?.Dispose();
            _head = null;
            return Convert.ToHexStringLower(_all.GetHashAndReset());
        }

        public void Dispose()
        {
            _all.Dispose();
            _head?.Dispose();
        }

        public AuditContentDigest ToDigest(string fileSha, long fileBytes, string contentSha, bool damaged) =>
            new(fileSha, fileBytes, contentSha, _bytes, _headSha, _completeBytes, Convert.ToHexStringLower(_completeHash ?? SHA256.HashData([])), damaged);

        private void Add(ReadOnlySpan<byte> chunk)
        {
            if (_head is not null)
            {
                int first = chunk.IndexOf((byte)'\n');
                _head.AppendData(first < 0 ? chunk : chunk[..(first + 1)]);
                if (first >= 0)
                {
                    _headSha = Convert.ToHexStringLower(_head.GetHashAndReset());
                    _head.Dispose();
                    _head = null;
                }
            }

            int last = chunk.LastIndexOf((byte)'\n');
            if (last < 0)
            {
                TakeCompleteHash();
                _all.AppendData(chunk);
                _bytes += chunk.Length;
                _insideLine = true;
                return;
            }

            _all.AppendData(chunk[..(last + 1)]);
            _bytes += last + 1;
            _insideLine = false;
            if (last + 1 < chunk.Length)
            {
                TakeCompleteHash();
                _all.AppendData(chunk[(last + 1)..]);
                _bytes += chunk.Length - last - 1;
                _insideLine = true;
            }
        }

        private void TakeCompleteHash()
        {
            if (!_insideLine)
            {
                _completeHash = _all.GetCurrentHash();
                _completeBytes = _bytes;
            }
        }
    }

    /// <summary>Passes reads through and hashes every byte read.</summary>
    private sealed class HashingReadStream(Stream inner) : ForwardReadStream
    {
        private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

        public string Finish() => Convert.ToHexStringLower(_hash.GetHashAndReset());

        public override int Read(Span<byte> buffer)
        {
            int read = inner.Read(buffer);
            _hash.AppendData(buffer[..read]);
            return read;
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            int read = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            _hash.AppendData(buffer.Span[..read]);
            return read;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _hash.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
