using PdfSharp.Drawing;
using PdfSharp.Pdf;
using QueryAudit.Reports.Layout;

namespace QueryAudit.Reports.Pdf;

/// <summary>
/// Draws laid-out pages onto a PDFsharp document, all as vector operations.
/// </summary>
internal sealed class PdfPainter
{
    // BIZ UDPGothic's ascender is 0.88 em; a 1.35 em line box leaves 0.175 em above it, so the baseline
    // sits 1.055 em below the top of the line.
    private const double BaselineOffsetEm = 1.055;

    private readonly Dictionary<(double Size, bool Bold), XFont> fonts = [];
    private readonly Dictionary<RgbColor, XSolidBrush> brushes = [];

    public void Paint(PdfDocument document, PageGeometry geometry, IReadOnlyList<LaidOutPage> pages)
    {
        foreach (LaidOutPage laidOut in pages)
        {
            PdfPage page = document.AddPage();
            page.Width = XUnit.FromPoint(geometry.Width);
            page.Height = XUnit.FromPoint(geometry.Height);
            using XGraphics graphics = XGraphics.FromPdfPage(page);
            foreach (DrawOp op in laidOut.Ops)
            {
                Draw(graphics, op);
            }
        }
    }

    private void Draw(XGraphics graphics, DrawOp op)
    {
        switch (op)
        {
            case TextOp text:
                graphics.DrawString(text.Text, Font(text.Style), Brush(text.Style.Color), new XPoint(text.X, text.Top + (text.Style.Size * BaselineOffsetEm)));
                break;
            case RectOp rect when rect.Fill is { } fill && rect.Stroke is { } stroke:
                graphics.DrawRectangle(new XPen(Color(stroke), rect.StrokeWidth), Brush(fill), rect.X, rect.Top, rect.Width, rect.Height);
                break;
            case RectOp rect when rect.Fill is { } fill:
                graphics.DrawRectangle(Brush(fill), rect.X, rect.Top, rect.Width, rect.Height);
                break;
            case RectOp rect when rect.Stroke is { } stroke:
                graphics.DrawRectangle(new XPen(Color(stroke), rect.StrokeWidth), rect.X, rect.Top, rect.Width, rect.Height);
                break;
            case LineOp line:
                graphics.DrawLine(new XPen(Color(line.Color), line.Width), line.X1, line.Y1, line.X2, line.Y2);
                break;
            default:
                break;
        }
    }

    private XFont Font(TextStyle style)
    {
        if (!fonts.TryGetValue((style.Size, style.Bold), out XFont? font))
        {
            font = PdfTextMeasurer.CreateFont(style.Size, style.Bold);
            fonts[(style.Size, style.Bold)] = font;
        }

        return font;
    }

    private XSolidBrush Brush(RgbColor color)
    {
        if (!brushes.TryGetValue(color, out XSolidBrush? brush))
        {
            brush = new XSolidBrush(Color(color));
            brushes[color] = brush;
        }

        return brush;
    }

    private static XColor Color(RgbColor color) => XColor.FromArgb(color.R, color.G, color.B);
}
