using System.Globalization;
using System.Text;

namespace QueryAudit.Reports.Layout;

/// <summary>
/// Breaks English and Japanese text into lines that fit a width. English breaks at spaces (and after a hyphen or
/// slash inside a word), Japanese between characters, both under the kinsoku rules of <see cref="BreakClasses"/>.
/// A katakana word (インスタンス, エスカレーション) is kept whole like a Latin word, because a loanword split over two
/// lines is hard to read. It breaks inside only when it is wider than the line by itself.
/// A token wider than the line (SQL without spaces, a hash, a path) is broken between any two characters.
/// Text is handled in text elements, so a surrogate pair such as 𠮟 is measured and kept as one character.
/// </summary>
internal sealed class LineBreaker
{
    private readonly ITextMeasurer measurer;

    public LineBreaker(ITextMeasurer measurer) => this.measurer = measurer;

    /// <summary>
    /// Breaks <paramref name="text"/> into lines no wider than <paramref name="maxWidth"/> points. Line feeds force a
    /// break; an empty text gives one empty line. A single character wider than the line gets a line of its own.
    /// </summary>
    public List<TextLine> Break(string text, double maxWidth, TextStyle style)
    {
        List<TextLine> lines = [];
        string normalized = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
        foreach (string paragraph in normalized.Split('\n'))
        {
            BreakParagraph(paragraph, maxWidth, style, lines);
        }

        return lines;
    }

    /// <summary>
    /// Returns the width in points of the widest piece of <paramref name="text"/> that no line break can split: the
    /// narrowest a column can be without breaking inside a word.
    /// </summary>
    public double MinContentWidth(string text, TextStyle style)
    {
        double widest = 0;
        foreach (string paragraph in text.Split('\n'))
        {
            List<Element> elements = Segment(paragraph, style);
            double piece = 0;
            for (int i = 0; i < elements.Count; i++)
            {
                if (i > 0 && CanBreakBefore(elements, i))
                {
                    piece = 0;
                }

                piece = elements[i].Class == BreakClass.Space ? 0 : piece + elements[i].Width;
                widest = Math.Max(widest, piece);
            }
        }

        return widest;
    }

    private void BreakParagraph(string paragraph, double maxWidth, TextStyle style, List<TextLine> lines)
    {
        List<Element> elements = Segment(paragraph, style);
        if (elements.Count == 0)
        {
            lines.Add(new TextLine("", 0));
            return;
        }

        List<(int Start, int End)> ranges = [];
        int start = 0;
        while (start < elements.Count)
        {
            int end = FindLineEnd(elements, start, maxWidth);
            ranges.Add((start, end));

            start = end;
            while (start < elements.Count && elements[start].Class == BreakClass.Space)
            {
                start++;
            }
        }

        AvoidShortLastLine(elements, ranges, maxWidth);
        foreach ((int lineStart, int lineEnd) in ranges)
        {
            lines.Add(MakeLine(paragraph, elements, lineStart, lineEnd));
        }
    }

    /// <summary>
    /// Moves the last word of the next-to-last line down when the last line would hold only a short Latin token,
    /// such as the 1 of "statement 1" or the "52." that ends a sentence, provided the new last line fits.
    /// A short Japanese last line is left alone, because kinsoku already keeps punctuation with its text.
    /// </summary>
    private static void AvoidShortLastLine(List<Element> elements, List<(int Start, int End)> ranges, double maxWidth)
    {
        const int MaxShortTokenLength = 3;
        if (ranges.Count < 2)
        {
            return;
        }

        (int lastStart, int lastEnd) = ranges[^1];
        int textEnd = lastEnd;
        while (textEnd > lastStart && elements[textEnd - 1].Class == BreakClass.Space)
        {
            textEnd--;
        }

        if (textEnd - lastStart > MaxShortTokenLength)
        {
            return;
        }

        for (int i = lastStart; i < textEnd; i++)
        {
            if (elements[i].Class == BreakClass.Space || elements[i].IsIdeographic)
            {
                return;
            }
        }

        (int previousStart, int previousEnd) = ranges[^2];
        for (int breakAt = previousEnd - 1; breakAt > previousStart; breakAt--)
        {
            if (!CanBreakBefore(elements, breakAt))
            {
                continue;
            }

            double width = 0;
            for (int i = breakAt; i < textEnd; i++)
            {
                width += elements[i].Width;
            }

            if (width <= maxWidth)
            {
                ranges[^2] = (previousStart, breakAt);
                ranges[^1] = (breakAt, lastEnd);
            }

            return;
        }
    }

