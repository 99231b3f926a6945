using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace QueryAudit.Sql.Lexing;

/// <summary>
/// The keywords of up to 16 characters, keyed by their characters narrowed to bytes and case-folded, eight to a 64-bit
/// word. Words of up to eight characters, most of the words looked up, have a table of their own with one-word keys. Their
/// lookup is one vector load, a few vector operations, one multiplication and one comparison, and the short table's 12 KiB
/// (8-byte keys, 4-byte entries) fit in the L1 data cache. Longer words take two of each. No lookup loops over the
/// characters or follows a reference. The fast template pass looks up every word here, and longer words go to
/// <see cref="MySqlKeywords"/>. The tables are constant data in PackedKeywordTable.Data.cs, which
/// <see cref="BuildShort"/> and <see cref="BuildLong"/> fill from the keyword lists; a test compares the two.
/// </summary>
internal static partial class PackedKeywordTable
{
    /// <summary>The longest word this table holds.</summary>
    public const int MaxLength = 16;

    /// <summary>The longest word held in the short table, whose key is one 64-bit word.</summary>
    private const int ShortMaxLength = 8;

    private const int ShortBits = 11;

    /// <summary>The bits of <see cref="Slot"/>. Each table takes the top ones it needs.</summary>
    private const int SlotHashBits = 16;

    private const int LongBits = 10;

    private const int ShortMask = (1 << ShortBits) - 1;

    private const int LongMask = (1 << LongBits) - 1;

    /// <summary>
    /// Finds the word of <paramref name="length"/> (1 to <see cref="MaxLength"/>) word characters at
    /// <paramref name="start"/> in <paramref name="text"/>, as <see cref="MySqlKeywords.TryGet"/> would.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryGet(ReadOnlySpan<char> text, int start, int length, out KeywordInfo info)
    {
        if (start + MaxLength > text.Length || !Vector128.IsHardwareAccelerated)
        {
            return TryGetNearEnd(text.Slice(start, length), out info);
        }

        ref ushort word = ref Unsafe.As<char, ushort>(ref Unsafe.Add(ref MemoryMarshal.GetReference(text), start));
        int slot = Slot(word, Unsafe.Add(ref word, 1), Unsafe.Add(ref word, length - 1), length);
        return length <= ShortMaxLength
            ? TryGetShort(Vector128.LoadUnsafe(ref word), length, slot, out info)
            : TryGetLong(Vector128.LoadUnsafe(ref word), Vector128.LoadUnsafe(ref word, 8), length, slot, out info);
    }

