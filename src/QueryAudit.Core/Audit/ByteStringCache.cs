using System.Buffers.Binary;
using System.Text;

namespace QueryAudit.Core.Audit;

/// <summary>
/// Maps short UTF-8 byte spans to strings, reusing the string when the same bytes come again. Audit fields such as
/// user, host, database and table names repeat on almost every line, so this saves one string per field and line.
/// A direct-mapped table: a colliding entry replaces the old one. Not thread-safe.
/// </summary>
internal sealed class ByteStringCache
{
    // Longer values (rare for names) are decoded every time rather than kept.
    private const int MaxCachedLength = 128;

    private readonly Entry[] _entries;
    private readonly int _mask;

    /// <param name="capacity">Number of slots; rounded up to a power of two.</param>
    public ByteStringCache(int capacity)
    {
        int size = 1;
        while (size < capacity)
        {
            size <<= 1;
        }

        _entries = new Entry[size];
        _mask = size - 1;
    }

    /// <summary>Returns the UTF-8 decoding of <paramref name="bytes"/>, invalid sequences replaced by U+FFFD.</summary>
    public string Get(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            return "";
        }

        if (bytes.Length > MaxCachedLength)
        {
            return Encoding.UTF8.GetString(bytes);
        }

        ref Entry entry = ref _entries[Slot(bytes) & _mask];
        if (entry.Bytes is not null && bytes.SequenceEqual(entry.Bytes))
        {
            return entry.Value;
        }

        string value = Encoding.UTF8.GetString(bytes);
        entry = new Entry(bytes.ToArray(), value);
        return value;
    }

    /// <summary>
    /// Hashes the length and the first and last eight bytes (all of a shorter value), so the cost does not grow with
    /// the length. Names that differ only in their middle bytes share a slot, which costs a decoding when they
    /// alternate but never returns a wrong string, because a hit compares every byte.
    /// </summary>
    private static int Slot(ReadOnlySpan<byte> bytes)
    {
        ulong head;
        ulong tail;
        if (bytes.Length >= sizeof(ulong))
        {
            head = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
            tail = BinaryPrimitives.ReadUInt64LittleEndian(bytes[^sizeof(ulong)..]);
        }
        else
        {
            head = 0;
            foreach (byte b in bytes)
            {
                head = (head << 8) | b;
            }

            tail = 0;
        }

        // Odd 64-bit multipliers (the golden ratio's fraction, and xxHash64's second prime) spread the bits.
        ulong mixed = (head * 0x9E3779B97F4A7C15UL) ^ ((tail + (ulong)bytes.Length) * 0xC2B2AE3D27D4EB4FUL);
        return (int)(mixed >> 32) ^ (int)mixed;
    }

    private readonly record struct Entry(byte[] Bytes, string Value);
}
