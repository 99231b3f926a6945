namespace QueryAudit.Reports.Pdf;

/// <summary>
/// Options of <see cref="PdfReportRenderer"/>.
/// </summary>
public sealed record PdfReportOptions
{
    /// <summary>Report language, <c>en</c> or <c>ja</c>; null (the default) takes <c>ReportHeader.Language</c> from the model.</summary>
    public string? Language { get; init; }

    /// <summary>
    /// Tables with more rows than this move from their section to an appendix, and the section says where they are.
    /// Default 40 rows, about one page of findings.
    /// </summary>
    public int InlineRowLimit { get; init; } = 40;
}
