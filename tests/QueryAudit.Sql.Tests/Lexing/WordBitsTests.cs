using QueryAudit.Sql.Lexing;

namespace QueryAudit.Sql.Tests.Lexing;

/// <summary>
/// The word bits must classify every character as <see cref="CharClasses.IsWordChar"/> does, at any offset in the text,
/// and a word's end read from them must be where a scan of the characters ends, the end of the text included.
/// </summary>
public sealed class WordBitsTests
{
    [Test]
    public void Fill_EveryCharacter_MatchesCharClasses()
    {
        // All 65,536 UTF-16 code units, each at several positions in a group of 64, so that every lane of the vector
        // classification and every bit of a word meets every character.
        for (int shift = 0; shift < 64; shift += 7)
        {
            char[] text = new char[65536 + shift];
            text.AsSpan(0, shift).Fill('a');
            for (int c = 0; c < 65536; c++)
            {
                text[shift + c] = (char)c;
            }

            ulong[] bits = new ulong[WordBits.LengthFor(text.Length)];
            WordBits.Fill(text, bits);
            for (int k = 0; k < text.Length; k++)
            {
                bool notWord = ((bits[k >> 6] >> (k & 63)) & 1) != 0;
                if (notWord == CharClasses.IsWordChar(text[k]))
                {
                    Assert.Fail($"U+{(int)text[k]:X4} at offset {k}: bit says {(notWord ? "not a word character" : "word character")}");
                }
            }
        }
    }

    [Test]
    public void Fill_BitsAfterTheText_AreSet()
    {
        for (int length = 0; length < 200; length++)
        {
            string text = new('w', length);
            // The pass reuses its table without clearing it, so stale bits must not survive a fill.
            ulong[] bits = new ulong[WordBits.LengthFor(length)];
            Array.Fill(bits, 0x5555_5555_5555_5555UL);
            WordBits.Fill(text, bits);
            for (int k = length; k < bits.Length * 64; k++)
            {
                Assert.That((bits[k >> 6] >> (k & 63)) & 1, Is.EqualTo(1UL), $"length {length}, bit {k}");
            }
        }
    }

    [Test]
    public void WordEnd_RandomTexts_MatchesCharacterScan()
    {
        // Words of every length up to 200 (several reads of the bits), separators of every kind, and characters above
        // U+007F and surrogates inside words.
        char[] alphabet = ['a', 'Z', '0', '_', '$', 'é', '名', '\uD800', '\uDC00', '\uFFFD', ' ', ',', '(', '`', '\'', '\n', '\0', '-', '.', '\u007F'];
        Random random = new(20261205);
        for (int round = 0; round < 2000; round++)
        {
            char[] text = new char[random.Next(0, 400)];
            for (int k = 0; k < text.Length; k++)
            {
                text[k] = random.Next(4) == 0 ? alphabet[random.Next(alphabet.Length)] : 'x';
            }

            ulong[] bits = new ulong[WordBits.LengthFor(text.Length)];
            WordBits.Fill(text, bits);
            for (int start = 0; start <= text.Length; start++)
            {
                int expected = start;
                while (expected < text.Length && CharClasses.IsWordChar(text[expected]))
                {
                    expected++;
                }

                Assert.That(WordBits.WordEnd(bits, start), Is.EqualTo(expected), $"round {round}, start {start}");
            }
        }
    }

    [Test]
    public void WordEnd_StartPastTheBits_Throws()
    {
        ulong[] bits = new ulong[WordBits.LengthFor(10)];
        WordBits.Fill("abc def gh", bits);

        Assert.That(() => WordBits.WordEnd(bits, bits.Length * 64), Throws.InstanceOf<ArgumentOutOfRangeException>());
    }
}
