using System.Data.Common;
using QueryAudit.Core.Audit;
using QueryAudit.Core.Reconciliation;
using QueryAudit.Core.Reporting;
using QueryAudit.Core.State;
using QueryAudit.Core.Triage;

namespace QueryAudit.Storage.Ado;

/// <summary>
/// The state store over an ADO.NET provider; <see cref="Sqlite.SqliteStateStore"/> and <see cref="MySql.MySqlStateStore"/>
/// supply the connections, the schema and the dialect. Every call opens a pooled connection of its own, so one store
/// instance may be used by several threads at once.
/// </summary>
public abstract partial class AdoStateStore : IStateStore
{
    private protected AdoStateStore(SqlDialect dialect, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        Dialect = dialect;
        Time = timeProvider;
    }

    public abstract string Description { get; }

    public int SchemaVersion { get; private protected set; }

    private protected SqlDialect Dialect { get; }

    private protected TimeProvider Time { get; }

    public async Task<IStateTransaction> BeginAsync(CancellationToken cancellationToken)
    {
        DbConnection connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            DbTransaction transaction = await BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
            return new AdoStateTransaction(Dialect, Time, connection, transaction);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async Task SaveReconciliationAsync(ReconciliationSnapshot snapshot, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        IStateTransaction transaction = await BeginAsync(cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            await transaction.UpsertFindingsAsync(snapshot.Result.Findings, cancellationToken).ConfigureAwait(false);
            await transaction.UpsertApprovedExecutionsAsync(snapshot.Result.ApprovedExecutions, cancellationToken).ConfigureAwait(false);
            await transaction.ClearScopeAsync(snapshot.ScopeKey, cancellationToken).ConfigureAwait(false);
            await transaction.AddEventCountsAsync(snapshot.ScopeKey, snapshot.EventCounts, cancellationToken).ConfigureAwait(false);
            await transaction.AddCountersAsync(snapshot.ScopeKey, snapshot.Result.Counters, cancellationToken).ConfigureAwait(false);
            await transaction.AddInformationalReadsAsync(snapshot.ScopeKey, snapshot.Result.InformationalReads, cancellationToken).ConfigureAwait(false);
            await transaction.UpsertAuditOffIntervalsAsync(snapshot.ScopeKey, snapshot.Result.AuditOffIntervals, cancellationToken).ConfigureAwait(false);
            await transaction.UpsertQuarantinedLinesAsync(snapshot.QuarantinedLines, cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<IReadOnlyList<StoredFinding>> FindFindingsAsync(FindingFilter filter, CancellationToken cancellationToken)
    {
        DbConnection connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            return await FindingRows.FindAsync(connection, null, Dialect, filter, lockRows: false, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<StoredFinding?> GetFindingAsync(string id, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        IReadOnlyList<StoredFinding> found = await FindFindingsAsync(new FindingFilter { Ids = [id] }, cancellationToken).ConfigureAwait(false);
        return found.Count == 0 ? null : found[0];
    }

    public async Task<IReadOnlyList<ConnectionStatement>> ConnectionContextAsync(
        string instance, long connectionId, DateTimeOffset around, TimeSpan window, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instance);
        DateTimeOffset from = around - window;
        DateTimeOffset to = around + window;
        List<ConnectionStatement> statements = [];

        DbConnection connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            string sql = "SELECT id, occurred_at, query_id, COALESCE(masked_statement, reason) FROM findings " +
                "WHERE instance = @instance AND connection_id = @connection_id AND occurred_at >= @from AND occurred_at <= @to";
            using (DbCommand command = connection.CreateCommand(null, sql)
                .With("instance", instance)
                .With("connection_id", connectionId)
                .With("from", StoredTime.ToTicks(from))
                .With("to", StoredTime.ToTicks(to)))
            {
                using DbDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    statements.Add(new ConnectionStatement(reader.GetTime(1), reader.GetInt64(2), "finding", reader.GetString(0), reader.GetString(3)));
                }
            }

            // The upper bound of the approved-execution query is exclusive, so one tick is added to include "to".
            IReadOnlyList<ApprovedExecution> approved = await ApprovedExecutionRows
                .FindAsync(connection, from, to.AddTicks(1), (instance, connectionId), cancellationToken).ConfigureAwait(false);
            statements.AddRange(approved.Select(a => new ConnectionStatement(
                a.ExecutedAt, a.QueryId, "approved", $"{a.Script}#{a.ScriptStatement}", $"approved statement {a.ScriptStatement} of {a.Script} (run {a.Run})")));
        }

        return statements.OrderBy(s => s.At).ThenBy(s => s.QueryId).ThenBy(s => s.Reference, StringComparer.Ordinal).ToList();
    }

    public async Task<IReadOnlyList<ApprovedExecution>> ApprovedExecutionsAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        DbConnection connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            return await ApprovedExecutionRows.FindAsync(connection, from, to, null, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<IReadOnlyList<HourlyEventCount>> EventCountsAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        string sql = "SELECT instance, hour_start, SUM(events) FROM event_counts WHERE hour_start >= @from AND hour_start < @to " +
            "GROUP BY instance, hour_start ORDER BY instance, hour_start";
        List<HourlyEventCount> counts = [];
        DbConnection connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using DbCommand command = connection.CreateCommand(null, sql).With("from", StoredTime.ToTicks(from)).With("to", StoredTime.ToTicks(to));
            using DbDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                // MySQL returns SUM over BIGINT as DECIMAL, SQLite as INTEGER.
                long events = Convert.ToInt64(reader.GetValue(2), System.Globalization.CultureInfo.InvariantCulture);
                counts.Add(new HourlyEventCount(reader.GetString(0), reader.GetTime(1), events));
            }
        }

        return counts;
    }

    public async Task<ReconcileCounters> CountersAsync(string scopeKey, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(scopeKey);
        ReconcileCounters counters = new();
        DbConnection connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using DbCommand command = connection.CreateCommand(null, "SELECT name, value FROM scope_counters WHERE scope_key = @scope_key").With("scope_key", scopeKey);
            using DbDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                CounterRows.Apply(counters, reader.GetString(0), reader.GetInt64(1));
            }
        }

