using QueryAudit.Reports.Layout;
using QueryAudit.Reports.Text;

namespace QueryAudit.Reports.Pdf.Sections;

/// <summary>
/// Sign-off: prepared, reviewed and approved by, each with name, date and a signature line.
/// </summary>
internal static class SignOffSection
{
    public static void Write(ReportContext context)
    {
        ReportText text = context.Text;

        context.Flow.NewPage();
        context.Heading1(text["signoff.title"]);
        context.Paragraph(text.Format("signoff.statement", context.Model.Header.ReportId, context.Clock.PeriodName(context.Model.Header.PeriodStart, context.Model.Header.PeriodEnd)));
        context.Flow.Space(6);

        TableSpec table = new()
        {
            Columns =
            [
                new TableColumn(text["signoff.role"], 1.1),
                new TableColumn(text["signoff.name"], 1.5),
                new TableColumn(text["signoff.date"], 1),
                new TableColumn(text["signoff.signature"], 1.8),
            ],
            FontSize = 8.5,
            Zebra = false,
            MinRowHeight = 46,
            BoldFirstColumn = true,
        };
        foreach (string role in (string[])["signoff.prepared_by", "signoff.reviewed_by", "signoff.approved_by"])
        {
            table.AddRow(text[role], "", "", "");
        }

        context.Flow.Table(table);
        context.Note(text["signoff.note"]);
    }
}
