using System.Data.Common;
using QueryAudit.Core.State;

namespace QueryAudit.Storage.Ado;

/// <summary>
/// Source leases. Expiry is judged by this process's <see cref="TimeProvider"/>, so the tasks sharing a store need
/// clocks that agree to well within the lease time to live.
/// </summary>
public abstract partial class AdoStateStore
{
    public async Task<bool> TryAcquireLeaseAsync(string sourceKey, string owner, TimeSpan ttl, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(sourceKey);
        ArgumentException.ThrowIfNullOrEmpty(owner);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ttl, TimeSpan.Zero);
        DateTimeOffset now = Time.GetUtcNow();

        DbConnection connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            DbTransaction transaction = await BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                SourceLease? current = await ReadLeaseAsync(connection, transaction, sourceKey, cancellationToken).ConfigureAwait(false);
                if (current is not null && current.Owner != owner && current.ExpiresAt > now)
                {
                    return false;
                }

                string sql = current is null
                    ? "INSERT INTO leases (source_key, owner, acquired_at, expires_at) VALUES (@source_key, @owner, @acquired_at, @expires_at)"
                    : "UPDATE leases SET owner = @owner, acquired_at = @acquired_at, expires_at = @expires_at WHERE source_key = @source_key";
                DateTimeOffset acquiredAt = current is not null && current.Owner == owner && current.ExpiresAt > now ? current.AcquiredAt : now;
                using DbCommand command = connection.CreateCommand(transaction, sql)
                    .With("source_key", sourceKey)
                    .With("owner", owner)
                    .With("acquired_at", StoredTime.ToTicks(acquiredAt))
                    .With("expires_at", StoredTime.ToTicks(now + ttl));
                try
                {
                    await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                    await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                    return true;
                }
                catch (DbException e) when (Dialect.IsWriteConflict(e))
                {
                    // Another task took the lease row for this source between our read and write.
                    return false;
                }
            }
        }
    }

    public async Task<bool> RenewLeaseAsync(string sourceKey, string owner, TimeSpan ttl, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(sourceKey);
        ArgumentException.ThrowIfNullOrEmpty(owner);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ttl, TimeSpan.Zero);
        DateTimeOffset now = Time.GetUtcNow();

        DbConnection connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            // The row count is the number of matched rows in both engines (MySqlConnector's default UseAffectedRows=false).
            string sql = "UPDATE leases SET expires_at = @expires_at WHERE source_key = @source_key AND owner = @owner AND expires_at > @now";
            using DbCommand command = connection.CreateCommand(null, sql)
                .With("expires_at", StoredTime.ToTicks(now + ttl))
                .With("source_key", sourceKey)
                .With("owner", owner)
                .With("now", StoredTime.ToTicks(now));
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
        }
    }

    public async Task ReleaseLeaseAsync(string sourceKey, string owner, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(sourceKey);
        ArgumentException.ThrowIfNullOrEmpty(owner);
        DbConnection connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using DbCommand command = connection.CreateCommand(null, "DELETE FROM leases WHERE source_key = @source_key AND owner = @owner")
                .With("source_key", sourceKey)
                .With("owner", owner);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<IReadOnlyList<SourceLease>> LeasesAsync(CancellationToken cancellationToken)
    {
        List<SourceLease> leases = [];
        DbConnection connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using DbCommand command = connection.CreateCommand(null, "SELECT source_key, owner, acquired_at, expires_at FROM leases ORDER BY source_key");
            using DbDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                leases.Add(new SourceLease(reader.GetString(0), reader.GetString(1), reader.GetTime(2), reader.GetTime(3)));
            }
        }

        return leases;
    }

    private async Task<SourceLease?> ReadLeaseAsync(DbConnection connection, DbTransaction transaction, string sourceKey, CancellationToken cancellationToken)
    {
        string sql = $"SELECT source_key, owner, acquired_at, expires_at FROM leases WHERE source_key = @source_key{Dialect.ForUpdate}";
        using DbCommand command = connection.CreateCommand(transaction, sql).With("source_key", sourceKey);
        using DbDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? new SourceLease(reader.GetString(0), reader.GetString(1), reader.GetTime(2), reader.GetTime(3))
            : null;
    }
}
