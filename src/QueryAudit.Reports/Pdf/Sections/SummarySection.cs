using QueryAudit.Core.Reconciliation;
using QueryAudit.Core.Reporting;
using QueryAudit.Reports.Json;
using QueryAudit.Reports.Layout;

namespace QueryAudit.Reports.Pdf.Sections;

/// <summary>
/// The summary: headline counts, exceptions by severity and status, one conclusion per control, and charts.
/// </summary>
internal static class SummarySection
{
    /// <summary>Statuses shown as columns, in the order the report discusses them.</summary>
    public static readonly string[] Statuses = ["open", "escalated", "explained", "dismissed"];

    public static void Write(ReportContext context)
    {
        ReportModel model = context.Model;
        ReportSummary summary = model.Summary;
        var text = context.Text;

        context.Flow.NewPage();
        context.Heading1(text["summary.title"]);
        context.Paragraph(text.Format("summary.intro", context.Clock.PeriodName(model.Header.PeriodStart, model.Header.PeriodEnd), summary.StatementsReconciled, model.Findings.Count));

        context.Heading2(text["summary.counts"]);
        context.KeyValues(
        [
            (text["summary.events_read"], Number(summary.EventsRead)),
            (text["summary.statements_reconciled"], Number(summary.StatementsReconciled)),
            (text["summary.approved_executions"], Number(summary.ApprovedExecutions)),
            (text["summary.application_statements"], Number(summary.ApplicationStatements)),
            (text["summary.system_statements"], Number(summary.SystemStatements)),
            (text["summary.informational_reads"], Number(summary.InformationalReads)),
            (text["summary.exempt_statements"], Number(summary.ExemptStatements)),
            (text["summary.statement_exceptions"], Number(summary.StatementExceptions)),
            (text["summary.unparsed_lines"], Number(summary.UnparsedLines)),
            (text["summary.exceptions"], Number(model.Findings.Count)),
        ], keyWeight: 0.45);

        context.Heading2(text["summary.by_severity"]);
        context.Flow.Table(SeverityStatusTable(context));

        context.Heading2(text["summary.controls"]);
        TableSpec controls = new()
        {
            Columns = [new TableColumn(text["summary.control"], 0.25), new TableColumn(text["summary.conclusion"], 0.75)],
            FontSize = 8,
        };
        foreach (ControlConclusion control in summary.Controls)
        {
            controls.AddRow(context.Text.ControlName(control.Control), Conclusion(context, control));
        }

        context.TableOrAppendix(controls, text["summary.controls"], "summary.no_controls");

        if (model.Findings.Count > 0)
        {
            Charts.HorizontalBars(context, text["summary.chart_by_kind"], [.. model.Findings
                .GroupBy(item => item.Finding.Kind, StringComparer.Ordinal)
                .Select(group => (Label: text.KindName(group.Key), Value: (long)group.Count()))
                .OrderByDescending(bar => bar.Value)
                .ThenBy(bar => bar.Label, StringComparer.Ordinal)]);

            Charts.DailyBars(context, text["summary.chart_by_day"], FindingsPerDay(context));
        }
    }

    /// <summary>Returns the one-line conclusion of a control, e.g. "All DDL in the period was approved."</summary>
    public static string Conclusion(ReportContext context, ControlConclusion control)
    {
        var text = context.Text;
        if (control.Exceptions == 0)
        {
            string clean = $"conclusion.{control.Control}.clean";
            return text.Has(clean) ? text[clean] : text["conclusion.generic.clean"];
        }

        string exceptions = $"conclusion.{control.Control}.exceptions";
        return text.Format(text.Has(exceptions) ? exceptions : "conclusion.generic.exceptions", control.Exceptions, control.Explained, control.Open);
    }

    /// <summary>Builds the table of exceptions by severity (rows) and status (columns), with totals.</summary>
    private static TableSpec SeverityStatusTable(ReportContext context)
    {
        var text = context.Text;
        IReadOnlyList<ReportFinding> findings = context.Model.Findings;
        List<string> statuses = [.. Statuses];
        statuses.AddRange(findings.Select(item => item.Status).Where(status => !statuses.Contains(status)).Distinct().Order(StringComparer.Ordinal));

        List<TableColumn> columns = [new TableColumn(text["summary.severity"], 1.4)];
        columns.AddRange(statuses.Select(status => new TableColumn(text.StatusName(status), 1, AlignRight: true)));
        columns.Add(new TableColumn(text["summary.total"], 1, AlignRight: true));
        TableSpec table = new() { Columns = columns, FontSize = 8 };

        foreach (Severity severity in Enum.GetValues<Severity>().OrderDescending())
        {
            List<ReportFinding> ofSeverity = [.. findings.Where(item => item.Finding.Severity == severity)];
            int total = context.Model.Summary.ExceptionsBySeverity.GetValueOrDefault(severity, ofSeverity.Count);
            List<string> row = [text.SeverityName(severity)];
            row.AddRange(statuses.Select(status => Number(ofSeverity.Count(item => item.Status == status))));
            row.Add(Number(total));
            table.AddRow(row);
        }

        List<string> totals = [text["summary.total"]];
        totals.AddRange(statuses.Select(status => Number(context.Model.Summary.ExceptionsByStatus.GetValueOrDefault(status, findings.Count(item => item.Status == status)))));
        totals.Add(Number(findings.Count));
        table.AddRow(totals);
        return table;
    }

    private static List<(DateOnly Day, long Value)> FindingsPerDay(ReportContext context)
    {
        Dictionary<DateOnly, long> counts = [];
        foreach (ReportFinding item in context.Model.Findings)
        {
            DateOnly day = context.Clock.Day(item.Finding.OccurredAt);
            counts[day] = counts.GetValueOrDefault(day) + 1;
        }

        return [.. PeriodDays(context).Select(day => (day, counts.GetValueOrDefault(day)))];
    }

    /// <summary>Returns the local days of the period, first to last.</summary>
    public static List<DateOnly> PeriodDays(ReportContext context)
    {
        ReportHeader header = context.Model.Header;
        DateOnly first = context.Clock.Day(header.PeriodStart);
        DateOnly last = context.Clock.Day(header.PeriodEnd.AddTicks(-1));
        List<DateOnly> days = [];
        for (DateOnly day = first; day <= last; day = day.AddDays(1))
        {
            days.Add(day);
        }

        return days;
    }

    private static string Number(long value) => Text.ReportText.Number(value);

    internal static int StatusOrder(string status) => ReportJsonRenderer.StatusOrder(status);
}
