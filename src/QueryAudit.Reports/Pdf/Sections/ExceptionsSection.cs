using QueryAudit.Core.Reconciliation;
using QueryAudit.Core.Reporting;
using QueryAudit.Reports.Layout;
using QueryAudit.Reports.Text;

namespace QueryAudit.Reports.Pdf.Sections;

/// <summary>
/// Exceptions: counts by severity and kind, the open ones listed on their own, then every exception grouped by
/// severity then kind with its statement, reason and disposition.
/// </summary>
internal static class ExceptionsSection
{
    public static void Write(ReportContext context)
    {
        ReportText text = context.Text;
        IReadOnlyList<ReportFinding> findings = context.Model.Findings;

        context.Flow.NewPage();
        context.Heading1(text["exceptions.title"]);
        context.Paragraph(text.Format("exceptions.intro", findings.Count, context.Clock.ZoneLabel(context.Model.Header.PeriodStart)));
        if (context.Model.Header.IncludeLiterals)
        {
            context.Paragraph(text["exceptions.literals_included"]);
        }

        if (findings.Count == 0)
        {
            context.Paragraph(text["exceptions.none"]);
            return;
        }

        context.Heading2(text["exceptions.by_kind"]);
        context.Flow.Table(KindTable(context));

        context.Heading2(text["exceptions.open"]);
        List<ReportFinding> open = [.. findings.Where(item => item.Status is "open" or "escalated")];
        TableSpec openTable = new()
        {
            Columns =
            [
                new TableColumn(text["column.id"], 1.3) { NoWrap = true },
                new TableColumn(text["column.time"], 1.2) { NoWrap = true },
                new TableColumn(text["column.severity"], 0.7),
                new TableColumn(text["column.kind"], 1.6),
                new TableColumn(text["column.instance_account"], 1.7),
                new TableColumn(text["column.status"], 0.8),
            ],
            FontSize = 7,
        };
        foreach (ReportFinding item in open)
        {
            Finding finding = item.Finding;
            openTable.AddRow(finding.Id, context.Clock.DateTime(finding.OccurredAt), text.SeverityName(finding.Severity), text.KindName(finding.Kind), finding.Instance + "\n" + finding.Account, text.StatusName(item.Status));
        }

        context.TableOrAppendix(openTable, text["exceptions.open"], "exceptions.no_open", context.Options.InlineFindingLimit);

        // Room for the severity and kind headings, the kind's description and a first row, which follow at once.
        context.Heading2(text["exceptions.details"], keepWithNext: 130);
        if (findings.Count <= context.Options.InlineFindingLimit)
        {
            WriteDetails(context);
        }
        else
        {
            string letter = context.AddAppendix(text["exceptions.details"], WriteDetails);
            context.Paragraph(text.Format("appendix.moved", findings.Count, letter));
        }
    }

    /// <summary>Writes every exception, grouped by severity (highest first) then kind, one table per group.</summary>
    private static void WriteDetails(ReportContext context)
    {
        ReportText text = context.Text;
        foreach (IGrouping<Severity, ReportFinding> severity in context.Model.Findings.GroupBy(item => item.Finding.Severity).OrderByDescending(group => group.Key))
        {
            context.Heading2(text.Format("exceptions.severity_heading", text.SeverityName(severity.Key), severity.Count()), keepWithNext: 110);
            foreach (IGrouping<string, ReportFinding> kind in severity.GroupBy(item => item.Finding.Kind, StringComparer.Ordinal).OrderBy(group => group.Key, StringComparer.Ordinal))
            {
                // Keep the heading with the kind's description, the table header and a first row.
                context.Heading3(text.Format("exceptions.kind_heading", text.KindName(kind.Key), kind.Count()), keepWithNext: 90);
                string description = text.KindDescription(kind.Key);
                if (description.Length > 0)
                {
                    context.Note(description);
                }

                context.Flow.Table(DetailTable(context, kind));
            }
        }
    }

    private static TableSpec DetailTable(ReportContext context, IEnumerable<ReportFinding> findings)
    {
        ReportText text = context.Text;
        TableSpec table = new()
        {
            Columns =
            [
                new TableColumn(text["column.id_time"], 1.25) { NoWrap = true },
                new TableColumn(text["column.where_who"], 1.4),
                new TableColumn(text["column.statement_reason"], 3),
                new TableColumn(text["column.script"], 1.3),
                new TableColumn(text["column.disposition"], 1.6),
            ],
            FontSize = 7,
        };

        bool literals = context.Model.Header.IncludeLiterals;
        foreach (ReportFinding item in findings)
        {
            Finding finding = item.Finding;
            string when = finding.EndsAt is { } end
                ? text.Format("exceptions.time_range", context.Clock.DateTime(finding.OccurredAt), context.Clock.DateTime(end))
                : context.Clock.DateTime(finding.OccurredAt);
            string where = string.Join('\n', new[] { finding.Instance, finding.Account, finding.ClientHost, finding.Database }.Where(part => part.Length > 0));
            string statement = (literals ? finding.Statement : null) ?? finding.MaskedStatement ?? "";
            string reason = ReasonText.Format(context, finding);
            reason = reason.Length == 0 ? "" : text.Format("exceptions.reason", reason);
            string script = finding.Script is null ? "—" : finding.ScriptStatement is { } number ? text.Format("exceptions.script_statement", finding.Script, number) : finding.Script;

            List<string> disposition = [text.StatusName(item.Status)];
            if (item.Reviewers.Count > 0)
            {
                disposition.Add(text.Format("exceptions.reviewers", text.Join(item.Reviewers)));
            }

            if (!string.IsNullOrEmpty(item.Ticket))
            {
                disposition.Add(text.Format("exceptions.ticket", item.Ticket));
            }

            if (!string.IsNullOrEmpty(item.Note))
            {
                disposition.Add(text.Format("exceptions.note", item.Note));
            }

            table.AddRow(
                finding.Id + "\n" + when,
                where,
                string.Join('\n', new[] { statement, reason }.Where(part => part.Length > 0)),
                script,
                string.Join('\n', disposition));
        }

        return table;
    }

    private static TableSpec KindTable(ReportContext context)
    {
        ReportText text = context.Text;
        List<TableColumn> columns =
        [
            new TableColumn(text["column.severity"], 0.9),
            new TableColumn(text["column.kind"], 2.2),
        ];
        columns.AddRange(SummarySection.Statuses.Select(status => new TableColumn(text.StatusName(status), 0.8, AlignRight: true)));
        columns.Add(new TableColumn(text["summary.total"], 0.7, AlignRight: true));
        TableSpec table = new() { Columns = columns, FontSize = 7.5 };

        var groups = context.Model.Findings
            .GroupBy(item => (item.Finding.Severity, item.Finding.Kind))
            .OrderByDescending(group => group.Key.Severity)
            .ThenBy(group => group.Key.Kind, StringComparer.Ordinal);
        foreach (var group in groups)
        {
            List<string> row = [text.SeverityName(group.Key.Severity), text.KindName(group.Key.Kind)];
            row.AddRange(SummarySection.Statuses.Select(status => ReportText.Number(group.Count(item => item.Status == status))));
            row.Add(ReportText.Number(group.Count()));
            table.AddRow(row);
        }

        return table;
    }
}