    /// <summary>Looks up a word with fewer than <see cref="MaxLength"/> characters readable from its start, from a zero-padded copy.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool TryGetNearEnd(ReadOnlySpan<char> word, out KeywordInfo info)
    {
        Span<ushort> padded = stackalloc ushort[MaxLength];
        padded.Clear();
        MemoryMarshal.Cast<char, ushort>(word).CopyTo(padded);
        int slot = Slot(padded[0], padded[1], padded[word.Length - 1], word.Length);
        return word.Length <= ShortMaxLength
            ? TryGetShort(Vector128.Create(padded[..8]), word.Length, slot, out info)
            : TryGetLong(Vector128.Create(padded[..8]), Vector128.Create(padded[8..]), word.Length, slot, out info);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TryGetShort(Vector128<ushort> low, int length, int hash, out KeywordInfo info)
    {
        ulong key = Pack(low, length, 0);

        // The keys are constant data in the executable (PackedKeywordTable.Data.cs): no class initialisation to check and
        // no array reference to load first. The constant mask keeps the slot inside the span, so no bounds check is left.
        ReadOnlySpan<ulong> keys = ShortKeys;
        int slot = ShortSlot(hash);
        while (true)
        {
            ulong candidate = keys[slot];
            if (candidate == key)
            {
                info = Unpack(ShortInfos[slot]);
                return true;
            }

            if (candidate == 0)
            {
                info = default;
                return false;
            }

            slot = (slot + 1) & ShortMask;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TryGetLong(Vector128<ushort> low, Vector128<ushort> high, int length, int hash, out KeywordInfo info)
    {
        ulong k0 = Pack(low, length, 0);
        ulong k1 = Pack(high, length, 8);
        ReadOnlySpan<ulong> firstKeys = LongFirstKeys;
        int slot = LongSlot(hash);
        while (true)
        {
            ulong candidate = firstKeys[slot];
            if (candidate == k0 && LongSecondKeys[slot] == k1)
            {
                info = Unpack(LongInfos[slot]);
                return true;
            }

            if (candidate == 0)
            {
                info = default;
                return false;
            }

            slot = (slot + 1) & LongMask;
        }
    }

    /// <summary>
    /// Keeps the characters of eight that fall inside the word (the first one being character <paramref name="offset"/>),
    /// folds them and narrows them to bytes. Folding sets bit 5 of each character, which joins the two cases of an ASCII
    /// letter and nothing else among word characters: digits and <c>$</c> have the bit already, and <c>_</c> becomes DEL,
    /// which is not a word character. A character outside ASCII narrows to a byte of 0x80 or more (0xFF above U+00FF),
    /// which no keyword has, so such a word is not found. Word characters are never NUL, so the zeros after a word make
    /// its length part of the key.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Pack(Vector128<ushort> chars, int length, int offset)
    {
        Vector128<ushort> inside = Vector128.LessThan(
            Vector128.Create((ushort)0, 1, 2, 3, 4, 5, 6, 7) + Vector128.Create((ushort)offset), Vector128.Create((ushort)length));
        Vector128<ushort> folded = Vector128.Min((chars | Vector128.Create((ushort)0x20)) & inside, Vector128.Create((ushort)0xFF));
        return Vector128.Narrow(folded, folded).AsUInt64().ToScalar();
    }

    /// <summary>Packs an entry's id into the low 16 bits and its flags above, as the generated data stores it.</summary>
    internal static uint PackInfo(KeywordInfo info) => (ushort)info.Id | ((uint)info.Flags << 16);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static KeywordInfo Unpack(uint packed) => new((KeywordId)(short)packed, (KeywordFlags)(packed >> 16));

    /// <summary>
    /// Returns the hash that picks a word's slot, from its first two characters, its last and its length, folded as the
    /// keys are. It reads the characters directly rather than the packed key, so the table read can start while the key is
    /// still being packed. A word of one character reads one character after it, which is never found.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Slot(uint first, uint second, uint last, int length) =>
        (int)(((((first | 0x20) << 16) ^ ((second | 0x20) << 8) ^ (last | 0x20) ^ ((uint)length << 24)) * 0x9E37_79B1u) >> (32 - SlotHashBits));

    /// <summary>Returns the short table's home slot for a <see cref="Slot"/> hash: its top <see cref="ShortBits"/> bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int ShortSlot(int hash) => (hash >> (SlotHashBits - ShortBits)) & ShortMask;

    /// <summary>Returns the long table's home slot for a <see cref="Slot"/> hash: its top <see cref="LongBits"/> bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int LongSlot(int hash) => (hash >> (SlotHashBits - LongBits)) & LongMask;

    /// <summary>
    /// Common words of application queries, chosen by hand, placed in the tables first, so that each sits in the slot its
    /// hash names and its lookup reads one key. The other words are placed after them, in the order of the keyword lists.
    /// </summary>
    private const string PlacedFirst =
        "select from where and or not null in is as on by set values insert into update delete order group limit join left inner " +
        "create table index drop alter if exists primary key default like between case when then else end distinct having union " +
        "all asc desc count sum max min now offset replace ignore with begin commit int varchar char text date datetime call show use";

    /// <summary>
    /// Builds the short table from the keyword lists as <see cref="MySqlKeywords"/> reads them, for the test that
    /// generates and checks the constant data. The first list that has a word sets its entry.
    /// </summary>
    internal static ShortEntry[] BuildShort()
    {
        ShortEntry[] entries = new ShortEntry[1 << ShortBits];
        foreach ((string word, KeywordInfo info) in Placed(ShortMaxLength, 1))
        {
            ulong key = ShortKey(word);
            ref ShortEntry entry = ref FindShort(entries, key, WordSlot(word));
            entry = new ShortEntry { Key = key, Info = info };
        }

        return entries;
    }

    internal static LongEntry[] BuildLong()
    {
        LongEntry[] entries = new LongEntry[1 << LongBits];
        foreach ((string word, KeywordInfo info) in Placed(MaxLength, ShortMaxLength + 1))
        {
            (ulong k0, ulong k1) = LongKey(word);
            ref LongEntry entry = ref FindLong(entries, k0, k1, WordSlot(word));
            entry = new LongEntry { K0 = k0, K1 = k1, Info = info };
        }

        return entries;
    }

    /// <summary>
    /// Returns the words of <paramref name="minLength"/> to <paramref name="maxLength"/> characters with their entries, in
    /// the order they are placed: <see cref="PlacedFirst"/>, then the lists' order.
    /// </summary>
    private static List<(string Word, KeywordInfo Info)> Placed(int maxLength, int minLength)
    {
        Dictionary<string, KeywordInfo> infos = new(StringComparer.OrdinalIgnoreCase);
        List<string> order = [];
        MySqlKeywords.VisitListWords((word, flags) =>
        {
            string text = word.ToString();
            if (text.Length >= minLength && text.Length <= maxLength && infos.TryAdd(text, new KeywordInfo(MySqlKeywords.IdOf(word), flags)))
            {
                order.Add(text);
            }
        });

        foreach (string word in MySqlKeywordLists.StartsExpression)
        {
            if (word.Length >= minLength && word.Length <= maxLength)
            {
                infos[word] = infos.TryGetValue(word, out KeywordInfo info)
                    ? info with { Flags = info.Flags | KeywordFlags.StartsExpression }
                    : throw new InvalidOperationException($"Keyword '{word}' is in no keyword list.");
            }
        }

        List<string> first = [.. PlacedFirst.Split(' ').Where(word => word.Length >= minLength && word.Length <= maxLength)];
        foreach (string word in first)
        {
            if (!infos.ContainsKey(word))
            {
                throw new InvalidOperationException($"Keyword '{word}' to place first is in no keyword list.");
            }
        }

        HashSet<string> placedFirst = new(first, StringComparer.OrdinalIgnoreCase);
        return [.. first.Concat(order.Where(word => !placedFirst.Contains(word))).Select(word => (word, infos[word]))];
    }

    /// <summary>Returns the entry of <paramref name="key"/>, or the empty entry where it belongs.</summary>
    private static ref ShortEntry FindShort(ShortEntry[] entries, ulong key, int hash)
    {
        int slot = ShortSlot(hash);
        while (entries[slot].Key != 0 && entries[slot].Key != key)
        {
            slot = (slot + 1) & ShortMask;
        }

        return ref entries[slot];
    }

    /// <summary>Returns the entry of the key <paramref name="k0"/>, <paramref name="k1"/>, or the empty entry where it belongs.</summary>
    private static ref LongEntry FindLong(LongEntry[] entries, ulong k0, ulong k1, int hash)
    {
        int slot = LongSlot(hash);
        while (entries[slot].K0 != 0 && (entries[slot].K0 != k0 || entries[slot].K1 != k1))
        {
            slot = (slot + 1) & LongMask;
        }

        return ref entries[slot];
    }

    /// <summary>The words that <see cref="PlacedFirst"/> names, for the test that checks where they sit.</summary>
    internal static IEnumerable<string> PlacedFirstWords => PlacedFirst.Split(' ');

    /// <summary>
    /// Returns how many slots a lookup of the keyword <paramref name="word"/> reads before it finds the word's entry, or 0
    /// when the word is not in the tables.
    /// </summary>
    internal static int SlotsRead(string word)
    {
        int hash = WordSlot(word);
        if (word.Length <= ShortMaxLength)
        {
            ulong key = ShortKey(word);
            for (int n = 0, slot = ShortSlot(hash); ShortKeys[slot] != 0; n++, slot = (slot + 1) & ShortMask)
            {
                if (ShortKeys[slot] == key)
                {
                    return n + 1;
                }
            }

            return 0;
        }

        (ulong k0, ulong k1) = LongKey(word);
        for (int n = 0, slot = LongSlot(hash); LongFirstKeys[slot] != 0; n++, slot = (slot + 1) & LongMask)
        {
            if (LongFirstKeys[slot] == k0 && LongSecondKeys[slot] == k1)
            {
                return n + 1;
            }
        }

        return 0;
    }

    /// <summary>Returns the <see cref="Slot"/> hash of a list word.</summary>
    private static int WordSlot(string word) => Slot(word[0], word.Length > 1 ? word[1] : 0u, word[^1], word.Length);

    private static ulong ShortKey(ReadOnlySpan<char> word)
    {
        Span<ushort> padded = stackalloc ushort[ShortMaxLength];
        CopyAscii(word, padded);
        return Pack(Vector128.Create(padded), word.Length, 0);
    }

    private static (ulong K0, ulong K1) LongKey(ReadOnlySpan<char> word)
    {
        Span<ushort> padded = stackalloc ushort[MaxLength];
        CopyAscii(word, padded);
        return (Pack(Vector128.Create(padded[..8]), word.Length, 0), Pack(Vector128.Create(padded[8..]), word.Length, 8));
    }

    /// <summary>Copies a list word into <paramref name="padded"/> and zeroes the rest. A word outside ASCII is a mistake in the lists.</summary>
    private static void CopyAscii(ReadOnlySpan<char> word, Span<ushort> padded)
    {
        if (!System.Text.Ascii.IsValid(word))
        {
            throw new InvalidOperationException($"Keyword '{word}' is not ASCII.");
        }

        padded.Clear();
        MemoryMarshal.Cast<char, ushort>(word).CopyTo(padded);
    }

    internal struct ShortEntry
    {
        public ulong Key;
        public KeywordInfo Info;
    }

    internal struct LongEntry
    {
        public ulong K0;
        public ulong K1;
        public KeywordInfo Info;
    }
}
