namespace QueryAudit.Aws.S3;

/// <summary>
/// Splits a stream into lines at LF (dropping a CR before it) with memory bounded by the
/// maximum line length. Of a longer line only the start is kept, with its full length.
/// </summary>
internal sealed class ArchiveLineReader(Stream stream, int maxLineBytes)
{
    /// <summary>Bytes kept from the start of an over-long line: enough for the quarantine preview.</summary>
    public const int OverlongPrefixBytes = 1024;

    private byte[] _buffer = new byte[Math.Min(64 * 1024, maxLineBytes + 2)];
    private int _start;
    private int _end;
    private int _scanned;
    private bool _endOfStream;

    /// <summary>The current line without its terminator; valid until the next read.</summary>
    public ReadOnlyMemory<byte> Current { get; private set; }

    /// <summary>The length of the current line when it was over-long and <see cref="Current"/> contains only its start; else 0.</summary>
    public long CurrentFullLength { get; private set; }

    /// <summary>1-based number of the current line.</summary>
    public long LineNumber { get; private set; }

    /// <summary>Moves to the next line; false at the end of the stream.</summary>
    public async ValueTask<bool> ReadLineAsync(CancellationToken cancellationToken)
    {
        CurrentFullLength = 0;
        while (true)
        {
            int newline = Array.IndexOf(_buffer, (byte)'\n', _scanned, _end - _scanned);
            if (newline >= 0)
            {
                SetCurrent(_start, newline);
                _start = _scanned = newline + 1;
                return true;
            }

            _scanned = _end;
            if (_endOfStream)
            {
                if (_start == _end)
                {
                    return false;
                }

                SetCurrent(_start, _end);
                _start = _scanned = _end;
                return true;
            }

            if (_end - _start > maxLineBytes)
            {
                await SkipOverlongLineAsync(cancellationToken).ConfigureAwait(false);
                return true;
            }

            await FillAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private void SetCurrent(int start, int end)
    {
        int stop = end > start && _buffer[end - 1] == (byte)'\r' ? end - 1 : end;
        Current = _buffer.AsMemory(start, stop - start);
        LineNumber++;
    }

    private async ValueTask FillAsync(CancellationToken cancellationToken)
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _scanned -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Min(_buffer.Length * 2, maxLineBytes + 2));
        }

        int read = await stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
        _end += read;
        _endOfStream = read == 0;
    }

    /// <summary>Keeps the start of a line longer than the maximum and counts the rest without buffering it.</summary>
    private async ValueTask SkipOverlongLineAsync(CancellationToken cancellationToken)
    {
        byte[] prefix = _buffer.AsSpan(_start, Math.Min(OverlongPrefixBytes, maxLineBytes)).ToArray();
        long length = _end - _start;
        _start = _end = _scanned = 0;
        while (true)
        {
            int read = await stream.ReadAsync(_buffer, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                _endOfStream = true;
                break;
            }

            int newline = Array.IndexOf(_buffer, (byte)'\n', 0, read);
            if (newline >= 0)
            {
                length += newline;
                _start = _scanned = newline + 1;
                _end = read;
                break;
            }

            length += read;
        }

        Current = prefix;
        CurrentFullLength = length;
        LineNumber++;
    }
}
