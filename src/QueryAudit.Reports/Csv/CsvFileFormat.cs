namespace QueryAudit.Reports.Csv;

/// <summary>
/// Facts shared by every CSV file of a report folder (findings.csv, approved-executions.csv, quarantine.csv).
/// </summary>
public static class CsvFileFormat
{
    /// <summary>
    /// The byte order mark (U+FEFF, bytes EF BB BF in UTF-8) that starts every CSV file of a report. Excel opens a CSV
    /// file without it in the system code page (Shift_JIS on Japanese Windows) and garbles non-ASCII text; with it,
    /// Excel reads UTF-8. The mark is constant, so the file's bytes still depend only on the data.
    /// </summary>
    public const char ByteOrderMark = '\uFEFF';
}
