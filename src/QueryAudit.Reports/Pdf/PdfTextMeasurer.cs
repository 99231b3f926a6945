using PdfSharp.Drawing;
using PdfSharp.Pdf;
using QueryAudit.Reports.Fonts;
using QueryAudit.Reports.Layout;

namespace QueryAudit.Reports.Pdf;

/// <summary>
/// Measures text elements with PDFsharp's metrics of the embedded fonts. Widths are cached per element at a
/// reference size and scaled, which is exact because PDFsharp applies no hinting or kerning.
/// </summary>
internal sealed class PdfTextMeasurer : ITextMeasurer, IDisposable
{
    private const double ReferenceSize = 100;

    private readonly XGraphics graphics;
    private readonly XFont regular;
    private readonly XFont bold;
    private readonly Dictionary<string, double> regularWidths = new(StringComparer.Ordinal);
    private readonly Dictionary<string, double> boldWidths = new(StringComparer.Ordinal);

    public PdfTextMeasurer()
    {
        EmbeddedFontResolver.Register();
        graphics = XGraphics.CreateMeasureContext(new XSize(1000, 1000), XGraphicsUnit.Point, XPageDirection.Downwards);
        regular = CreateFont(ReferenceSize, bold: false);
        bold = CreateFont(ReferenceSize, bold: true);
    }

    public static XFont CreateFont(double size, bool bold) =>
        new(EmbeddedFontResolver.FamilyName, size, bold ? XFontStyleEx.Bold : XFontStyleEx.Regular, new XPdfFontOptions(PdfFontEncoding.Unicode));

    public double MeasureElement(ReadOnlySpan<char> element, TextStyle style)
    {
        Dictionary<string, double> cache = style.Bold ? boldWidths : regularWidths;
        Dictionary<string, double>.AlternateLookup<ReadOnlySpan<char>> lookup = cache.GetAlternateLookup<ReadOnlySpan<char>>();
        if (!lookup.TryGetValue(element, out double width))
        {
            string key = element.ToString();
            width = graphics.MeasureString(key, style.Bold ? bold : regular).Width / ReferenceSize;
            cache[key] = width;
        }

        return width * style.Size;
    }

    public void Dispose() => graphics.Dispose();
}