        return counters;
    }

    public async Task<IReadOnlyList<InformationalRead>> InformationalReadsAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        string sql = "SELECT account, MIN(template), SUM(read_count), MIN(first_at), MAX(last_at) FROM informational_reads " +
            "WHERE last_at >= @from AND first_at < @to GROUP BY account, template_hash ORDER BY account, MIN(template)";
        List<InformationalRead> reads = [];
        DbConnection connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using DbCommand command = connection.CreateCommand(null, sql).With("from", StoredTime.ToTicks(from)).With("to", StoredTime.ToTicks(to));
            using DbDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                long count = Convert.ToInt64(reader.GetValue(2), System.Globalization.CultureInfo.InvariantCulture);
                reads.Add(new InformationalRead(reader.GetString(0), reader.GetString(1), count, reader.GetTime(3), reader.GetTime(4)));
            }
        }

        return reads;
    }

    public async Task<IReadOnlyList<(string Instance, DateTimeOffset Off, DateTimeOffset? On)>> AuditOffIntervalsAsync(
        DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        // Several scopes may hold the same interval; one that some scope saw end is taken as ended.
        string sql = "SELECT instance, off_at, MAX(on_at) FROM audit_off_intervals WHERE off_at < @to " +
            "GROUP BY instance, off_at HAVING MAX(on_at) IS NULL OR MAX(on_at) > @from ORDER BY instance, off_at";
        List<(string, DateTimeOffset, DateTimeOffset?)> intervals = [];
        DbConnection connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using DbCommand command = connection.CreateCommand(null, sql).With("from", StoredTime.ToTicks(from)).With("to", StoredTime.ToTicks(to));
            using DbDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                intervals.Add((reader.GetString(0), reader.GetTime(1), reader.GetNullableTime(2)));
            }
        }

        return intervals;
    }

    public async Task<IReadOnlyList<QuarantinedLine>> QuarantinedLinesAsync(int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        List<QuarantinedLine> lines = [];
        DbConnection connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            string sql = "SELECT source, line, event_id, reason, preview, length FROM quarantined_lines ORDER BY source, line, event_id LIMIT @limit";
            using DbCommand command = connection.CreateCommand(null, sql).With("limit", limit);
            using DbDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                SourcePosition position = new(reader.GetString(0), reader.GetInt64(1), reader.GetNullableString(2));
                lines.Add(new QuarantinedLine(position, reader.GetString(3), reader.GetString(4), reader.GetInt64(5)));
            }
        }

        return lines;
    }

    public async Task<IReadOnlyDictionary<string, long>> QuarantinedCountsAsync(CancellationToken cancellationToken)
    {
        Dictionary<string, long> counts = new(StringComparer.Ordinal);
        DbConnection connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using DbCommand command = connection.CreateCommand(null, "SELECT source, COUNT(*) FROM quarantined_lines GROUP BY source");
            using DbDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                counts[reader.GetString(0)] = reader.GetInt64(1);
            }
        }

        return counts;
    }

    public async Task<SourceCheckpoint?> GetCheckpointAsync(string sourceKey, CancellationToken cancellationToken)
    {
        DbConnection connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            return await StateQueries.GetCheckpointAsync(connection, null, sourceKey, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<IReadOnlyList<SourceCheckpoint>> CheckpointsAsync(CancellationToken cancellationToken)
    {
        List<SourceCheckpoint> checkpoints = [];
        DbConnection connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using DbCommand command = connection.CreateCommand(null, "SELECT source_key, state, updated_at FROM checkpoints ORDER BY source_key");
            using DbDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                checkpoints.Add(new SourceCheckpoint(reader.GetString(0), reader.GetString(1), reader.GetTime(2)));
            }
        }

        return checkpoints;
    }

    public async Task<ReportFreeze?> GetReportFreezeAsync(string period, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(period);
        DbConnection connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            return await StateQueries.GetReportFreezeAsync(connection, null, "", period, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<IReadOnlyDictionary<string, FindingDisposition>> ReportDispositionsAsync(CancellationToken cancellationToken)
    {
        Dictionary<string, FindingDisposition> dispositions = new(StringComparer.Ordinal);
        DbConnection connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            string sql = "SELECT finding_id, status, reviewers, ticket, note, proposed_status, suppression_rule_id, updated_at FROM dispositions";
            using DbCommand command = connection.CreateCommand(null, sql);
            using DbDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                Disposition disposition = new()
                {
                    FindingId = reader.GetString(0),
                    Status = reader.GetString(1),
                    Reviewers = StoredJson.ToList(reader.GetString(2)),
                    Ticket = reader.GetNullableString(3),
                    Note = reader.GetNullableString(4),
                    ProposedStatus = reader.GetNullableString(5),
                    SuppressionRuleId = reader.GetNullableString(6),
                    UpdatedAt = reader.GetTime(7),
                };
                dispositions[disposition.FindingId] = disposition.ToReport();
            }
        }

        return dispositions;
    }

    public async Task<IReadOnlyList<SuppressionRule>> SuppressionRulesAsync(CancellationToken cancellationToken)
    {
        DbConnection connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            return await StateQueries.SuppressionRulesAsync(connection, null, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<IReadOnlyList<TrailEntry>> TrailAsync(CancellationToken cancellationToken)
    {
        DbConnection connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            return await StateQueries.TrailAsync(connection, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<TrailHead> TrailHeadAsync(CancellationToken cancellationToken)
    {
        DbConnection connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            return await StateQueries.TrailHeadAsync(connection, null, "", cancellationToken).ConfigureAwait(false);
        }
    }

    public virtual ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }

    /// <summary>Opens a new connection to the store.</summary>
    private protected abstract Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken);

    /// <summary>Starts a transaction that holds the store's write lock where the engine has one.</summary>
    private protected abstract Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken);
}
