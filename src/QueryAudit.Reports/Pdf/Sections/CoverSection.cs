using QueryAudit.Core.Reporting;
using QueryAudit.Reports.Layout;

namespace QueryAudit.Reports.Pdf.Sections;

/// <summary>
/// The cover: what the report is about (organisation, scope, period) and what produced it (tool, catalog, policy).
/// </summary>
internal static class CoverSection
{
    public static void Write(ReportContext context)
    {
        ReportHeader header = context.Model.Header;
        var text = context.Text;
        var clock = context.Clock;
        PageFlow flow = context.Flow;

        flow.Space(60);
        flow.Paragraph(text["cover.kicker"], Theme.Heading3.WithColor(Theme.Muted));
        flow.Heading(text["cover.title"], Theme.Title, TextRole.Title);
        flow.Heading(clock.PeriodName(header.PeriodStart, header.PeriodEnd), Theme.Heading1.WithColor(Theme.Ink), TextRole.Heading2);
        if (header.Organisation.Length > 0)
        {
            flow.Paragraph(header.Organisation, Theme.Heading2);
        }

        if (header.Amendment is { } amendment)
        {
            flow.Space(10);
            Notice(context, text.Format(
                "cover.amendment_notice",
                amendment.Number,
                clock.DateTime(amendment.FrozenAt),
                amendment.AmendsReportSha256,
                amendment.LateEvents));
        }

        flow.Space(24);
        context.KeyValues(
        [
            (text["cover.organisation"], ReportContext.OrDash(header.Organisation)),
            (text["cover.clusters"], text.Join(header.Clusters)),
            (text["cover.instances"], text.Join(header.Instances)),
            (text["cover.period"], PeriodValue(context)),
            (text["cover.time_zone"], clock.ZoneLabel(header.PeriodStart)),
            (text["cover.generated_at"], clock.DateTime(header.GeneratedAt)),
            (text["cover.tool_version"], header.ToolVersion),
            (text["cover.catalog_commit"], ReportContext.OrDash(header.CatalogCommit)),
            (text["cover.catalog_hash"], header.CatalogHash),
            (text["cover.policy_hash"], header.PolicyHash),
            (text["cover.report_id"], header.ReportId),
            (text["cover.literals"], header.IncludeLiterals ? text["cover.literals_included"] : text["cover.literals_masked"]),
        ]);

        if (header.IncludeLiterals)
        {
            flow.Space(10);
            Notice(context, text["cover.literals_notice"]);
        }

        flow.Space(14);
        context.Note(text["cover.confidential"]);
    }

    /// <summary>Draws a shaded, framed box around a short text, kept on one page.</summary>
    public static void Notice(ReportContext context, string message)
    {
        PageFlow flow = context.Flow;
        const double Padding = 6;
        TextStyle style = Theme.Body.WithBold();
        List<TextLine> lines = flow.Breaker.Break(message, flow.Geometry.ContentWidth - (2 * Padding), style);
        double height = (lines.Count * style.LineHeight) + (2 * Padding);
        StructureNode paragraph = new(StructureKind.Paragraph);
        flow.Block(height + 4, (ops, left, top) =>
        {
            ops.Add(new RectOp(left, top, flow.Geometry.ContentWidth, height, Theme.NoticeFill, Theme.NoticeStroke, 0.8));
            for (int i = 0; i < lines.Count; i++)
            {
                ops.Add(new TextOp(left + Padding, top + Padding + (i * style.LineHeight), lines[i].Text, style) { Node = paragraph });
            }
        });
    }

    /// <summary>
    /// Formats the period's local start and end to the minute, or to the second when either does not fall on a whole
    /// minute (a --from/--to period), so that the cover does not round a short period.
    /// </summary>
    private static string PeriodValue(ReportContext context)
    {
        ReportHeader header = context.Model.Header;
        bool wholeMinutes = header.PeriodStart.UtcTicks % TimeSpan.TicksPerMinute == 0 && header.PeriodEnd.UtcTicks % TimeSpan.TicksPerMinute == 0;
        return wholeMinutes
            ? context.Text.Format("cover.period_value", context.Clock.DateTimeMinutes(header.PeriodStart), context.Clock.DateTimeMinutes(header.PeriodEnd))
            : context.Text.Format("cover.period_value", context.Clock.DateTime(header.PeriodStart), context.Clock.DateTime(header.PeriodEnd));
    }
}
