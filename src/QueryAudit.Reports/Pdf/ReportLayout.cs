using QueryAudit.Core.Reporting;
using QueryAudit.Reports.Layout;
using QueryAudit.Reports.Pdf.Sections;
using QueryAudit.Reports.Text;

namespace QueryAudit.Reports.Pdf;

/// <summary>
/// Lays out the whole report, section by section in the order an auditor reads it, then the appendices, then
/// the footers with the period and "page N of M".
/// </summary>
internal static class ReportLayout
{
    public static IReadOnlyList<LaidOutPage> Build(ReportModel model, ReportText text, ITextMeasurer measurer, PdfReportOptions options)
    {
        PageFlow flow = new(PageGeometry.A4, measurer);
        ReportContext context = new(model, text, flow, options);

        CoverSection.Write(context);
        SummarySection.Write(context);
        CompletenessSection.Write(context);
        ExceptionsSection.Write(context);
        ApprovedSection.Write(context);
        MethodSection.Write(context);
        SignOffSection.Write(context);

        // An appendix may queue another one while it is written, so the list is read by index.
        for (int i = 0; i < context.Appendices.Count; i++)
        {
            (string title, Action<ReportContext> write) = context.Appendices[i];
            flow.NewPage();
            context.Heading1(text.Format("appendix.title", (char)('A' + i), title));
            write(context);
        }

        string period = context.Clock.PeriodName(model.Header.PeriodStart, model.Header.PeriodEnd);
        string footer = text.Format("footer.left", text["cover.title"], period, model.Header.ReportId);
        if (flow.Breaker.Break(footer, flow.FooterLeftWidth, Theme.Footer).Count > 1)
        {
            // Readers search for the report id as a whole, so a footer that needs two lines puts it on the second one.
            footer = text.Format("footer.left_two_lines", text["cover.title"], period, model.Header.ReportId);
        }

        flow.AddFooters((_, _) => footer, (page, pages) => text.Format("footer.page", page, pages), Theme.Footer);
        return flow.Pages;
    }
}
