using System.Buffers;
using System.Text;

namespace QueryAudit.Worker.Commands;

/// <summary>
/// An <see cref="IBufferWriter{T}"/> of characters, which it encodes as UTF-8, and of UTF-8 bytes, which it writes onto a
/// stream in large blocks, so that bulk output costs no string per line.
/// </summary>
/// <remarks>
/// Characters and bytes may be written in turn and keep their order. Before bytes are written the encoder is flushed, so
/// a high surrogate that ends the characters is written as U+FFFD even when later characters start with a low surrogate.
/// </remarks>
internal sealed class Utf8StreamBufferWriter(Stream stream) : IBufferWriter<char>, IBufferWriter<byte>, IDisposable
{
    private const int BlockChars = 1 << 16;

    private readonly Encoder encoder = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetEncoder();

    // One writer serves a whole run, so its blocks are allocated, not rented: a pool's first return sets up per-thread
    // buckets and a trimming callback. The character block is allocated when characters are first requested, which the
    // byte output of `--split` never does.
    private char[] chars = [];
    private byte[] bytes = GC.AllocateUninitializedArray<byte>(Encoding.UTF8.GetMaxByteCount(BlockChars));
    private int count;
    private int byteCount;

    /// <summary>Whether characters were written since the encoder was last flushed.</summary>
    private bool charsPending;

    public void Advance(int written)
    {
        count += written;
        charsPending = true;
    }

    public Memory<char> GetMemory(int sizeHint = 0)
    {
        Reserve(sizeHint);
        return chars.AsMemory(count);
    }

    public Span<char> GetSpan(int sizeHint = 0)
    {
        Reserve(sizeHint);
        return chars.AsSpan(count);
    }

    void IBufferWriter<byte>.Advance(int written) => byteCount += written;

    Memory<byte> IBufferWriter<byte>.GetMemory(int sizeHint)
    {
        ReserveBytes(sizeHint);
        return bytes.AsMemory(byteCount);
    }

    Span<byte> IBufferWriter<byte>.GetSpan(int sizeHint)
    {
        ReserveBytes(sizeHint);
        return bytes.AsSpan(byteCount);
    }

    /// <summary>Encodes and writes everything buffered.</summary>
    public void Flush()
    {
        EncodeChars(flushEncoder: true);
        WriteBytes();
        try
        {
            stream.Flush();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new OutputWriteException(e);
        }
    }

    public void Dispose()
    {
        chars = [];
        bytes = [];
    }

    private void Reserve(int sizeHint)
    {
        sizeHint = Math.Max(sizeHint, 1);
        if (chars.Length - count >= sizeHint)
        {
            return;
        }

        // The encoder keeps a high surrogate that ends a block until the next block brings its low surrogate.
        EncodeChars(flushEncoder: false);
        if (chars.Length < sizeHint || chars.Length == 0)
        {
            chars = GC.AllocateUninitializedArray<char>(Math.Max(sizeHint, Math.Max(BlockChars, chars.Length * 2)));
        }
    }

    private void ReserveBytes(int sizeHint)
    {
        if (charsPending)
        {
            EncodeChars(flushEncoder: true);
        }

        sizeHint = Math.Max(sizeHint, 1);
        if (bytes.Length - byteCount >= sizeHint)
        {
            return;
        }

        WriteBytes();
        if (bytes.Length < sizeHint)
        {
            bytes = GC.AllocateUninitializedArray<byte>(Math.Max(sizeHint, bytes.Length * 2));
        }
    }

    /// <summary>Encodes the buffered characters after the buffered bytes, first writing the bytes when room is short.</summary>
    private void EncodeChars(bool flushEncoder)
    {
        // The maximum counts one character more than given, for a high surrogate the encoder kept from the last call.
        int maxBytes = Encoding.UTF8.GetMaxByteCount(count);
        if (bytes.Length - byteCount < maxBytes)
        {
            WriteBytes();
            if (bytes.Length < maxBytes)
            {
                bytes = GC.AllocateUninitializedArray<byte>(Math.Max(maxBytes, bytes.Length * 2));
            }
        }

        byteCount += encoder.GetBytes(chars.AsSpan(0, count), bytes.AsSpan(byteCount), flushEncoder);
        count = 0;
        charsPending = !flushEncoder;
    }

    private void WriteBytes()
    {
        try
        {
            stream.Write(bytes, 0, byteCount);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new OutputWriteException(e);
        }

        byteCount = 0;
    }
}

/// <summary>
/// A failed write of the output, such as to a full disk or a closed descriptor, distinguished from a failed read of the
/// input, which is also an <see cref="IOException"/>. A closed descriptor comes as an
/// <see cref="UnauthorizedAccessException"/> whose inner exception names the error, so its message is taken from there.
/// </summary>
internal sealed class OutputWriteException(Exception inner) : IOException(Describe(inner), inner)
{
    /// <summary>Whether the output is a pipe whose reading end was closed (<see cref="StandardOutputStream"/>).</summary>
    public bool ReaderClosed => IsBrokenPipe(InnerException);

    /// <summary>Whether <paramref name="e"/> is the broken pipe error of <see cref="StandardOutputStream"/>.</summary>
    public static bool IsBrokenPipe(Exception? e) => e is IOException { HResult: NativeMethods.BrokenPipe };

    /// <summary>Returns the reason a write failed: the message of the error inside an access error, else the message.</summary>
    public static string Describe(Exception e) => e is UnauthorizedAccessException { InnerException: { } cause } ? cause.Message : e.Message;
}
