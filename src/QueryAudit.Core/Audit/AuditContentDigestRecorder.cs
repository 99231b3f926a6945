using System.Buffers;

namespace QueryAudit.Core.Audit;

/// <summary>
/// Computes an input's <see cref="AuditContentDigest"/> from the bytes a reader takes from the file while it reads the
/// lines, so that the file is read, and for gzip decompressed, once for both. The digest equals the one
/// <see cref="AuditContentDigest.ComputeAsync"/> returns when the content was read to its end, which a gzip file cut
/// short also is: the decompressor returns its data without an error.
/// </summary>
/// <remarks>
/// After a decompression error the caller computes the digest with <see cref="AuditContentDigest.ComputeAsync"/>
/// instead. How much of a damaged gzip file decompresses before the error depends on the sizes of the reads, so only
/// that method gives the same <see cref="AuditContentDigest.ContentBytes"/> every time.
/// </remarks>
internal sealed class AuditContentDigestRecorder : IDisposable
{
    private readonly ContentHasher _content = new();
    private HashingReadStream? _file;

    /// <summary>
    /// Returns the stream to decompress: for gzip, one that hashes the file's bytes as the decompressor reads them and
    /// disposes <paramref name="file"/> with it. A plain file is returned as it is, because its content hash is its file hash.
    /// </summary>
    /// <param name="file">The file, positioned at its start.</param>
    /// <param name="gzip">True when the file starts with the gzip magic bytes.</param>
    public Stream ReadFile(Stream file, bool gzip)
    {
        if (!gzip)
        {
            return file;
        }

        _file = new HashingReadStream(file, leaveOpen: false);
        return _file;
    }

    /// <summary>Returns a stream over <paramref name="content"/> that hashes every byte read and disposes it with itself.</summary>
    public Stream ReadContent(Stream content) => new ContentHashingReadStream(content, _content);

    /// <summary>
    /// Hashes the file's bytes that the decompressor left unread (trailing bytes after the gzip data) and returns the
    /// digest. Call it once, after the content stream returned its end.
    /// </summary>
    public async Task<AuditContentDigest> FinishAsync(CancellationToken cancellationToken)
    {
        if (_file is null)
        {
            string sha = _content.Finish();
            return _content.ToDigest(sha, _content.Bytes, sha, damaged: false);
        }

        byte[] chunk = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            while (await _file.ReadAsync(chunk, cancellationToken).ConfigureAwait(false) > 0)
            {
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        string fileSha = _file.Finish();
        string contentSha = _content.Finish();
        return _content.ToDigest(fileSha, _file.Bytes, contentSha, damaged: false);
    }

    public void Dispose() => _content.Dispose();
}
