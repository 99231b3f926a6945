using System.Security.Cryptography;
using QueryAudit.Core.IO;

namespace QueryAudit.Core.Audit;

/// <summary>Hashes the content, the first line, and the content up to its last LF, as the chunks go by.</summary>
internal sealed class ContentHasher : IDisposable
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
        while ((read = await stream.ReadAsync(chunk.AsMemory(0, AuditContentDigest.ChunkBytes), cancellationToken).ConfigureAwait(false)) > 0)
        {
            Add(chunk.AsSpan(0, read));
        }
    }

    /// <summary>Bytes of content added so far.</summary>
    public long Bytes => _bytes;

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

    public void Add(ReadOnlySpan<byte> chunk)
    {
        if (chunk.IsEmpty)
        {
            return;
        }

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

/// <summary>Passes reads through and hashes and counts every byte read.</summary>
/// <param name="inner">The stream read.</param>
/// <param name="leaveOpen">False to dispose <paramref name="inner"/> with this stream.</param>
internal sealed class HashingReadStream(Stream inner, bool leaveOpen = true) : ForwardReadStream
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    /// <summary>Bytes read so far.</summary>
    public long Bytes { get; private set; }

    public string Finish() => Convert.ToHexStringLower(_hash.GetHashAndReset());

    public override int Read(Span<byte> buffer)
    {
        int read = inner.Read(buffer);
        _hash.AppendData(buffer[..read]);
        Bytes += read;
        return read;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        int read = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        _hash.AppendData(buffer.Span[..read]);
        Bytes += read;
        return read;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _hash.Dispose();
            if (!leaveOpen)
            {
                inner.Dispose();
            }
        }

        base.Dispose(disposing);
    }
}

/// <summary>Passes reads of content through and adds every byte read to a <see cref="ContentHasher"/>.</summary>
/// <param name="inner">The content, disposed with this stream.</param>
/// <param name="hasher">Receives the bytes read.</param>
internal sealed class ContentHashingReadStream(Stream inner, ContentHasher hasher) : ForwardReadStream
{
    public override int Read(Span<byte> buffer)
    {
        int read = inner.Read(buffer);
        hasher.Add(buffer[..read]);
        return read;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        int read = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        hasher.Add(buffer.Span[..read]);
        return read;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await inner.DisposeAsync().ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
    }
}
