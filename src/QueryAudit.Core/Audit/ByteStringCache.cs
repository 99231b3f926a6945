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

        var hash = new HashCode();
        hash.AddBytes(bytes);
        ref Entry entry = ref _entries[hash.ToHashCode() & _mask];
        if (entry.Bytes is not null && bytes.SequenceEqual(entry.Bytes))
        {
            return entry.Value;
        }

        string value = Encoding.UTF8.GetString(bytes);
        entry = new Entry(bytes.ToArray(), value);
        return value;
    }

    private readonly record struct Entry(byte[] Bytes, string Value);
}
