using PdfSharp.Drawing;
using PdfSharp.Pdf;
using PdfSharp.UniversalAccessibility;
using QueryAudit.Reports.Layout;

namespace QueryAudit.Reports.Pdf;

/// <summary>
/// Draws laid-out pages onto a PDFsharp document, all as vector operations. When tagged, each page's artifacts
/// (fills, rules, footers) are drawn first, then its content inside the structure elements of
/// <see cref="StructureNode"/>, so the text is extractable in reading order and accessible.
/// </summary>
internal sealed class PdfPainter
{
    // BIZ UDPGothic's ascender is 0.88 em (1802 of 2048 units in its hhea table). A 1.35 em line box leaves 0.175 em
    // above it, so the baseline sits 1.055 em below the top of the line.
    private const double BaselineOffsetEm = 1.055;

    private readonly Dictionary<(double Size, bool Bold), XFont> fonts = [];
    private readonly Dictionary<RgbColor, XSolidBrush> brushes = [];

    /// <summary>Draws <paramref name="pages"/>; with a <paramref name="language"/> (BCP 47, e.g. <c>ja</c>) the document is tagged.</summary>
    public void Paint(PdfDocument document, PageGeometry geometry, IReadOnlyList<LaidOutPage> pages, string? language)
    {
        StructureBuilder? structure = null;
        if (language is not null)
        {
            UAManager manager = UAManager.ForDocument(document);
            manager.SetDocumentLanguage(language);
            structure = manager.StructureBuilder;
        }

        foreach (LaidOutPage laidOut in pages)
        {
            PdfPage page = document.AddPage();
            page.Width = XUnit.FromPoint(geometry.Width);
            page.Height = XUnit.FromPoint(geometry.Height);
            using XGraphics graphics = XGraphics.FromPdfPage(page);
            if (structure is null)
            {
                foreach (DrawOp op in laidOut.Ops)
                {
                    Draw(graphics, op);
                }
            }
            else
            {
                PaintTagged(graphics, structure, laidOut);
            }
        }
    }

    private void PaintTagged(XGraphics graphics, StructureBuilder structure, LaidOutPage page)
    {
        // Artifacts first: fills and rules lie under the text anyway, so drawing them before it changes nothing on the page.
        structure.BeginArtifact();
        foreach (DrawOp op in page.Ops.Where(op => op.Node is null))
        {
            Draw(graphics, op);
        }

        structure.End();

        List<StructureNode> open = [];
        foreach (DrawOp op in page.Ops.Where(op => op.Node is not null))
        {
            List<StructureNode> path = op.Node!.Path();
            int common = 0;
            while (common < open.Count && common < path.Count && ReferenceEquals(open[common], path[common]))
            {
                common++;
            }

            for (int i = open.Count - 1; i >= common; i--)
            {
                structure.End();
                open.RemoveAt(i);
            }

            for (int i = common; i < path.Count; i++)
            {
                Begin(structure, path[i], page);
                open.Add(path[i]);
            }

            Draw(graphics, op);
        }

        for (int i = open.Count - 1; i >= 0; i--)
        {
            structure.End();
        }
    }

    private static void Begin(StructureBuilder structure, StructureNode node, LaidOutPage page)
    {
        switch (node.Kind)
        {
            case StructureKind.Heading1:
                structure.BeginElement(PdfBlockLevelElementTag.Heading1);
                break;
            case StructureKind.Heading2:
                structure.BeginElement(PdfBlockLevelElementTag.Heading2);
                break;
            case StructureKind.Heading3:
                structure.BeginElement(PdfBlockLevelElementTag.Heading3);
                break;
            case StructureKind.Paragraph:
                structure.BeginElement(PdfBlockLevelElementTag.Paragraph);
                break;
            case StructureKind.Table:
                structure.BeginElement(PdfBlockLevelElementTag.Table);
                break;
            case StructureKind.TableRow:
                structure.BeginElement(PdfBlockLevelElementTag.TableRow);
                break;
            case StructureKind.TableHeaderCell:
                structure.BeginElement(PdfBlockLevelElementTag.TableHeaderCell);
                break;
            case StructureKind.TableDataCell:
                structure.BeginElement(PdfBlockLevelElementTag.TableDataCell);
                break;
            case StructureKind.Figure:
                structure.BeginElement(PdfIllustrationElementTag.Figure, node.AltText ?? "", Bounds(page, node));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(node), node.Kind, "Unknown structure kind.");
        }
    }

    /// <summary>Returns the box around a figure's drawing on the page; text counts one line box from its left edge.</summary>
    private static XRect Bounds(LaidOutPage page, StructureNode node)
    {
        double left = double.MaxValue, top = double.MaxValue, right = double.MinValue, bottom = double.MinValue;
        foreach (DrawOp op in page.Ops.Where(op => ReferenceEquals(op.Node, node)))
        {
            (double x1, double y1, double x2, double y2) = op switch
            {
                RectOp rect => (rect.X, rect.Top, rect.X + rect.Width, rect.Top + rect.Height),
                LineOp line => (Math.Min(line.X1, line.X2), Math.Min(line.Y1, line.Y2), Math.Max(line.X1, line.X2), Math.Max(line.Y1, line.Y2)),
                TextOp text => (text.X, text.Top, text.X, text.Top + text.Style.LineHeight),
                _ => (double.MaxValue, double.MaxValue, double.MinValue, double.MinValue),
            };
            left = Math.Min(left, x1);
            top = Math.Min(top, y1);
            right = Math.Max(right, x2);
            bottom = Math.Max(bottom, y2);
        }

        return left > right ? XRect.Empty : new XRect(left, top, right - left, bottom - top);
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
