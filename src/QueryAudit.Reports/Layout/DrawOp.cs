namespace QueryAudit.Reports.Layout;

/// <summary>
/// One drawing instruction on a laid-out page, in points from the top-left corner of the page.
/// </summary>
internal abstract record DrawOp
{
    /// <summary>The structure element this operation belongs to; null for artifacts such as fills, rules and footers.</summary>
    public StructureNode? Node { get; init; }
}

/// <summary>
/// A line of text. <paramref name="Top"/> is the top of the line box; the painter puts the baseline 1.055 em below it.
/// </summary>
internal sealed record TextOp(double X, double Top, string Text, TextStyle Style, TextRole Role = TextRole.Body) : DrawOp;

/// <summary>
/// A filled and/or stroked rectangle.
/// </summary>
internal sealed record RectOp(double X, double Top, double Width, double Height, RgbColor? Fill, RgbColor? Stroke = null, double StrokeWidth = 0.5) : DrawOp;

/// <summary>
/// A straight line.
/// </summary>
internal sealed record LineOp(double X1, double Y1, double X2, double Y2, RgbColor Color, double Width = 0.5) : DrawOp;

/// <summary>
/// What a line of text is, so tests can find headings and table headers and a tagged renderer can map them.
/// </summary>
internal enum TextRole
{
    Body,
    Title,
    Heading1,
    Heading2,
    Heading3,
    TableHeader,
    TableCell,
    Chart,
    Footer,
}
