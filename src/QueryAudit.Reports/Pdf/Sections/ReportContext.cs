using QueryAudit.Core.Reporting;
using QueryAudit.Reports.Layout;
using QueryAudit.Reports.Text;

namespace QueryAudit.Reports.Pdf.Sections;

/// <summary>
/// What every section writer needs: the model, the words and clock of the report language, the page flow, and
/// the list of appendices that long tables move to.
/// </summary>
internal sealed class ReportContext
{
    private readonly List<(string Title, Action<ReportContext> Write)> appendices = [];

    public ReportContext(ReportModel model, ReportText text, PageFlow flow, PdfReportOptions options)
    {
        Model = model;
        Text = text;
        Flow = flow;
        Options = options;
        Clock = new ReportClock(model.Header.TimeZone, text);
    }

    public ReportModel Model { get; }

    public ReportText Text { get; }

    public ReportClock Clock { get; }

    public PageFlow Flow { get; }

    public PdfReportOptions Options { get; }

    public IReadOnlyList<(string Title, Action<ReportContext> Write)> Appendices => appendices;

    /// <summary>Queues an appendix and returns its letter (A, B, ...), which the section cites.</summary>
    public string AddAppendix(string title, Action<ReportContext> write)
    {
        appendices.Add((title, write));
        return ((char)('A' + appendices.Count - 1)).ToString();
    }

    public void Heading1(string text) => Flow.Heading(text, Theme.Heading1, TextRole.Heading1, keepWithNext: 60);

    public void Heading2(string text, double keepWithNext = 48) => Flow.Heading(text, Theme.Heading2, TextRole.Heading2, keepWithNext);

    public void Heading3(string text, double keepWithNext = 36) => Flow.Heading(text, Theme.Heading3, TextRole.Heading3, keepWithNext);

    public void Paragraph(string text) => Flow.Paragraph(text, Theme.Body);

    public void Note(string text) => Flow.Paragraph(text, Theme.Small);

    public void Bullet(string text)
    {
        Flow.EnsureSpace(Theme.Body.LineHeight);
        Flow.AddOp(new TextOp(Flow.Geometry.MarginLeft + 4, Flow.Y, "•", Theme.Body));
        Flow.Paragraph(text, Theme.Body, indent: 14);
        Flow.Advance(-Theme.Body.Size * 0.3);
    }

    /// <summary>Adds a two-column list of labels and values without a header row.</summary>
    public void KeyValues(IEnumerable<(string Key, string Value)> pairs, double keyWeight = 0.3)
    {
        TableSpec table = new()
        {
            Columns = [new TableColumn("", keyWeight), new TableColumn("", 1 - keyWeight)],
            ShowHeader = false,
            Zebra = false,
            BoldFirstColumn = true,
            FontSize = 8.5,
        };
        foreach ((string key, string value) in pairs)
        {
            table.AddRow(key, value);
        }

        Flow.Table(table);
    }

    /// <summary>
    /// Adds <paramref name="table"/> here when it has at most <paramref name="inlineLimit"/> rows (default
    /// <see cref="PdfReportOptions.InlineRowLimit"/>), else moves it to a new appendix and names the appendix here.
    /// An empty table becomes the sentence <paramref name="emptyKey"/>.
    /// </summary>
    public void TableOrAppendix(TableSpec table, string appendixTitle, string emptyKey, int? inlineLimit = null)
    {
        if (table.Rows.Count == 0)
        {
            Paragraph(Text[emptyKey]);
            return;
        }

        if (table.Rows.Count <= (inlineLimit ?? Options.InlineRowLimit))
        {
            Flow.Table(table);
            return;
        }

        string letter = AddAppendix(appendixTitle, context => context.Flow.Table(table));
        Paragraph(Text.Format("appendix.moved", table.Rows.Count, letter));
    }

    /// <summary>
    /// Formats an approval window written as an ISO 8601 interval (<c>2026-12-04T09:00+09:00/2026-12-04T18:00+09:00</c>)
    /// in the report's time zone, one end per line. Text that is not such an interval is shown as written.
    /// </summary>
    public string Window(string window)
    {
        string[] ends = window.Split('/');
        if (ends.Length == 2
            && DateTimeOffset.TryParse(ends[0], System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out DateTimeOffset start)
            && DateTimeOffset.TryParse(ends[1], System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out DateTimeOffset end))
        {
            return Text.Format("exceptions.time_range", Clock.DateTimeMinutes(start), Clock.DateTimeMinutes(end));
        }

        return OrDash(window);
    }

    public static string OrDash(string? value) => string.IsNullOrEmpty(value) ? "—" : value;
}
