namespace QueryAudit.Core.Audit;

/// <summary>
/// Splits a byte stream into lines at LF, dropping a CR before the LF, with memory bounded by the maximum line
/// length. A line longer than the maximum is not buffered: only its first <see cref="OverlongPrefixBytes"/> bytes
/// are kept and <see cref="CurrentFullLength"/> gives its length.
/// </summary>
internal sealed class StreamLineReader
{
    /// <summary>Bytes kept from the start of an over-long line (enough for the quarantine preview).</summary>
    public const int OverlongPrefixBytes = 1024;

    private const int InitialBufferBytes = 64 * 1024;

    private readonly Stream _stream;
    private readonly int _maxLineBytes;
    private byte[] _buffer;
    private int _start;
    private int _end;
    private int _next;
    private int _scanned;
    private bool _endOfStream;

    /// <param name="stream">The content.</param>
    /// <param name="maxLineBytes">Lines longer than this are not buffered.</param>
    /// <param name="linesBefore">Lines before the stream's start (skipped by the caller); numbering continues after them.</param>
    public StreamLineReader(Stream stream, int maxLineBytes, long linesBefore = 0)
    {
        _stream = stream;
        LineNumber = linesBefore;
        _maxLineBytes = maxLineBytes;
        _buffer = new byte[Math.Min(InitialBufferBytes, maxLineBytes + 2)];
    }

    /// <summary>The current line without its terminator; valid until the next read.</summary>
    public ReadOnlyMemory<byte> Current { get; private set; }

    /// <summary>Length of the current line when it was over-long and <see cref="Current"/> is only its start; else 0.</summary>
    public long CurrentFullLength { get; private set; }

    /// <summary>1-based number of the current line.</summary>
    public long LineNumber { get; private set; }

    /// <summary>True when the stream ended without a line terminator after its last line.</summary>
    public bool EndedInsideLine { get; private set; }

    /// <summary>Moves to the next line; false at the end of the stream.</summary>
    public async ValueTask<bool> ReadLineAsync(CancellationToken cancellationToken)
    {
        _start = _next;
        CurrentFullLength = 0;
        while (true)
        {
            int newline = _buffer.AsSpan(_start + _scanned, _end - _start - _scanned).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                int lineEnd = _start + _scanned + newline;
                SetCurrent(_start, lineEnd);
                _next = lineEnd + 1;
                return true;
            }

            _scanned = _end - _start;
            if (_endOfStream)
            {
                if (_end == _start)
                {
                    Current = ReadOnlyMemory<byte>.Empty;
                    return false;
                }

                SetCurrent(_start, _end);
                _next = _end;
                EndedInsideLine = true;
                return true;
            }

            // One byte over the maximum is allowed for a CR before the LF.
            if (_end - _start > _maxLineBytes + 1)
            {
                await SkipOverlongLineAsync(cancellationToken).ConfigureAwait(false);
                return true;
            }

            MakeRoom();
            int read = await _stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                _endOfStream = true;
            }
            else
            {
                _end += read;
            }
        }
    }

    private void SetCurrent(int start, int end)
    {
        if (end > start && _buffer[end - 1] == '\r')
        {
            end--;
        }

        Current = _buffer.AsMemory(start, end - start);
        _scanned = 0;
        LineNumber++;
    }

    private void MakeRoom()
    {
        if (_start > 0)
        {
            int length = _end - _start;
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, length);
            _end = length;
            _start = 0;
            _next = 0;
        }

        if (_end == _buffer.Length)
        {
            int size = (int)Math.Min((long)_buffer.Length * 2, _maxLineBytes + 2L);
            Array.Resize(ref _buffer, size);
        }
    }

    /// <summary>Keeps the start of the over-long line and reads past its LF without buffering the rest.</summary>
    private async ValueTask SkipOverlongLineAsync(CancellationToken cancellationToken)
    {
        byte[] prefix = _buffer.AsSpan(_start, Math.Min(OverlongPrefixBytes, _end - _start)).ToArray();
        long length = _end - _start;
        _start = 0;
        _end = 0;
        _next = 0;
        _scanned = 0;
        while (true)
        {
            int read = await _stream.ReadAsync(_buffer.AsMemory(), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                _endOfStream = true;
                EndedInsideLine = true;
                break;
            }

            int newline = _buffer.AsSpan(0, read).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                length += newline;
                _next = newline + 1;
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
