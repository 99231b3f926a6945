using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using QueryAudit.Core.Reconciliation;
using QueryAudit.Core.State;
using QueryAudit.Core.Triage;
using QueryAudit.Sql;

namespace QueryAudit.Storage.Ado;

/// <summary>
/// Reads and writes rows of <c>findings</c> joined with <c>dispositions</c>.
/// </summary>
internal static class FindingRows
{
    public static readonly string[] Columns =
    [
        "id", "severity", "kind", "occurred_at", "ends_at", "instance", "account", "client_host", "connection_id", "query_id",
        "database_name", "statement_kind", "template", "template_hash", "masked_statement", "statement", "ret_code", "reason",
        "script", "script_statement", "source", "event_count", "first_stored_at", "updated_at",
    ];

    private const string SelectList =
        "f.id, f.severity, f.kind, f.occurred_at, f.ends_at, f.instance, f.account, f.client_host, f.connection_id, f.query_id, " +
        "f.database_name, f.statement_kind, f.template, f.template_hash, f.masked_statement, f.statement, f.ret_code, f.reason, " +
        "f.script, f.script_statement, f.source, f.event_count, " +
        "d.status, d.reviewers, d.ticket, d.note, d.proposed_status, d.suppression_rule_id, d.updated_at";

    /// <summary>Returns the lower-case hex SHA-256 of a template, as <see cref="NormalizedStatement.TemplateHash"/> computes it.</summary>
    public static string? TemplateHashOf(string? template) =>
        template is null ? null : Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(template)));

    /// <summary>Returns a command that upserts one finding per <see cref="Bind"/>; the first-stored time survives updates.</summary>
    public static DbCommand CreateUpsert(DbConnection connection, DbTransaction transaction, SqlDialect dialect)
    {
        DbCommand command = connection.CreateCommand(transaction, dialect.Upsert("findings", "id", Columns, "first_stored_at"));
        foreach (string column in Columns)
        {
            command.With(column, null);
        }

        return command;
    }

    public static void Bind(DbCommand command, Finding finding, string? templateHash, DateTimeOffset now)
    {
        command.Set("id", finding.Id);
        command.Set("severity", (int)finding.Severity);
        command.Set("kind", finding.Kind);
        command.Set("occurred_at", StoredTime.ToTicks(finding.OccurredAt));
        command.Set("ends_at", StoredTime.ToTicks(finding.EndsAt));
        command.Set("instance", finding.Instance);
        command.Set("account", finding.Account);
        command.Set("client_host", finding.ClientHost);
        command.Set("connection_id", finding.ConnectionId);
        command.Set("query_id", finding.QueryId);
        command.Set("database_name", finding.Database);
        command.Set("statement_kind", finding.StatementKind?.ToString());
        command.Set("template", finding.Template);
        command.Set("template_hash", templateHash);
        command.Set("masked_statement", finding.MaskedStatement);
        command.Set("statement", finding.Statement);
        command.Set("ret_code", finding.RetCode);
        command.Set("reason", finding.Reason);
        command.Set("script", finding.Script);
        command.Set("script_statement", finding.ScriptStatement);
        command.Set("source", finding.Source);
        command.Set("event_count", finding.EventCount);
        command.Set("first_stored_at", StoredTime.ToTicks(now));
        command.Set("updated_at", StoredTime.ToTicks(now));
    }

    /// <summary>Runs a filtered SELECT; with <paramref name="lockRows"/> the rows stay locked until the transaction ends.</summary>
    public static async Task<IReadOnlyList<StoredFinding>> FindAsync(
        DbConnection connection, DbTransaction? transaction, SqlDialect dialect, FindingFilter filter, bool lockRows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        using DbCommand command = connection.CreateCommand(transaction, "");
        StringBuilder sql = new($"SELECT {SelectList} FROM findings f LEFT JOIN dispositions d ON d.finding_id = f.id WHERE 1 = 1");
        AppendFilter(sql, command, filter);
        sql.Append(" ORDER BY f.occurred_at, f.id");
        if (filter.Limit is { } limit)
        {
            sql.Append(" LIMIT ").Append(limit.ToString(CultureInfo.InvariantCulture));
        }

        if (lockRows)
        {
            sql.Append(dialect.ForUpdate);
        }

        command.CommandText = sql.ToString();
        return await ReadAsync(command, cancellationToken).ConfigureAwait(false);
    }

    private static void AppendFilter(StringBuilder sql, DbCommand command, FindingFilter filter)
    {
        if (filter.From is { } from)
        {
            sql.Append(" AND f.occurred_at >= @from");
            command.With("from", StoredTime.ToTicks(from));
        }

        if (filter.To is { } to)
        {
            sql.Append(" AND f.occurred_at < @to");
            command.With("to", StoredTime.ToTicks(to));
        }

        AppendIn(sql, command, "f.severity", "severity", filter.Severities.Select(s => (object)(int)s).ToList());
        AppendIn(sql, command, "f.kind", "kind", filter.Kinds.Cast<object>().ToList());
        AppendIn(sql, command, "f.account", "account", filter.Accounts.Cast<object>().ToList());
        AppendIn(sql, command, "f.instance", "instance", filter.Instances.Cast<object>().ToList());
        AppendIn(sql, command, "COALESCE(d.status, 'open')", "status", filter.Statuses.Cast<object>().ToList());
        AppendIn(sql, command, "f.id", "id", filter.Ids.Cast<object>().ToList());
        if (filter.TemplateHash is { } templateHash)
        {
            sql.Append(" AND f.template_hash = @template_hash");
            command.With("template_hash", templateHash.ToLowerInvariant());
        }

        if (!string.IsNullOrEmpty(filter.Text))
        {
            // '!' as the LIKE escape character, because a backslash means something different in MySQL and SQLite strings.
            string pattern = "%" + filter.Text.ToLowerInvariant().Replace("!", "!!", StringComparison.Ordinal)
                .Replace("%", "!%", StringComparison.Ordinal).Replace("_", "!_", StringComparison.Ordinal) + "%";
            sql.Append(" AND (");
            string[] columns = ["f.statement", "f.masked_statement", "f.reason", "f.account", "f.script", "f.source", "f.id"];
            sql.AppendJoin(" OR ", columns.Select(c => $"LOWER(COALESCE({c}, '')) LIKE @text ESCAPE '!'"));
            sql.Append(')');
            command.With("text", pattern);
        }
    }

    private static void AppendIn(StringBuilder sql, DbCommand command, string column, string prefix, List<object> values)
    {
        if (values.Count == 0)
        {
            return;
        }

        sql.Append(" AND ").Append(column).Append(" IN (");
        for (int i = 0; i < values.Count; i++)
        {
            string name = prefix + "_" + i.ToString(CultureInfo.InvariantCulture);
            sql.Append(i == 0 ? "@" : ", @").Append(name);
            command.With(name, values[i]);
        }

        sql.Append(')');
    }

    private static async Task<IReadOnlyList<StoredFinding>> ReadAsync(DbCommand command, CancellationToken cancellationToken)
    {
        List<StoredFinding> findings = [];
        using DbDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            findings.Add(Read(reader));
        }

        return findings;
    }

    private static StoredFinding Read(DbDataReader reader)
    {
        string? statementKind = reader.GetNullableString(11);
        Finding finding = new()
        {
            Id = reader.GetString(0),
            Severity = (Severity)reader.GetInt32Value(1),
            Kind = reader.GetString(2),
            OccurredAt = reader.GetTime(3),
            EndsAt = reader.GetNullableTime(4),
            Instance = reader.GetString(5),
            Account = reader.GetString(6),
            ClientHost = reader.GetString(7),
            ConnectionId = reader.GetInt64(8),
            QueryId = reader.GetInt64(9),
            Database = reader.GetString(10),
            StatementKind = statementKind is null ? null : Enum.Parse<StatementKind>(statementKind),
            Template = reader.GetNullableString(12),
            MaskedStatement = reader.GetNullableString(14),
            Statement = reader.GetNullableString(15),
            RetCode = reader.GetNullableInt32(16),
            Reason = reader.GetString(17),
            Script = reader.GetNullableString(18),
            ScriptStatement = reader.GetNullableInt32(19),
            Source = reader.GetString(20),
            EventCount = reader.GetInt32Value(21),
        };

        Disposition? disposition = reader.IsDBNull(22) ? null : new Disposition
        {
            FindingId = finding.Id,
            Status = reader.GetString(22),
            Reviewers = StoredJson.ToList(reader.GetString(23)),
            Ticket = reader.GetNullableString(24),
            Note = reader.GetNullableString(25),
            ProposedStatus = reader.GetNullableString(26),
            SuppressionRuleId = reader.GetNullableString(27),
            UpdatedAt = reader.GetTime(28),
        };

        return new StoredFinding(finding, reader.GetNullableString(13), disposition);
    }
}
