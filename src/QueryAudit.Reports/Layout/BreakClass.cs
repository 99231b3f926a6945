using System.Text;

namespace QueryAudit.Reports.Layout;

/// <summary>
/// How a character takes part in line breaking.
/// </summary>
internal enum BreakClass
{
    /// <summary>Latin letters, digits and other characters that break only at spaces.</summary>
    Word,

    /// <summary>A breakable space; spaces at the end of a line are dropped.</summary>
    Space,

    /// <summary>Kanji, kana and full-width forms: a line may break before or after them.</summary>
    Ideographic,

    /// <summary>Characters that must not start a line (Japanese kinsoku: closing brackets, 、。, small kana, prolonged sound mark).</summary>
    NoLineStart,

    /// <summary>Characters that must not end a line (opening brackets).</summary>
    NoLineEnd,
}

/// <summary>
/// Classifies characters for line breaking by the common Japanese kinsoku rules: no closing bracket, 、。, small kana
/// or prolonged sound mark at the start of a line, no opening bracket at its end, and breaks allowed between
/// ideographs and kana.
/// </summary>
internal static class BreakClasses
{
    // Closing brackets, Japanese and Latin punctuation, small kana, iteration marks and the prolonged sound mark.
    private const string NoLineStartCharacters =
        "、。，．,.)]}）］｝〕〉》」』】〙〗〟’”｠»" +
        "ヽヾゝゞ々〻ー‐゠–〜～" +
        "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ" +
        "?!！？‼⁇⁈⁉・:;：；％‰℃°′″" +
        "ｧｨｩｪｫｬｭｮｯｰ｡､｣";

    private const string NoLineEndCharacters = "([{（［｛〔〈《「『【〘〖〝‘“｟«｢";

    public static BreakClass Classify(Rune rune)
    {
        int value = rune.Value;
        if (value < 0x10000)
        {
            char c = (char)value;
            if (NoLineStartCharacters.Contains(c, StringComparison.Ordinal))
            {
                return BreakClass.NoLineStart;
            }

            if (NoLineEndCharacters.Contains(c, StringComparison.Ordinal))
            {
                return BreakClass.NoLineEnd;
            }
        }

        if (value == ' ' || value == '\t')
        {
            return BreakClass.Space;
        }

        return IsIdeographic(value) ? BreakClass.Ideographic : BreakClass.Word;
    }

    /// <summary>
    /// True for the letters of a katakana word: full-width katakana with the prolonged sound mark ー and the iteration
    /// marks, the phonetic extensions ㇰ-ㇿ, and half-width katakana. The middle dot ・ separates words, so it is not one.
    /// </summary>
    public static bool IsKatakanaWord(int value) =>
        value is (>= 0x30A1 and <= 0x30FA) // ァ to ヺ
        or (>= 0x30FC and <= 0x30FF) // ー ヽ ヾ ヿ
        or (>= 0x31F0 and <= 0x31FF) // small katakana for Ainu
        or (>= 0xFF66 and <= 0xFF9F); // half-width ｦ to ﾟ, including ｰ

    /// <summary>True for scripts written without spaces between words, where a line may break between any two characters.</summary>
    public static bool IsIdeographic(int value) =>
        value is (>= 0x2E80 and <= 0x2FFF) // CJK radicals, Kangxi radicals, ideographic description characters
        or (>= 0x3000 and <= 0x303F) // CJK symbols and punctuation, including the ideographic space
        or (>= 0x3040 and <= 0x30FF) // hiragana, katakana
        or (>= 0x3100 and <= 0x31FF) // bopomofo, Hangul compatibility jamo, katakana phonetic extensions
        or (>= 0x3200 and <= 0x33FF) // enclosed CJK letters (㈱) and CJK compatibility (㌔)
        or (>= 0x3400 and <= 0x4DBF) // CJK extension A
        or (>= 0x4E00 and <= 0x9FFF) // CJK unified ideographs
        or (>= 0xAC00 and <= 0xD7AF) // Hangul syllables
        or (>= 0xF900 and <= 0xFAFF) // CJK compatibility ideographs
        or (>= 0xFE30 and <= 0xFE4F) // CJK compatibility forms
        or (>= 0xFF00 and <= 0xFFEF) // full-width and half-width forms
        or (>= 0x2460 and <= 0x24FF) // enclosed alphanumerics (①)
        or (>= 0x20000 and <= 0x3FFFF); // CJK extensions B to H, outside the BMP (𠮟)
}
