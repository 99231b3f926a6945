using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace QueryAudit.Sql.Lexing;

/// <summary>
/// The keywords of up to 16 characters, keyed by their characters narrowed to bytes and case-folded, eight to a 64-bit
/// word. A lookup is then two vector loads, a few vector operations, two multiplications and one comparison of two
/// words, with no loop over the characters and no reference to follow. The fast template pass looks up every word
/// here; longer words go to <see cref="MySqlKeywords"/>.
/// </summary>
internal static class PackedKeywordTable
{
    /// <summary>The longest word this table holds.</summary>
    public const int MaxLength = 16;

    private const int Bits = 11;

    private static readonly Entry[] Entries = Build();

    /// <summary>
    /// Finds the word of <paramref name="length"/> (1 to <see cref="MaxLength"/>) word characters at
    /// <paramref name="start"/> in <paramref name="text"/>, as <see cref="MySqlKeywords.TryGet"/> would. Keywords are
    /// ASCII, so a word with any other character is not one. Folding sets bit 5 of each byte: that joins the two cases of
    /// an ASCII letter and nothing else among word characters (digits and <c>$</c> have the bit already, and <c>_</c>
    /// becomes DEL, which is not a word character).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryGet(ReadOnlySpan<char> text, int start, int length, out KeywordInfo info)
    {
        if (start + MaxLength > text.Length || !Vector128.IsHardwareAccelerated)
        {
            return TryGetNearEnd(text.Slice(start, length), out info);
        }

        ref ushort word = ref Unsafe.As<char, ushort>(ref Unsafe.Add(ref MemoryMarshal.GetReference(text), start));
        return TryGet(Vector128.LoadUnsafe(ref word), Vector128.LoadUnsafe(ref word, 8), length, out info);
    }

    /// <summary>Looks up a word with fewer than <see cref="MaxLength"/> characters readable from its start, from a zero-padded copy.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool TryGetNearEnd(ReadOnlySpan<char> word, out KeywordInfo info)
    {
        Span<ushort> padded = stackalloc ushort[MaxLength];
        padded.Clear();
        MemoryMarshal.Cast<char, ushort>(word).CopyTo(padded);
        return TryGet(Vector128.Create(padded[..8]), Vector128.Create(padded[8..]), word.Length, out info);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TryGet(Vector128<ushort> low, Vector128<ushort> high, int length, out KeywordInfo info)
    {
        if (!TryPack(low, high, length, out ulong k0, out ulong k1))
        {
            info = default;
            return false;
        }

        Entry[] entries = Entries;
        int mask = entries.Length - 1;
        int slot = Slot(k0, k1) & mask;
        while (true)
        {
            ref Entry entry = ref entries[slot];
            if (entry.K0 == k0 && entry.K1 == k1)
            {
                info = entry.Info;
                return true;
            }

            if (entry.K0 == 0)
            {
                info = default;
                return false;
            }

            slot = (slot + 1) & mask;
        }
    }

    /// <summary>
    /// Keeps the first <paramref name="length"/> characters of the sixteen, folds them and narrows them to bytes; false
    /// when one of them is not ASCII. Word characters are never NUL, so the zeros after a word make its length part of the key.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TryPack(Vector128<ushort> low, Vector128<ushort> high, int length, out ulong k0, out ulong k1)
    {
        Vector128<ushort> indices = Vector128.Create((ushort)0, 1, 2, 3, 4, 5, 6, 7);
        Vector128<ushort> count = Vector128.Create((ushort)length);
        Vector128<ushort> lowKept = low & Vector128.LessThan(indices, count);
        Vector128<ushort> highKept = high & Vector128.LessThan(indices + Vector128.Create((ushort)8), count);
        if (((lowKept | highKept) & Vector128.Create((ushort)0xFF80)) != Vector128<ushort>.Zero)
        {
            k0 = 0;
            k1 = 0;
            return false;
        }

        Vector128<ushort> caseBit = Vector128.Create((ushort)0x20);
        Vector128<ushort> lowFolded = (lowKept | caseBit) & Vector128.LessThan(indices, count);
        Vector128<ushort> highFolded = (highKept | caseBit) & Vector128.LessThan(indices + Vector128.Create((ushort)8), count);
        Vector128<ulong> packed = Vector128.Narrow(lowFolded, highFolded).AsUInt64();
        k0 = packed.GetElement(0);
        k1 = packed.GetElement(1);
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Slot(ulong k0, ulong k1) =>
        (int)(((k0 + (k1 * 0xC2B2_AE3D_27D4_EB4F)) * 0x9E37_79B9_7F4A_7C15) >> (64 - Bits));

    private static Entry[] Build()
    {
        Entry[] entries = new Entry[1 << Bits];
        int mask = entries.Length - 1;
        Span<ushort> padded = stackalloc ushort[MaxLength];
        foreach ((string word, KeywordInfo info) in MySqlKeywords.Entries)
        {
            if (word.Length > MaxLength)
            {
                continue;
            }

            padded.Clear();
            MemoryMarshal.Cast<char, ushort>(word.AsSpan()).CopyTo(padded);
            if (!TryPack(Vector128.Create(padded[..8]), Vector128.Create(padded[8..]), word.Length, out ulong k0, out ulong k1))
            {
                throw new InvalidOperationException($"Keyword '{word}' is not ASCII.");
            }

            int slot = Slot(k0, k1) & mask;
            while (entries[slot].K0 != 0)
            {
                slot = (slot + 1) & mask;
            }

            entries[slot] = new Entry { K0 = k0, K1 = k1, Info = info };
        }

        return entries;
    }

    private struct Entry
    {
        public ulong K0;
        public ulong K1;
        public KeywordInfo Info;
    }
}
