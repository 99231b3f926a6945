using System.Data.Common;
using System.Globalization;
using QueryAudit.Core.State;
using QueryAudit.Core.Triage;

namespace QueryAudit.Storage.Ado;

/// <summary>
/// Triage writes: dispositions, suppression rules and the trail.
/// </summary>
internal sealed partial class AdoStateTransaction
{
    private static readonly string[] DispositionColumns =
        ["finding_id", "status", "reviewers", "ticket", "note", "proposed_status", "suppression_rule_id", "updated_at"];

    private static readonly string[] RuleColumns =
        ["id", "template_hash", "template", "account", "created_at", "expires_at", "approver", "ticket", "note", "source_finding_id"];

    public async Task<StoredFinding?> GetFindingAsync(string id, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        IReadOnlyList<StoredFinding> found = await FindFindingsAsync(new FindingFilter { Ids = [id] }, cancellationToken).ConfigureAwait(false);
        return found.Count == 0 ? null : found[0];
    }

    public Task<IReadOnlyList<StoredFinding>> FindFindingsAsync(FindingFilter filter, CancellationToken cancellationToken) =>
        FindingRows.FindAsync(_connection, _transaction, _dialect, filter, lockRows: true, cancellationToken);

    public async Task SetDispositionAsync(Disposition disposition, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(disposition);
        using DbCommand command = _connection.CreateCommand(_transaction, _dialect.Upsert("dispositions", "finding_id", DispositionColumns));
        BindDisposition(command, disposition);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task AddSuppressionRuleAsync(SuppressionRule rule, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rule);
        string sql = $"INSERT INTO suppression_rules ({string.Join(", ", RuleColumns)}) VALUES ({string.Join(", ", RuleColumns.Select(c => "@" + c))})";
        using DbCommand command = _connection.CreateCommand(_transaction, sql)
            .With("id", rule.Id)
            .With("template_hash", rule.TemplateHash)
            .With("template", rule.Template)
            .With("account", rule.Account)
            .With("created_at", StoredTime.ToTicks(rule.CreatedAt))
            .With("expires_at", StoredTime.ToTicks(rule.ExpiresAt))
            .With("approver", rule.Approver)
            .With("ticket", rule.Ticket)
            .With("note", rule.Note)
            .With("source_finding_id", rule.SourceFindingId);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        _rules = null;
    }

    public async Task<TrailEntry> AppendTrailAsync(TrailRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);

        // Locking the head row serialises appends across connections, so the chain never forks.
        TrailHead head = await StateQueries.TrailHeadAsync(_connection, _transaction, _dialect.ForUpdate, cancellationToken).ConfigureAwait(false);
        TrailEntry entry = TrailChain.Next(head, _time.GetUtcNow(), record);

        string sql = "INSERT INTO trail (seq, at, actor, action, finding_ids, before_state, after_state, previous_hash, hash) " +
            "VALUES (@seq, @at, @actor, @action, @finding_ids, @before_state, @after_state, @previous_hash, @hash)";
        using (DbCommand insert = _connection.CreateCommand(_transaction, sql)
            .With("seq", entry.Sequence)
            .With("at", StoredTime.ToTicks(entry.At))
            .With("actor", entry.Actor)
            .With("action", entry.Action)
            .With("finding_ids", StoredJson.FromList(entry.FindingIds))
            .With("before_state", entry.Before)
            .With("after_state", entry.After)
            .With("previous_hash", entry.PreviousHash)
            .With("hash", entry.Hash))
        {
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        using DbCommand update = _connection.CreateCommand(_transaction, "UPDATE trail_head SET last_seq = @seq, last_hash = @hash WHERE id = 1")
            .With("seq", entry.Sequence)
            .With("hash", entry.Hash);
        await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return entry;
    }

    private static void BindDisposition(DbCommand command, Disposition disposition)
    {
        command.With("finding_id", disposition.FindingId)
            .With("status", disposition.Status)
            .With("reviewers", StoredJson.FromList(disposition.Reviewers))
            .With("ticket", disposition.Ticket)
            .With("note", disposition.Note)
            .With("proposed_status", disposition.ProposedStatus)
            .With("suppression_rule_id", disposition.SuppressionRuleId)
            .With("updated_at", StoredTime.ToTicks(disposition.UpdatedAt));
    }

    /// <summary>Gives a finding without a disposition the status <c>suppressed</c>; a finding someone already triaged keeps its state.</summary>
    private async Task SuppressAsync(string findingId, SuppressionRule rule, DateTimeOffset now, CancellationToken cancellationToken)
    {
        Disposition disposition = new()
        {
            FindingId = findingId,
            Status = FindingStatuses.Suppressed,
            Reviewers = [rule.Approver],
            Ticket = rule.Ticket,
            Note = $"suppressed by rule {rule.Id} until {rule.ExpiresAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)}",
            SuppressionRuleId = rule.Id,
            UpdatedAt = now,
        };
        using DbCommand command = _connection.CreateCommand(_transaction, _dialect.InsertIfAbsent("dispositions", "finding_id", DispositionColumns));
        BindDisposition(command, disposition);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<List<SuppressionRule>> SuppressionRulesAsync(CancellationToken cancellationToken)
    {
        // Rules are few (one per suppressed template and account), so all are read once per transaction.
        _rules ??= (await StateQueries.SuppressionRulesAsync(_connection, _transaction, cancellationToken).ConfigureAwait(false)).ToList();
        return _rules;
    }
}
