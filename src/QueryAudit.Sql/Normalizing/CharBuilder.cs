using System.Buffers;
using System.Runtime.CompilerServices;

namespace QueryAudit.Sql.Normalizing;

/// <summary>
/// A growable character buffer: it starts in a caller's scratch array or one rented from <see cref="ArrayPool{T}"/>,
/// grows into rented arrays, and <see cref="Dispose"/> returns whatever it rented.
/// </summary>
internal struct CharBuilder : IDisposable
{
    private char[] buffer;
    private int length;
    private bool rented;

    public CharBuilder(int capacity)
    {
        buffer = ArrayPool<char>.Shared.Rent(Math.Max(capacity, 64));
        length = 0;
        rented = true;
    }

    /// <summary>Starts in <paramref name="scratch"/>, which stays the caller's.</summary>
    public CharBuilder(char[] scratch)
    {
        buffer = scratch;
        length = 0;
        rented = false;
    }

    public int Length
    {
        readonly get => length;
        set => length = value;
    }

    public readonly ReadOnlySpan<char> AsSpan() => buffer.AsSpan(0, length);

    public readonly ReadOnlySpan<char> AsSpan(int start, int count) => buffer.AsSpan(start, count);

    public readonly char this[int index] => buffer[index];

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Append(char c)
    {
        if (length == buffer.Length)
        {
            Grow(1);
        }

        buffer[length++] = c;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Append(ReadOnlySpan<char> text)
    {
        if (length + text.Length > buffer.Length)
        {
            Grow(text.Length);
        }

        text.CopyTo(buffer.AsSpan(length));
        length += text.Length;
    }

    /// <summary>Appends <paramref name="text"/> with ASCII letters upper-cased (keywords are ASCII).</summary>
    public void AppendUpper(ReadOnlySpan<char> text)
    {
        if (length + text.Length > buffer.Length)
        {
            Grow(text.Length);
        }

        Span<char> target = buffer.AsSpan(length, text.Length);
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            target[i] = (uint)(c - 'a') <= 'z' - 'a' ? (char)(c - 32) : c;
        }

        length += text.Length;
    }

    /// <summary>Appends <paramref name="text"/> with ASCII letters lower-cased (variable names are case-insensitive).</summary>
    public void AppendLower(ReadOnlySpan<char> text)
    {
        if (length + text.Length > buffer.Length)
        {
            Grow(text.Length);
        }

        Span<char> target = buffer.AsSpan(length, text.Length);
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            target[i] = (uint)(c - 'A') <= 'Z' - 'A' ? (char)(c + 32) : c;
        }

        length += text.Length;
    }

    public override readonly string ToString() => new(buffer, 0, length);

    public void Dispose()
    {
        char[] toReturn = buffer;
        buffer = [];
        length = 0;
        if (rented)
        {
            ArrayPool<char>.Shared.Return(toReturn);
        }

        rented = false;
    }

    private void Grow(int additional)
    {
        char[] larger = ArrayPool<char>.Shared.Rent(Math.Max(buffer.Length * 2, length + additional));
        buffer.AsSpan(0, length).CopyTo(larger);
        if (rented)
        {
            ArrayPool<char>.Shared.Return(buffer);
        }

        buffer = larger;
        rented = true;
    }
}
