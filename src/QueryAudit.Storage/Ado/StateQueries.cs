using System.Data.Common;
using QueryAudit.Core.State;
using QueryAudit.Core.Triage;

namespace QueryAudit.Storage.Ado;

/// <summary>
/// Reads that both the store and its transactions run.
/// </summary>
internal static class StateQueries
{
    public static async Task<SourceCheckpoint?> GetCheckpointAsync(DbConnection connection, DbTransaction? transaction, string sourceKey, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(sourceKey);
        using DbCommand command = connection.CreateCommand(transaction, "SELECT source_key, state, updated_at FROM checkpoints WHERE source_key = @source_key")
            .With("source_key", sourceKey);
        using DbDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? new SourceCheckpoint(reader.GetString(0), reader.GetString(1), reader.GetTime(2))
            : null;
    }

    public static async Task<ReportFreeze?> GetReportFreezeAsync(
        DbConnection connection, DbTransaction? transaction, string lockSuffix, string period, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(period);
        string sql = "SELECT period, frozen_at, report_sha256, late_events FROM report_freezes WHERE period = @period" + lockSuffix;
        using DbCommand command = connection.CreateCommand(transaction, sql).With("period", period);
        using DbDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? new ReportFreeze(reader.GetString(0), reader.GetTime(1), reader.GetString(2), reader.GetInt64(3))
            : null;
    }

    public static async Task<TrailHead> TrailHeadAsync(DbConnection connection, DbTransaction? transaction, string lockSuffix, CancellationToken cancellationToken)
    {
        using DbCommand command = connection.CreateCommand(transaction, "SELECT last_seq, last_hash FROM trail_head WHERE id = 1" + lockSuffix);
        using DbDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            // The first schema step inserts this row; without it nobody can tell whether entries were removed.
            throw new InvalidDataException("The store's trail_head row is missing, so the triage trail cannot be checked or extended; restore the store from a backup.");
        }

        return new TrailHead(reader.GetInt64(0), reader.GetString(1));
    }

    public static async Task<IReadOnlyList<SuppressionRule>> SuppressionRulesAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        string sql = "SELECT id, template_hash, template, account, created_at, expires_at, approver, ticket, note, source_finding_id " +
            "FROM suppression_rules ORDER BY created_at, id";
        using DbCommand command = connection.CreateCommand(transaction, sql);
        using DbDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        List<SuppressionRule> rules = [];
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rules.Add(new SuppressionRule
            {
                Id = reader.GetString(0),
                TemplateHash = reader.GetString(1),
                Template = reader.GetString(2),
                Account = reader.GetString(3),
                CreatedAt = reader.GetTime(4),
                ExpiresAt = reader.GetTime(5),
                Approver = reader.GetString(6),
                Ticket = reader.GetString(7),
                Note = reader.GetNullableString(8),
                SourceFindingId = reader.GetString(9),
            });
        }

        return rules;
    }

    public static async Task<IReadOnlyList<TrailEntry>> TrailAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        string sql = "SELECT seq, at, actor, action, finding_ids, before_state, after_state, previous_hash, hash FROM trail ORDER BY seq";
        using DbCommand command = connection.CreateCommand(null, sql);
        using DbDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        List<TrailEntry> entries = [];
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            entries.Add(new TrailEntry(
                reader.GetInt64(0),
                reader.GetTime(1),
                reader.GetString(2),
                reader.GetString(3),
                StoredJson.ToList(reader.GetString(4)),
                reader.GetNullableString(5),
                reader.GetNullableString(6),
                reader.GetString(7),
                reader.GetString(8)));
        }

        return entries;
    }
}
