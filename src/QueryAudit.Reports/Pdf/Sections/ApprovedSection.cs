using QueryAudit.Core.Reconciliation;
using QueryAudit.Core.Reporting;
using QueryAudit.Reports.Layout;
using QueryAudit.Reports.Text;

namespace QueryAudit.Reports.Pdf.Sections;

/// <summary>
/// Approved executions: the runs of each approved script, every execution with its approvers and window, and the
/// audit sample.
/// </summary>
internal static class ApprovedSection
{
    public static void Write(ReportContext context)
    {
        ReportModel model = context.Model;
        ReportText text = context.Text;

        context.Flow.NewPage();
        context.Heading1(text["approved.title"]);
        context.Paragraph(text.Format("approved.intro", model.ApprovedExecutions.Count, model.ScriptRuns.Count));

        context.Heading2(text["approved.scripts"]);
        TableSpec scripts = new()
        {
            Columns =
            [
                new TableColumn(text["column.script"], 2.2),
                new TableColumn(text["column.ticket"], 1) { NoWrap = true },
                new TableColumn(text["column.approvers"], 1),
                new TableColumn(text["column.executors"], 1),
                new TableColumn(text["column.window"], 1.6) { NoWrap = true },
                new TableColumn(text["column.statements_run"], 0.8, AlignRight: true),
                new TableColumn(text["column.runs"], 0.6, AlignRight: true),
            ],
            FontSize = 7,
        };
        foreach (ScriptRunSummary run in model.ScriptRuns)
        {
            scripts.AddRow(
                run.Script + "\n" + text.Format("approved.script_kind", ScriptKind(text, run.Kind)),
                ReportContext.OrDash(run.Ticket),
                text.Join(run.Approvers),
                text.Join(run.Executors),
                context.Window(run.Window),
                text.Format("approved.statements_of", run.StatementsExecuted, run.Statements),
                ReportText.Number(run.Executions));
        }

        context.TableOrAppendix(scripts, text["approved.scripts"], "approved.no_scripts");

        context.Heading2(text["approved.executions"]);
        context.TableOrAppendix(ExecutionTable(context, model.ApprovedExecutions), text["approved.executions"], "approved.no_executions");

        context.Heading2(text["approved.sample"]);
        context.Paragraph(text.Format("approved.sample_intro", model.AuditSample.Count, model.ApprovedExecutions.Count));
        TableSpec sample = ExecutionTable(context, model.AuditSample);
        if (sample.Rows.Count == 0)
        {
            context.Paragraph(text["approved.no_sample"]);
        }
        else
        {
            // The sample is what the auditor tests, so it stays in the section whatever its length.
            context.Flow.Table(sample);
        }
    }

    private static TableSpec ExecutionTable(ReportContext context, IReadOnlyList<ApprovedExecution> executions)
    {
        ReportText text = context.Text;
        TableSpec table = new()
        {
            Columns =
            [
                new TableColumn(text["column.executed_at"], 1.1) { NoWrap = true },
                new TableColumn(text["column.executor"], 1.3),
                new TableColumn(text["column.script"], 2),
                new TableColumn(text["column.ticket"], 0.9) { NoWrap = true },
                new TableColumn(text["column.approvers"], 0.9),
                new TableColumn(text["column.window"], 1.4) { NoWrap = true },
                new TableColumn(text["column.run"], 0.5, AlignRight: true),
            ],
            FontSize = 7,
        };
        foreach (ApprovedExecution execution in executions)
        {
            string executor = string.Join('\n', new[] { execution.Account, execution.ClientHost, execution.Instance }.Where(part => part.Length > 0));
            string script = text.Format("exceptions.script_statement", execution.Script, execution.ScriptStatement);
            if (execution.Match != "exact")
            {
                script += "\n" + text.Format("approved.match", MatchName(text, execution.Match));
            }

            table.AddRow(
                context.Clock.DateTime(execution.ExecutedAt),
                executor,
                script,
                ReportContext.OrDash(execution.Ticket),
                text.Join(execution.Approvers),
                context.Window(execution.Window),
                ReportText.Number(execution.Run));
        }

        return table;
    }

    private static string ScriptKind(ReportText text, string kind) => text.Has("script_kind." + kind) ? text["script_kind." + kind] : kind;

    private static string MatchName(ReportText text, string match) => text.Has("match." + match) ? text["match." + match] : match;
}
