using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using QueryAudit.Core.Reconciliation;

namespace QueryAudit.Storage.Ado;

/// <summary>
/// Reads and writes rows of <c>approved_executions</c>.
/// </summary>
internal static class ApprovedExecutionRows
{
    private static readonly string[] Columns =
    [
        "id", "executed_at", "instance", "account", "client_host", "connection_id", "query_id", "database_name", "script",
        "script_statement", "ticket", "approvers", "window_text", "run", "exact_hash", "match_kind", "source",
    ];

    /// <summary>
    /// Returns the row key: SHA-256 of source, script and statement number. One audit record matches one approved
    /// statement at most once, so the key is stable across re-runs of the same inputs.
    /// </summary>
    public static string KeyOf(ApprovedExecution execution) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
            execution.Source + "\n" + execution.Script + "#" + execution.ScriptStatement.ToString(CultureInfo.InvariantCulture))));

    public static async Task UpsertAsync(
        DbConnection connection, DbTransaction transaction, SqlDialect dialect, IEnumerable<ApprovedExecution> executions, CancellationToken cancellationToken)
    {
        using DbCommand command = connection.CreateCommand(transaction, dialect.Upsert("approved_executions", "id", Columns));
        foreach (string column in Columns)
        {
            command.With(column, null);
        }

        foreach (ApprovedExecution execution in executions)
        {
            command.Set("id", KeyOf(execution));
            command.Set("executed_at", StoredTime.ToTicks(execution.ExecutedAt));
            command.Set("instance", execution.Instance);
            command.Set("account", execution.Account);
            command.Set("client_host", execution.ClientHost);
            command.Set("connection_id", execution.ConnectionId);
            command.Set("query_id", execution.QueryId);
            command.Set("database_name", execution.Database);
            command.Set("script", execution.Script);
            command.Set("script_statement", execution.ScriptStatement);
            command.Set("ticket", execution.Ticket);
            command.Set("approvers", StoredJson.FromList(execution.Approvers));
            command.Set("window_text", execution.Window);
            command.Set("run", execution.Run);
            command.Set("exact_hash", execution.ExactHash);
            command.Set("match_kind", execution.Match);
            command.Set("source", execution.Source);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Returns the executions whose time is in [from, to), or of one connection when <paramref name="connection"/> is given.</summary>
    public static async Task<IReadOnlyList<ApprovedExecution>> FindAsync(
        DbConnection db, DateTimeOffset from, DateTimeOffset to, (string Instance, long ConnectionId)? connection, CancellationToken cancellationToken)
    {
        string where = "executed_at >= @from AND executed_at < @to";
        if (connection is not null)
        {
            where += " AND instance = @instance AND connection_id = @connection_id";
        }

        using DbCommand command = db.CreateCommand(null, $"SELECT {string.Join(", ", Columns)} FROM approved_executions WHERE {where} ORDER BY executed_at, source, script, script_statement")
            .With("from", StoredTime.ToTicks(from))
            .With("to", StoredTime.ToTicks(to));
        if (connection is { } c)
        {
            command.With("instance", c.Instance).With("connection_id", c.ConnectionId);
        }

        List<ApprovedExecution> executions = [];
        using DbDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            executions.Add(new ApprovedExecution
            {
                ExecutedAt = reader.GetTime(1),
                Instance = reader.GetString(2),
                Account = reader.GetString(3),
                ClientHost = reader.GetString(4),
                ConnectionId = reader.GetInt64(5),
                QueryId = reader.GetInt64(6),
                Database = reader.GetString(7),
                Script = reader.GetString(8),
                ScriptStatement = reader.GetInt32Value(9),
                Ticket = reader.GetNullableString(10),
                Approvers = StoredJson.ToList(reader.GetString(11)),
                Window = reader.GetString(12),
                Run = reader.GetInt32Value(13),
                ExactHash = reader.GetString(14),
                Match = reader.GetString(15),
                Source = reader.GetString(16),
            });
        }

        return executions;
    }
}
