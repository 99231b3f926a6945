using QueryAudit.Core.Reconciliation;
using QueryAudit.Core.Reporting;

namespace QueryAudit.Reports.Csv;

/// <summary>
/// Writes <c>approved-executions.csv</c>: one RFC 4180 record per approved execution, in the model's order, with a header row.
/// </summary>
public sealed class ApprovedExecutionsCsvRenderer : IReportRenderer
{
    /// <summary>Column names, in output order. Never reorder or rename a column.</summary>
    public static IReadOnlyList<string> Columns { get; } =
    [
        "executed_at_utc", "instance", "account", "client_host", "connection_id", "query_id", "database", "script",
        "script_statement", "ticket", "approvers", "window", "run", "match", "exact_hash", "source",
    ];

    public string FileName => "approved-executions.csv";

    public async Task RenderAsync(ReportModel model, Stream output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(output);

        await using StreamWriter text = new(output, CsvWriter.Encoding, bufferSize: 65536, leaveOpen: true);
        CsvWriter csv = new(text);
        csv.WriteByteOrderMark();
        csv.WriteRecord([.. Columns]);

        foreach (ApprovedExecution execution in model.ApprovedExecutions)
        {
            cancellationToken.ThrowIfCancellationRequested();

            csv.WriteField(CsvValues.UtcTimestamp(execution.ExecutedAt));
            csv.WriteField(execution.Instance);
            csv.WriteField(execution.Account);
            csv.WriteField(execution.ClientHost);
            csv.WriteField(execution.ConnectionId);
            csv.WriteField(execution.QueryId);
            csv.WriteField(execution.Database);
            csv.WriteField(execution.Script);
            csv.WriteField(execution.ScriptStatement);
            csv.WriteField(execution.Ticket);
            csv.WriteField(CsvValues.List(execution.Approvers));
            csv.WriteField(execution.Window);
            csv.WriteField(execution.Run);
            csv.WriteField(execution.Match);
            csv.WriteField(execution.ExactHash);
            csv.WriteField(execution.Source);
            csv.EndRecord();
        }

        await text.FlushAsync(cancellationToken).ConfigureAwait(false);
    }
}
