using System.Text.Encodings.Web;
using System.Text.Json;
using QueryAudit.Core.Reconciliation;
using QueryAudit.Core.Reporting;
using QueryAudit.Reports.Csv;

namespace QueryAudit.Reports.Json;

/// <summary>
/// Writes <c>report.json</c>: the whole report model as UTF-8 JSON with snake_case names, UTC instants ending in <c>Z</c>,
/// and a fixed property and element order, so the same model always gives the same bytes.
/// </summary>
public sealed class ReportJsonRenderer : IReportRenderer
{
    /// <summary>Version of the JSON layout; raised when a property changes meaning (adding one does not).</summary>
    public const int SchemaVersion = 1;

    private static readonly ReportJsonContext Context = new(new JsonSerializerOptions(ReportJsonContext.Default.Options)
    {
        // The file is read by tools and people, never embedded in HTML, so Japanese text stays readable instead of \u-escaped.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    public string FileName => "report.json";

    public async Task RenderAsync(ReportModel model, Stream output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(output);

        ReportJsonDocument document = ToDocument(model);
        await JsonSerializer.SerializeAsync(output, document, Context.ReportJsonDocument, cancellationToken).ConfigureAwait(false);
        await output.WriteAsync("\n"u8.ToArray(), cancellationToken).ConfigureAwait(false);
    }

    internal static ReportJsonDocument ToDocument(ReportModel model)
    {
        ReportHeader header = model.Header;
        ReportSummary summary = model.Summary;
        CompletenessReport completeness = model.Completeness;

        HeaderJson headerJson = new(
            header.ReportId,
            header.Organisation,
            header.Clusters,
            header.Instances,
            header.PeriodStart.UtcDateTime,
            header.PeriodEnd.UtcDateTime,
            header.TimeZone,
            header.PeriodLabel,
            header.GeneratedAt.UtcDateTime,
            header.ToolVersion,
            header.CatalogCommit,
            header.CatalogHash,
            header.PolicyHash,
            header.Language,
            header.IncludeLiterals);

        SummaryJson summaryJson = new(
            summary.EventsRead,
            summary.StatementsReconciled,
            summary.ApprovedExecutions,
            summary.SystemStatements,
            summary.ApplicationStatements,
            summary.InformationalReads,
            summary.ExemptStatements,
            summary.StatementExceptions,
            summary.UnparsedLines,
            [.. summary.ExceptionsBySeverity.OrderByDescending(pair => pair.Key).Select(pair => new CountJson(CsvValues.SeverityName(pair.Key), pair.Value))],
            [.. summary.ExceptionsByStatus.OrderBy(pair => StatusOrder(pair.Key)).ThenBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => new CountJson(pair.Key, pair.Value))],
            [.. summary.Controls.Select(control => new ControlJson(control.Control, control.Exceptions, control.Explained, control.Open))]);

        CompletenessJson completenessJson = new(
            [.. completeness.Instances.Select(ToJson)],
            [.. completeness.Gaps.Select(gap => new GapJson(gap.Instance, gap.From.UtcDateTime, gap.To.UtcDateTime, gap.Reason, CsvValues.SnakeCase(gap.Cause.ToString())))],
            completeness.UnparsedLines,
            [.. completeness.UnparsedBySource.OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => new CountJson(pair.Key, pair.Value))],
            [.. completeness.UnreadRestBySource.OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => new UnreadInputJson(pair.Key, pair.Value))],
            completeness.DuplicatesRemoved,
            completeness.EventsOutsidePeriod,
            completeness.LateEvents,
            completeness.AuditConfigChanges,
            [.. completeness.Inputs.Select(input => new InputJson(input.Name, input.Sha256, input.Bytes, input.Lines, input.Events, input.Unparsed, input.Format))]);

        MethodJson methodJson = new(
            model.Method.Sources,
            model.Method.Formats,
            [.. model.Method.Policy.Select(pair => new PolicySettingJson(pair.Key, pair.Value))],
            model.Method.TemplateAlgorithmVersion);

        return new ReportJsonDocument(
            SchemaVersion,
            headerJson,
            summaryJson,
            completenessJson,
            [.. model.Findings.Select(item => ToJson(item, header.IncludeLiterals))],
            [.. model.ApprovedExecutions.Select(ToJson)],
            [.. model.AuditSample.Select(ToJson)],
            [.. model.ScriptRuns.Select(run => new ScriptRunJson(run.Script, run.Kind, run.Ticket, run.Approvers, run.Executors, run.Window, run.Statements, run.StatementsExecuted, run.Executions))],
            methodJson);
    }

    /// <summary>Orders statuses as the report discusses them: open first, then the reviewed outcomes.</summary>
    internal static int StatusOrder(string status) => status switch
    {
        "open" => 0,
        "escalated" => 1,
        "explained" => 2,
        "dismissed" => 3,
        "suppressed" => 4,
        _ => 5,
    };

    private static InstanceCoverageJson ToJson(InstanceCoverage coverage) => new(
        coverage.Instance,
        coverage.FirstEvent?.UtcDateTime,
        coverage.LastEvent?.UtcDateTime,
        coverage.Events,
        [.. coverage.HourlyCounts.OrderBy(pair => pair.Key).Select(pair => new HourCountJson(pair.Key.UtcDateTime, pair.Value))]);

    private static FindingJson ToJson(ReportFinding item, bool includeLiterals)
    {
        Finding finding = item.Finding;
        return new FindingJson(
            finding.Id,
            CsvValues.SeverityName(finding.Severity),
            finding.Kind,
            finding.OccurredAt.UtcDateTime,
            finding.EndsAt?.UtcDateTime,
            finding.Instance,
            finding.Account,
            finding.ClientHost,
            finding.ConnectionId,
            finding.QueryId,
            finding.Database,
            finding.StatementKind is null ? null : CsvValues.StatementKindName(finding.StatementKind),
            finding.Template,
            finding.MaskedStatement,
            // Literals may hold personal data, so the full text leaves the store only when the operator asked for it.
            includeLiterals ? finding.Statement : null,
            finding.RetCode,
            finding.Reason,
            finding.Script,
            finding.ScriptStatement,
            finding.Source,
            finding.EventCount,
            item.Status,
            item.Reviewers,
            item.Ticket,
            item.Note);
    }

    private static ExecutionJson ToJson(ApprovedExecution execution) => new(
        execution.ExecutedAt.UtcDateTime,
        execution.Instance,
        execution.Account,
        execution.ClientHost,
        execution.ConnectionId,
        execution.QueryId,
        execution.Database,
        execution.Script,
        execution.ScriptStatement,
        execution.Ticket,
        execution.Approvers,
        execution.Window,
        execution.Run,
        execution.Match,
        execution.ExactHash,
        execution.Source);
}
