using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;

namespace QueryAudit.Reports.Tests;

/// <summary>
/// Extracts the text of a PDF with PdfPig, the way an auditor's tools would: per page, and per column.
/// </summary>
internal static class PdfText
{
    /// <summary>Returns each page's words joined by spaces, in PdfPig's reading order.</summary>
    public static List<string> Pages(byte[] pdf)
    {
        using PdfDocument document = PdfDocument.Open(pdf);
        return [.. document.GetPages().Select(page => string.Join(' ', page.GetWords().Select(word => word.Text)))];
    }

    /// <summary>
    /// Returns the text of every column of every page: runs of words on one line that start at the same left edge,
    /// read top to bottom. A table cell that wraps over several lines is whole in its column, even though a page's
    /// reading order interleaves it with the cells beside it.
    /// </summary>
    public static List<string> Columns(byte[] pdf) => ColumnRuns(pdf)
        .GroupBy(run => (run.Page, run.Left))
        .Select(column => string.Join(' ', column.Select(run => run.Text)))
        .ToList();

    /// <summary>
    /// Returns the text at each left edge through the whole document, page after page, so a table cell that
    /// continues on the next page is whole apart from the repeated header between its parts.
    /// </summary>
    public static List<string> ColumnsAcrossPages(byte[] pdf) => ColumnRuns(pdf)
        .GroupBy(run => run.Left)
        .Select(column => string.Join(' ', column.Select(run => run.Text)))
        .ToList();

    /// <summary>Returns runs of words, in page order then top to bottom, with their rounded left edge.</summary>
    private static List<(int Page, double Left, string Text)> ColumnRuns(byte[] pdf)
    {
        using PdfDocument document = PdfDocument.Open(pdf);
        List<(int Page, double Left, string Text)> result = [];
        foreach (Page page in document.GetPages())
        {
            List<(double Left, double Top, string Text)> runs = [];
            foreach (IGrouping<double, Word> line in page.GetWords().GroupBy(word => Math.Round(word.BoundingBox.Bottom, 0)))
            {
                List<Word> words = [.. line.OrderBy(word => word.BoundingBox.Left)];
                int start = 0;
                for (int i = 1; i <= words.Count; i++)
                {
                    // Words in one cell are a space apart (under 4 pt at report sizes); cells are at least 6 pt apart.
                    if (i == words.Count || words[i].BoundingBox.Left - words[i - 1].BoundingBox.Right > 4.5)
                    {
                        runs.Add((words[start].BoundingBox.Left, line.Key, string.Join(' ', words[start..i].Select(word => word.Text))));
                        start = i;
                    }
                }
            }

            result.AddRange(runs.OrderByDescending(run => run.Top).Select(run => (page.Number, Math.Round(run.Left, 0), run.Text)));
        }

        return result;
    }

    /// <summary>Removes all white space, so text that wraps across lines can be searched for whole.</summary>
    public static string Squeeze(string text) => string.Concat(text.Where(c => !char.IsWhiteSpace(c)));
}
