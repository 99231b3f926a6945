using QueryAudit.Core.Reporting;

namespace QueryAudit.Reports.Csv;

/// <summary>
/// Writes <c>findings.csv</c>: one RFC 4180 record per exception, in the model's order, with a header row.
/// </summary>
public sealed class FindingsCsvRenderer : IReportRenderer
{
    /// <summary>Column names, in output order. Never reorder or rename a column: auditors' spreadsheets read them by position.</summary>
    public static IReadOnlyList<string> Columns { get; } =
    [
        "id", "severity", "kind", "occurred_at_utc", "instance", "account", "client_host", "connection_id", "query_id",
        "database", "statement_kind", "template", "source", "reason", "script", "masked_statement", "status", "event_count",
    ];

    public string FileName => "findings.csv";

    public async Task RenderAsync(ReportModel model, Stream output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(output);

        await using StreamWriter text = new(output, CsvWriter.Encoding, bufferSize: 65536, leaveOpen: true);
        CsvWriter csv = new(text);
        csv.WriteByteOrderMark();
        csv.WriteRecord([.. Columns]);

        foreach (ReportFinding item in model.Findings)
        {
            cancellationToken.ThrowIfCancellationRequested();

            var finding = item.Finding;
            csv.WriteField(finding.Id);
            csv.WriteField(CsvValues.SeverityName(finding.Severity));
            csv.WriteField(finding.Kind);
            csv.WriteField(CsvValues.UtcTimestamp(finding.OccurredAt));
            csv.WriteField(finding.Instance);
            csv.WriteField(finding.Account);
            csv.WriteField(finding.ClientHost);
            csv.WriteField(finding.ConnectionId);
            csv.WriteField(finding.QueryId);
            csv.WriteField(finding.Database);
            csv.WriteField(CsvValues.StatementKindName(finding.StatementKind));
            csv.WriteField(finding.Template);
            csv.WriteField(finding.Source);
            csv.WriteField(finding.Reason);
            csv.WriteField(finding.Script);
            csv.WriteField(finding.MaskedStatement);
            csv.WriteField(item.Status);
            csv.WriteField(finding.EventCount);
            csv.EndRecord();
        }

        await text.FlushAsync(cancellationToken).ConfigureAwait(false);
    }
}