    /// <summary>Returns the exclusive end of the line that starts at <paramref name="start"/>.</summary>
    private static int FindLineEnd(List<Element> elements, int start, double maxWidth)
    {
        double width = 0;
        int lastBreak = -1;
        for (int i = start; i < elements.Count; i++)
        {
            if (i > start && CanBreakBefore(elements, i))
            {
                lastBreak = i;
            }

            width += elements[i].Width;

            // Spaces may hang past the margin: they are dropped at the end of the line.
            if (width <= maxWidth || elements[i].Class == BreakClass.Space || i == start)
            {
                continue;
            }

            if (lastBreak > start)
            {
                return lastBreak;
            }

            return EmergencyBreak(elements, start, i);
        }

        return elements.Count;
    }

    /// <summary>
    /// Breaks inside a token that does not fit on a line by itself, before element <paramref name="overflow"/>,
    /// moving one more character down when the next line would otherwise start with a no-line-start character.
    /// </summary>
    private static int EmergencyBreak(List<Element> elements, int start, int overflow)
    {
        int end = overflow;
        if (elements[end].Class == BreakClass.NoLineStart && end - 1 > start)
        {
            end--;
        }

        if (elements[end - 1].Class == BreakClass.NoLineEnd && end - 1 > start)
        {
            end--;
        }

        return end;
    }

    /// <summary>True when a line may end just before element <paramref name="index"/>.</summary>
    internal static bool CanBreakBefore(List<Element> elements, int index)
    {
        Element previous = elements[index - 1];
        Element next = elements[index];

        if (next.Class == BreakClass.Space || next.Class == BreakClass.NoLineStart)
        {
            return false;
        }

        if (previous.Class == BreakClass.Space)
        {
            return true;
        }

        if (previous.Class == BreakClass.NoLineEnd)
        {
            return false;
        }

        if (BreakClasses.IsKatakanaWord(previous.Scalar) && BreakClasses.IsKatakanaWord(next.Scalar))
        {
            return false;
        }

        if (previous.IsIdeographic)
        {
            // Outside katakana words, Japanese breaks between any two characters; also before a Latin word that follows Japanese.
            return true;
        }

        if (next.IsIdeographic)
        {
            // Keep a number with the counter after it (2026年, 3件), but let a Latin word end before Japanese.
            return !IsDigit(previous.Scalar);
        }

        // Inside a Latin word, a date or a number: break after a hyphen or slash that follows a letter
        // (OPS-/2026, logs/mariadb), and after the underscore that ends a run of them in an identifier
        // (V002__/invoice), but never inside 2026-12-05 or 10.0.3.17.
        if (next.Class != BreakClass.Word || !Rune.IsLetterOrDigit(new Rune(next.Scalar)))
        {
            return false;
        }

        return previous.Scalar switch
        {
            '_' => true,
            '-' or '/' => index >= 2 && Rune.IsLetter(new Rune(elements[index - 2].Scalar)),
            _ => false,
        };
    }

    private static bool IsDigit(int scalar) => scalar is >= '0' and <= '9';

    private static TextLine MakeLine(string paragraph, List<Element> elements, int start, int end)
    {
        int last = end - 1;
        while (last > start && elements[last].Class == BreakClass.Space)
        {
            last--;
        }

        double width = 0;
        for (int i = start; i <= last; i++)
        {
            width += elements[i].Width;
        }

        int from = elements[start].Offset;
        int to = elements[last].Offset + elements[last].Length;
        string text = paragraph[from..to];
        if (elements[last].Class == BreakClass.Space)
        {
            return new TextLine("", 0);
        }

        return new TextLine(text, width);
    }

    private List<Element> Segment(string paragraph, TextStyle style)
    {
        List<Element> elements = new(paragraph.Length);
        int offset = 0;
        while (offset < paragraph.Length)
        {
            int length = StringInfo.GetNextTextElementLength(paragraph, offset);
            ReadOnlySpan<char> element = paragraph.AsSpan(offset, length);
            Rune.DecodeFromUtf16(element, out Rune rune, out _);
            BreakClass breakClass = BreakClasses.Classify(rune);
            double width = measurer.MeasureElement(element, style);
            elements.Add(new Element(offset, length, breakClass, width, rune.Value, BreakClasses.IsIdeographic(rune.Value)));
            offset += length;
        }

        return elements;
    }

    /// <summary>One text element of a paragraph, by offset and length in UTF-16 code units.</summary>
    /// <param name="Offset">Start in UTF-16 code units.</param>
    /// <param name="Length">Length in UTF-16 code units: 2 for a surrogate pair, more with combining marks.</param>
    /// <param name="Class">How the element takes part in line breaking.</param>
    /// <param name="Width">Advance width in points.</param>
    /// <param name="Scalar">The first Unicode scalar value of the element.</param>
    /// <param name="IsIdeographic">True for kanji, kana and full-width forms, including full-width punctuation.</param>
    internal readonly record struct Element(int Offset, int Length, BreakClass Class, double Width, int Scalar, bool IsIdeographic);
}
