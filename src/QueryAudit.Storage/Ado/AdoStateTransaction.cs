using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using QueryAudit.Core.Audit;
using QueryAudit.Core.Reconciliation;
using QueryAudit.Core.State;
using QueryAudit.Core.Triage;

namespace QueryAudit.Storage.Ado;

/// <summary>
/// A unit of work on one connection and one database transaction of an <see cref="AdoStateStore"/>.
/// </summary>
internal sealed partial class AdoStateTransaction : IStateTransaction
{
    private readonly SqlDialect _dialect;
    private readonly TimeProvider _time;
    private readonly DbConnection _connection;
    private readonly DbTransaction _transaction;
    private List<SuppressionRule>? _rules;
    private bool _completed;

    public AdoStateTransaction(SqlDialect dialect, TimeProvider time, DbConnection connection, DbTransaction transaction)
    {
        _dialect = dialect;
        _time = time;
        _connection = connection;
        _transaction = transaction;
    }

    public async Task UpsertFindingsAsync(IEnumerable<Finding> findings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(findings);
        List<SuppressionRule> rules = await SuppressionRulesAsync(cancellationToken).ConfigureAwait(false);
        DateTimeOffset now = _time.GetUtcNow();
        using DbCommand upsert = FindingRows.CreateUpsert(_connection, _transaction, _dialect);
        foreach (Finding finding in findings)
        {
            string? templateHash = FindingRows.TemplateHashOf(finding.Template);
            FindingRows.Bind(upsert, finding, templateHash, now);
            await upsert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);

            SuppressionRule? rule = rules.FirstOrDefault(r => r.Covers(templateHash, finding.Account, finding.OccurredAt));
            if (rule is not null)
            {
                await SuppressAsync(finding.Id, rule, now, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public Task UpsertApprovedExecutionsAsync(IEnumerable<ApprovedExecution> executions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(executions);
        return ApprovedExecutionRows.UpsertAsync(_connection, _transaction, _dialect, executions, cancellationToken);
    }

    public async Task DeleteFindingsAsync(IEnumerable<string> ids, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ids);
        using DbCommand command = _connection.CreateCommand(_transaction, "DELETE FROM findings WHERE id = @id").With("id", null);
        foreach (string id in ids)
        {
            command.Set("id", id);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task DeleteApprovedExecutionsAsync(IEnumerable<ApprovedExecution> executions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(executions);
        using DbCommand command = _connection.CreateCommand(_transaction, "DELETE FROM approved_executions WHERE id = @id").With("id", null);
        foreach (ApprovedExecution execution in executions)
        {
            command.Set("id", ApprovedExecutionRows.KeyOf(execution));
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task AddEventCountsAsync(string scopeKey, IEnumerable<HourlyEventCount> counts, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(scopeKey);
        ArgumentNullException.ThrowIfNull(counts);
        string sql = "INSERT INTO event_counts (scope_key, instance, hour_start, events) VALUES (@scope_key, @instance, @hour_start, @events) " +
            $"{_dialect.OnConflictUpdate("scope_key, instance, hour_start")} events = events + {_dialect.Inserted("events")}";
        using DbCommand command = _connection.CreateCommand(_transaction, sql)
            .With("scope_key", scopeKey).With("instance", null).With("hour_start", null).With("events", null);
        foreach (HourlyEventCount count in counts)
        {
            command.Set("instance", count.Instance);
            command.Set("hour_start", StoredTime.ToTicks(count.HourStart));
            command.Set("events", count.Events);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task AddCountersAsync(string scopeKey, ReconcileCounters counters, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(scopeKey);
        ArgumentNullException.ThrowIfNull(counters);
        string sql = "INSERT INTO scope_counters (scope_key, name, value) VALUES (@scope_key, @name, @value) " +
            $"{_dialect.OnConflictUpdate("scope_key, name")} value = value + {_dialect.Inserted("value")}";
        using DbCommand command = _connection.CreateCommand(_transaction, sql).With("scope_key", scopeKey).With("name", null).With("value", null);
        foreach ((string name, long value) in CounterRows.ToRows(counters))
        {
            command.Set("name", name);
            command.Set("value", value);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task ClearScopeAsync(string scopeKey, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(scopeKey);
        foreach (string table in (string[])["event_counts", "scope_counters", "informational_reads", "audit_off_intervals"])
        {
            using DbCommand command = _connection.CreateCommand(_transaction, $"DELETE FROM {table} WHERE scope_key = @scope_key").With("scope_key", scopeKey);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task AddInformationalReadsAsync(string scopeKey, IEnumerable<InformationalRead> reads, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(scopeKey);
        ArgumentNullException.ThrowIfNull(reads);
        string sql = "INSERT INTO informational_reads (scope_key, account, template_hash, template, read_count, first_at, last_at) " +
            "VALUES (@scope_key, @account, @template_hash, @template, @read_count, @first_at, @last_at) " +
            $"{_dialect.OnConflictUpdate("scope_key, account, template_hash")} read_count = read_count + {_dialect.Inserted("read_count")}, " +
            $"first_at = {_dialect.Least("first_at", _dialect.Inserted("first_at"))}, last_at = {_dialect.Greatest("last_at", _dialect.Inserted("last_at"))}";
        using DbCommand command = _connection.CreateCommand(_transaction, sql).With("scope_key", scopeKey);
        foreach (string column in (string[])["account", "template_hash", "template", "read_count", "first_at", "last_at"])
        {
            command.With(column, null);
        }

        foreach (InformationalRead read in reads)
        {
            command.Set("account", read.Account);
            command.Set("template_hash", FindingRows.TemplateHashOf(read.Template));
            command.Set("template", read.Template);
            command.Set("read_count", read.Count);
            command.Set("first_at", StoredTime.ToTicks(read.First));
            command.Set("last_at", StoredTime.ToTicks(read.Last));
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task UpsertAuditOffIntervalsAsync(
        string scopeKey, IEnumerable<(string Instance, DateTimeOffset Off, DateTimeOffset? On)> intervals, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(scopeKey);
        ArgumentNullException.ThrowIfNull(intervals);
        string sql = "INSERT INTO audit_off_intervals (scope_key, instance, off_at, on_at) VALUES (@scope_key, @instance, @off_at, @on_at) " +
            $"{_dialect.OnConflictUpdate("scope_key, instance, off_at")} on_at = {_dialect.Inserted("on_at")}";
        using DbCommand command = _connection.CreateCommand(_transaction, sql).With("scope_key", scopeKey).With("instance", null).With("off_at", null).With("on_at", null);
        foreach ((string instance, DateTimeOffset off, DateTimeOffset? on) in intervals)
        {
            command.Set("instance", instance);
            command.Set("off_at", StoredTime.ToTicks(off));
            command.Set("on_at", StoredTime.ToTicks(on));
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task UpsertQuarantinedLinesAsync(IEnumerable<QuarantinedLine> lines, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lines);
        string[] columns = ["id", "source", "line", "event_id", "reason", "preview", "length", "recorded_at"];
        using DbCommand command = _connection.CreateCommand(_transaction, _dialect.Upsert("quarantined_lines", "id", columns, "recorded_at"));
        foreach (string column in columns)
        {
            command.With(column, null);
        }

        DateTimeOffset now = _time.GetUtcNow();
        foreach (QuarantinedLine line in lines)
        {
            string position = line.Source.Source + "\n" + line.Source.Line.ToString(CultureInfo.InvariantCulture) + "\n" + line.Source.EventId;
            command.Set("id", Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(position))));
            command.Set("source", line.Source.Source);
            command.Set("line", line.Source.Line);
            command.Set("event_id", line.Source.EventId);
            command.Set("reason", line.Reason);
            command.Set("preview", line.Preview);
            command.Set("length", line.Length);
            command.Set("recorded_at", StoredTime.ToTicks(now));
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public Task<SourceCheckpoint?> GetCheckpointAsync(string sourceKey, CancellationToken cancellationToken) =>
        StateQueries.GetCheckpointAsync(_connection, _transaction, sourceKey, cancellationToken);

    public async Task SetCheckpointAsync(string sourceKey, string stateJson, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(sourceKey);
        ArgumentNullException.ThrowIfNull(stateJson);
        using DbCommand command = _connection.CreateCommand(_transaction, _dialect.Upsert("checkpoints", "source_key", ["source_key", "state", "updated_at"]))
            .With("source_key", sourceKey)
            .With("state", stateJson)
            .With("updated_at", StoredTime.ToTicks(_time.GetUtcNow()));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task EnsureLeaseAsync(string sourceKey, string owner, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(sourceKey);
        ArgumentException.ThrowIfNullOrEmpty(owner);
        using DbCommand command = _connection.CreateCommand(_transaction, $"SELECT owner, expires_at FROM leases WHERE source_key = @source_key{_dialect.ForUpdate}")
            .With("source_key", sourceKey);
        using DbDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            throw new LeaseLostException($"No lease on source '{sourceKey}' exists, so '{owner}' may not commit for it; acquire the lease first.");
        }

        string holder = reader.GetString(0);
        DateTimeOffset expiresAt = reader.GetTime(1);
        if (holder != owner)
        {
            throw new LeaseLostException($"The lease on source '{sourceKey}' is held by '{holder}', not '{owner}'; drop this batch and let the holder read it.");
        }

        if (expiresAt <= _time.GetUtcNow())
        {
            throw new LeaseLostException($"The lease of '{owner}' on source '{sourceKey}' expired at {expiresAt:O}; drop this batch and acquire the lease again.");
        }
    }

    public Task<ReportFreeze?> GetReportFreezeAsync(string period, CancellationToken cancellationToken) =>
        StateQueries.GetReportFreezeAsync(_connection, _transaction, _dialect.ForUpdate, period, cancellationToken);

    public async Task FreezeReportAsync(string period, string reportSha256, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(period);
        ArgumentException.ThrowIfNullOrEmpty(reportSha256);
        using DbCommand command = _connection.CreateCommand(
                _transaction,
                "INSERT INTO report_freezes (period, frozen_at, report_sha256, late_events) VALUES (@period, @frozen_at, @report_sha256, 0)")
            .With("period", period)
            .With("frozen_at", StoredTime.ToTicks(_time.GetUtcNow()))
            .With("report_sha256", reportSha256);
        try
        {
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DbException e) when (_dialect.IsDuplicateKey(e))
        {
            throw new InvalidOperationException($"The report of period {period} is already frozen; late events for it produce an amendment instead.", e);
        }
    }

    public async Task AddLateEventsAsync(string period, long count, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(period);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        using DbCommand command = _connection.CreateCommand(_transaction, "UPDATE report_freezes SET late_events = late_events + @count WHERE period = @period")
            .With("count", count)
            .With("period", period);
        int rows = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        if (rows == 0)
        {
            throw new InvalidOperationException($"The report of period {period} is not frozen, so its events are not late; count them in the period instead.");
        }
    }

    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        await _transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        _completed = true;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_completed)
        {
            try
            {
                await _transaction.RollbackAsync().ConfigureAwait(false);
            }
            catch (InvalidOperationException)
            {
                // The connection broke or the transaction already ended; the server discards it either way.
            }
        }

        await _transaction.DisposeAsync().ConfigureAwait(false);
        await _connection.DisposeAsync().ConfigureAwait(false);
    }
}
