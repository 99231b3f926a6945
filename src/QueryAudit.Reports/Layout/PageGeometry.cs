namespace QueryAudit.Reports.Layout;

/// <summary>
/// Page size and margins in points (1/72 inch).
/// </summary>
internal sealed record PageGeometry(double Width, double Height, double MarginLeft, double MarginTop, double MarginRight, double MarginBottom)
{
    /// <summary>A4 portrait (210 x 297 mm) with 15 mm side margins and room for a footer.</summary>
    public static PageGeometry A4 { get; } = new(595.28, 841.89, 42.5, 48, 42.5, 56);

    public double ContentWidth => Width - MarginLeft - MarginRight;

    public double ContentBottom => Height - MarginBottom;

    public double ContentHeight => ContentBottom - MarginTop;
}
