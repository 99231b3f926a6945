using System.Buffers.Binary;
using System.IO.Compression;
using QueryAudit.Core.IO;

namespace QueryAudit.Aws.S3;

/// <summary>
/// Decompresses gzip and, at the end, checks the trailer of the last member (CRC-32 and size
/// of its data), so that an object cut short is reported instead of read as if complete.
/// </summary>
/// <remarks>
/// .NET's <see cref="GZipStream"/> (checked on .NET 10) ends without an error when the input stops in
/// the middle of a member, even halfway through. The check passes when the trailer matches all the
/// data (one member, as CloudWatch exports write) or the data's last part (the last of several
/// members, as Firehose writes); the last <see cref="MaxLastMemberBytes"/> bytes are kept for
/// that. NOTE: a last member longer than that cannot be checked and is reported as damaged.
/// </remarks>
internal sealed class GzipIntegrityStream : ForwardReadStream
{
    /// <summary>
    /// The longest last member whose trailer can be checked, in decompressed bytes. A Firehose
    /// record is at most 1,000 KiB (Firehose API reference, <c>Record</c>), so this allows
    /// for a compression ratio of 16, an estimate above what text logs reach.
    /// </summary>
    public const int MaxLastMemberBytes = 16 * 1024 * 1024;

    private readonly TailKeepingStream _raw;
    private readonly GZipStream _gzip;
    private byte[] _recent = new byte[64 * 1024];
    private long _recentWritten;
    private uint _crc;
    private long _length;
    private bool _checked;

    public GzipIntegrityStream(Stream compressed)
    {
        _raw = new TailKeepingStream(compressed);
        _gzip = new GZipStream(_raw, CompressionMode.Decompress);
    }

    public override int Read(Span<byte> buffer) => Observe(buffer, _gzip.Read(buffer));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        int read = await _gzip.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        return Observe(buffer.Span, read);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _gzip.Dispose();
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await _gzip.DisposeAsync().ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
    }

    private int Observe(Span<byte> buffer, int read)
    {
        if (read > 0)
        {
            ReadOnlySpan<byte> data = buffer[..read];
            _crc = Crc32.Append(_crc, data);
            _length += read;
            Remember(data);
        }
        else if (!_checked && buffer.Length > 0)
        {
            _checked = true;
            CheckTrailer();
        }

        return read;
    }

    private void Remember(ReadOnlySpan<byte> data)
    {
        if (_recent.Length < MaxLastMemberBytes && _recentWritten + data.Length > _recent.Length)
        {
            // Grow while everything seen still fits, keeping the ring's content in order.
            byte[] grown = new byte[Math.Min(MaxLastMemberBytes, Math.Max(_recent.Length * 2, (int)Math.Min(MaxLastMemberBytes, _recentWritten + data.Length)))];
            int kept = (int)Math.Min(_recentWritten, _recent.Length);
            CopyLast(kept, grown);
            _recent = grown;
            _recentWritten = kept;
        }

        foreach (byte b in data.Length > _recent.Length ? data[^_recent.Length..] : data)
        {
            _recent[_recentWritten++ % _recent.Length] = b;
        }
    }

    private void CopyLast(int count, Span<byte> target)
    {
        for (int i = 0; i < count; i++)
        {
            target[i] = _recent[(_recentWritten - count + i) % _recent.Length];
        }
    }

    private void CheckTrailer()
    {
        if (_raw.Tail.Length < 8)
        {
            throw new InvalidDataException("The gzip data ends before its 8-byte trailer; the object is cut short.");
        }

        uint expectedCrc = BinaryPrimitives.ReadUInt32LittleEndian(_raw.Tail.AsSpan(0, 4));
        uint expectedSize = BinaryPrimitives.ReadUInt32LittleEndian(_raw.Tail.AsSpan(4, 4));
        if (expectedCrc == _crc && expectedSize == (uint)_length)
        {
            return;
        }

        long kept = Math.Min(_recentWritten, _recent.Length);
        if (expectedSize <= kept)
        {
            byte[] last = new byte[expectedSize];
            CopyLast((int)expectedSize, last);
            if (Crc32.Append(0, last) == expectedCrc)
            {
                return;
            }
        }

        throw new InvalidDataException(
            $"The gzip trailer (CRC-32 {expectedCrc:x8}, size {expectedSize}) matches neither the {_length} decompressed bytes nor their last member; the object is cut short or damaged.");
    }

    /// <summary>Passes reads through and keeps the last 8 bytes read: the gzip trailer once the input has ended.</summary>
    private sealed class TailKeepingStream(Stream inner) : ForwardReadStream
    {
        private readonly byte[] _tail = new byte[8];
        private int _tailLength;

        public byte[] Tail => _tail.AsSpan(0, _tailLength).ToArray();

        public override int Read(Span<byte> buffer)
        {
            int read = inner.Read(buffer);
            Keep(buffer[..read]);
            return read;
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            int read = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            Keep(buffer.Span[..read]);
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

        private void Keep(ReadOnlySpan<byte> data)
        {
            if (data.Length >= 8)
            {
                data[^8..].CopyTo(_tail);
                _tailLength = 8;
                return;
            }

            int keep = Math.Min(_tailLength, 8 - data.Length);
            _tail.AsSpan(_tailLength - keep, keep).CopyTo(_tail);
            data.CopyTo(_tail.AsSpan(keep));
            _tailLength = keep + data.Length;
        }
    }
}
