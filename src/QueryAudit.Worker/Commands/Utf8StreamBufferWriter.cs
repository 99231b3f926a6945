using System.Buffers;
using System.Text;

namespace QueryAudit.Worker.Commands;

/// <summary>
/// An <see cref="IBufferWriter{T}"/> of characters that encodes them as UTF-8 onto a stream in large blocks, so that
/// bulk output costs no string per line.
/// </summary>
internal sealed class Utf8StreamBufferWriter(Stream stream) : IBufferWriter<char>, IDisposable
{
    private const int BlockChars = 1 << 16;

    private readonly Encoder encoder = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetEncoder();
    private char[] chars = ArrayPool<char>.Shared.Rent(BlockChars);
    private byte[] bytes = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(BlockChars));
    private int count;

    public void Advance(int written) => count += written;

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

    /// <summary>Encodes and writes everything buffered.</summary>
    public void Flush()
    {
        WriteBlock(flushEncoder: true);
        stream.Flush();
    }

    public void Dispose()
    {
        ArrayPool<char>.Shared.Return(chars);
        ArrayPool<byte>.Shared.Return(bytes);
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

        WriteBlock(flushEncoder: false);
        if (chars.Length < sizeHint)
        {
            ArrayPool<char>.Shared.Return(chars);
            ArrayPool<byte>.Shared.Return(bytes);
            chars = ArrayPool<char>.Shared.Rent(sizeHint);

            // The pool may return more characters than requested, and all of them can be filled.
            bytes = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(chars.Length));
        }
    }

    private void WriteBlock(bool flushEncoder)
    {
        // The encoder keeps a high surrogate that ends a block until the next block brings its low surrogate.
        int length = encoder.GetBytes(chars.AsSpan(0, count), bytes, flushEncoder);
        stream.Write(bytes, 0, length);
        count = 0;
    }
}
