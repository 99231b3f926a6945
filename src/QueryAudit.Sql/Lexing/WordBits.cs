using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace QueryAudit.Sql.Lexing;

/// <summary>
/// One bit per character of a text, set for a character that is not a word character (<see cref="CharClasses.IsWordChar"/>),
/// 64 characters to a 64-bit word, lowest bit first. The bits after the text are set too. The fast template pass finds the end of a word with one shift and one count of
/// trailing zeros instead of classifying the characters each time. The whole block of text is classified once, with
/// vector instructions and without a branch that depends on the text.
/// </summary>
internal static class WordBits
{
    /// <summary>
    /// Returns the number of 64-bit words for a text of <paramref name="chars"/> characters: one per 64 characters, one for
    /// the rest, and one more, so that a read of eight bytes from the bit of any character of the text stays inside.
    /// </summary>
    public static int LengthFor(int chars) => (chars >> 6) + 2;

    /// <summary>Writes the bits of <paramref name="text"/> to <paramref name="bits"/>, at least <see cref="LengthFor"/> long. The bits after the text are set.</summary>
    public static void Fill(ReadOnlySpan<char> text, Span<ulong> bits)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bits.Length, LengthFor(text.Length));
        int groups = text.Length >> 6;
        int done = 0;
        if (Ssse3.IsSupported && Sse41.IsSupported)
        {
            ref ushort first = ref Unsafe.As<char, ushort>(ref MemoryMarshal.GetReference(text));
            for (int group = 0; group < groups; group++)
            {
                int at = group << 6;
                bits[group] = NotWordMask(ref first, at)
                    | ((ulong)NotWordMask(ref first, at + 16) << 16)
                    | ((ulong)NotWordMask(ref first, at + 32) << 32)
                    | ((ulong)NotWordMask(ref first, at + 48) << 48);
            }

            done = groups;
        }

        for (int group = done; group < bits.Length; group++)
        {
            ulong notWord = ulong.MaxValue;
            int start = group << 6;
            int end = Math.Min(start + 64, text.Length);
            for (int k = start; k < end; k++)
            {
                notWord &= CharClasses.IsWordChar(text[k]) ? ~(1UL << (k - start)) : ulong.MaxValue;
            }

            bits[group] = notWord;
        }
    }

    /// <summary>
    /// Returns the end of the word that starts at <paramref name="start"/> in the text whose bits are
    /// <paramref name="bits"/>: the first character from <paramref name="start"/> on that is not a word character, or the
    /// length of the text.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int WordEnd(ReadOnlySpan<ulong> bits, int start)
    {
        // Eight bytes from the byte that contains start's bit cover at least 57 characters from start on. LengthFor keeps a
        // whole word after the text's bits, so the read stays inside for every start up to the text's length.
        ref byte first = ref Unsafe.As<ulong, byte>(ref MemoryMarshal.GetReference(bits));
        if ((uint)((start >> 3) + sizeof(ulong)) > (uint)(bits.Length * sizeof(ulong)))
        {
            throw new ArgumentOutOfRangeException(nameof(start));
        }

        while (true)
        {
            ulong notWord = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref first, start >> 3)) >> (start & 7);
            if (notWord != 0)
            {
                return start + System.Numerics.BitOperations.TrailingZeroCount(notWord);
            }

            // A word of 57 characters or more: the next read starts 56 characters on, still inside the bits.
            start += 56;
        }
    }

    /// <summary>One bit per character of the sixteen at <paramref name="at"/>, set for a character that is not a word character.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint NotWordMask(ref ushort first, int at)
    {
        // Each character as a byte, those above U+00FF as 0xFF: a byte keeps what the classes need, since every character
        // above U+007F is a word character.
        Vector128<ushort> low = Sse41.Min(Vector128.LoadUnsafe(ref first, (nuint)at), Vector128.Create((ushort)0xFF));
        Vector128<ushort> high = Sse41.Min(Vector128.LoadUnsafe(ref first, (nuint)(at + 8)), Vector128.Create((ushort)0xFF));
        Vector128<byte> bytes = Sse2.PackUnsignedSaturate(low.AsInt16(), high.AsInt16());

        // Each byte's high and low halves look up a set of classes in a table of sixteen, and the byte is a word character
        // when the two sets share one. The classes: $ (high half 2), digits (3), the letters after @ and after the
        // backtick (4 and 6), P to Z and _ (5), p to z (7), and 0x80 and above (8 to 15).
        Vector128<byte> lowTable = Vector128.Create((byte)58, 62, 62, 62, 63, 62, 62, 62, 62, 62, 60, 36, 36, 36, 36, 44);
        Vector128<byte> highTable = Vector128.Create((byte)0, 0, 1, 2, 4, 8, 4, 16, 32, 32, 32, 32, 32, 32, 32, 32);
        Vector128<byte> nibble = Vector128.Create((byte)0x0F);
        Vector128<byte> classes = Ssse3.Shuffle(lowTable, bytes & nibble)
            & Ssse3.Shuffle(highTable, Sse2.ShiftRightLogical(bytes.AsUInt16(), 4).AsByte() & nibble);
        return (uint)Sse2.MoveMask(Sse2.CompareEqual(classes, Vector128<byte>.Zero));
    }
}
