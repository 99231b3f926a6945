using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

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

        Span<char> target = buffer.AsSpan(length, text.Length);
        if ((uint)(text.Length - 4) <= 4)
        {
            // Four to eight characters, as most words are: two 64-bit copies that may overlap, no call to Memmove. Two or
            // three characters take two 32-bit copies the same way.
            ref byte source = ref Unsafe.As<char, byte>(ref MemoryMarshal.GetReference(text));
            ref byte destination = ref Unsafe.As<char, byte>(ref MemoryMarshal.GetReference(target));
            nint tail = (nint)(text.Length - 4) * sizeof(char);
            ulong head = Unsafe.ReadUnaligned<ulong>(ref source);
            ulong last = Unsafe.ReadUnaligned<ulong>(ref Unsafe.AddByteOffset(ref source, tail));
            Unsafe.WriteUnaligned(ref destination, head);
            Unsafe.WriteUnaligned(ref Unsafe.AddByteOffset(ref destination, tail), last);
        }
        else if (text.Length == 1)
        {
            // Punctuation and the "?" of a literal.
            target[0] = text[0];
        }
        else if (text.Length is 2 or 3)
        {
            ref byte source = ref Unsafe.As<char, byte>(ref MemoryMarshal.GetReference(text));
            ref byte destination = ref Unsafe.As<char, byte>(ref MemoryMarshal.GetReference(target));
            nint tail = (nint)(text.Length - 2) * sizeof(char);
            uint head = Unsafe.ReadUnaligned<uint>(ref source);
            uint last = Unsafe.ReadUnaligned<uint>(ref Unsafe.AddByteOffset(ref source, tail));
            Unsafe.WriteUnaligned(ref destination, head);
            Unsafe.WriteUnaligned(ref Unsafe.AddByteOffset(ref destination, tail), last);
        }
        else
        {
            text.CopyTo(target);
        }

        length += text.Length;
    }

    /// <summary>Appends <paramref name="text"/> with ASCII letters upper-cased (keywords are ASCII).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void AppendUpper(ReadOnlySpan<char> text)
    {
        if (length + text.Length > buffer.Length)
        {
            Grow(text.Length);
        }

        Span<char> target = buffer.AsSpan(length, text.Length);
        int i = 0;
        if (text.Length >= 4)
        {
            // Four characters at a time; the last group overlaps the one before it instead of reading past the text.
            ref ulong source = ref Unsafe.As<char, ulong>(ref MemoryMarshal.GetReference(text));
            ref ulong destination = ref Unsafe.As<char, ulong>(ref MemoryMarshal.GetReference(target));
            int last = text.Length - 4;
            while (true)
            {
                ulong chars = Unsafe.ReadUnaligned<ulong>(ref Unsafe.As<ulong, byte>(ref Unsafe.AddByteOffset(ref source, (nint)i * sizeof(char))));
                Unsafe.WriteUnaligned(ref Unsafe.As<ulong, byte>(ref Unsafe.AddByteOffset(ref destination, (nint)i * sizeof(char))), UpperFour(chars));
                if (i == last)
                {
                    break;
                }

                i = Math.Min(i + 4, last);
            }

            length += text.Length;
            return;
        }

        for (; i < text.Length; i++)
        {
            char c = text[i];
            target[i] = (uint)(c - 'a') <= 'z' - 'a' ? (char)(c - 32) : c;
        }

        length += text.Length;
    }

    /// <summary>
    /// Upper-cases the ASCII letters among four UTF-16 code units packed in a 64-bit word and leaves every other unit as
    /// it is. A unit is a lower-case letter when its low 15 bits are at least 'a' and at most 'z' and its top bit is
    /// clear. The sums stay below 0x10000 per 16-bit lane, so no carry crosses into the next lane.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong UpperFour(ulong chars)
    {
        const ulong Lanes = 0x0001_0001_0001_0001;
        const ulong High = 0x8000 * Lanes;
        ulong low = chars & ~High;
        ulong atLeastA = (low + ((0x8000 - 'a') * Lanes)) & High;
        ulong aboveZ = (low + ((0x8000 - 'z' - 1) * Lanes)) & High;
        ulong lower = atLeastA & ~aboveZ & ~chars;
        return chars - (lower >> 10);
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
