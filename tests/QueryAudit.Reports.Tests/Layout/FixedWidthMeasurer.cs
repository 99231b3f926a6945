using System.Text;
using QueryAudit.Reports.Layout;

namespace QueryAudit.Reports.Tests.Layout;

/// <summary>
/// Measures every text element as 1 unit wide, or 2 for kanji, kana and full-width forms, whatever the style, so
/// layout tests can count characters instead of points.
/// </summary>
internal sealed class FixedWidthMeasurer : ITextMeasurer
{
    public List<string> Measured { get; } = [];

    public double MeasureElement(ReadOnlySpan<char> element, TextStyle style)
    {
        Measured.Add(element.ToString());
        Rune.DecodeFromUtf16(element, out Rune rune, out _);
        return BreakClasses.IsIdeographic(rune.Value) ? 2 : 1;
    }
}
