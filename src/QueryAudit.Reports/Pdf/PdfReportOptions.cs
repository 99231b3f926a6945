namespace QueryAudit.Reports.Pdf;

/// <summary>
/// Options of <see cref="PdfReportRenderer"/>.
/// </summary>
public sealed record PdfReportOptions
{
    /// <summary>Report language, <c>en</c> or <c>ja</c>; null (the default) takes <c>ReportHeader.Language</c> from the model.</summary>
    public string? Language { get; init; }

    /// <summary>
    /// Tables with more rows than this move from their section to an appendix, and the section names the appendix.
    /// Default 40 rows.
    /// </summary>
    public int InlineRowLimit { get; init; } = 40;

    /// <summary>
    /// Months with at most this many exceptions list them in detail inside the exceptions section. With more, the
    /// open list and the details move to appendices. Default 200.
    /// </summary>
    public int InlineFindingLimit { get; init; } = 200;

    /// <summary>
    /// Write a tagged PDF (structure tree with headings, paragraphs, tables and figures with alternative text, and the
    /// document language), so screen readers and text extraction follow the reading order. Default true.
    /// </summary>
    public bool Tagged { get; init; } = true;
}
