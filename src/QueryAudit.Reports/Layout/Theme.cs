namespace QueryAudit.Reports.Layout;

/// <summary>
/// Text sizes and colours of the report, in points and sRGB.
/// </summary>
internal static class Theme
{
    public static readonly RgbColor Ink = RgbColor.FromHex(0x1A1A1A);
    public static readonly RgbColor Muted = RgbColor.FromHex(0x5A5A5A);
    public static readonly RgbColor Accent = RgbColor.FromHex(0x1F4E79);
    public static readonly RgbColor Rule = RgbColor.FromHex(0xBFBFBF);
    public static readonly RgbColor HeaderFill = RgbColor.FromHex(0xDCE4EE);
    public static readonly RgbColor ZebraFill = RgbColor.FromHex(0xF4F6F8);
    public static readonly RgbColor NoticeFill = RgbColor.FromHex(0xFFF2CC);
    public static readonly RgbColor NoticeStroke = RgbColor.FromHex(0xBF9000);
    public static readonly RgbColor Bar = RgbColor.FromHex(0x2E75B6);

    public static readonly TextStyle Title = new(20, Bold: true, Color: Accent);
    public static readonly TextStyle Heading1 = new(15, Bold: true, Color: Accent);
    public static readonly TextStyle Heading2 = new(11.5, Bold: true, Color: Ink);
    public static readonly TextStyle Heading3 = new(9.5, Bold: true, Color: Ink);
    public static readonly TextStyle Body = new(9, Color: Ink);
    public static readonly TextStyle Small = new(7.5, Color: Muted);
    public static readonly TextStyle Footer = new(7, Color: Muted);
    public static readonly TextStyle ChartLabel = new(6.5, Color: Ink);

    /// <summary>Horizontal and vertical padding inside table cells, in points.</summary>
    public const double CellPaddingX = 3;
    public const double CellPaddingY = 2.2;
}
