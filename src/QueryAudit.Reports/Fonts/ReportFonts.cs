namespace QueryAudit.Reports.Fonts;

/// <summary>
/// The font files the PDF report embeds, for recording their SHA-256 next to a report.
/// </summary>
public static class ReportFonts
{
    /// <summary>Returns each embedded face's file name and bytes: BIZ UDPGothic Regular, then Bold.</summary>
    public static IReadOnlyList<(string FileName, byte[] Bytes)> Faces() =>
    [
        ("BIZUDPGothic-Regular.ttf", EmbeddedFontResolver.GetFaceBytes(bold: false)),
        ("BIZUDPGothic-Bold.ttf", EmbeddedFontResolver.GetFaceBytes(bold: true)),
    ];
}
