using System.Data.Common;
using QueryAudit.Storage.Ado;

namespace QueryAudit.Storage.Schema;

/// <summary>
/// Applies the schema steps a store lacks and records each in <c>schema_version</c>.
/// </summary>
internal static class SchemaMigrator
{
    /// <summary>
    /// Applies every step newer than the store's version on <paramref name="connection"/> (inside
    /// <paramref name="transaction"/> where the engine supports transactional DDL) and returns the resulting version.
    /// The caller holds whatever lock keeps two processes from migrating at once.
    /// </summary>
    public static async Task<int> MigrateAsync(
        DbConnection connection,
        DbTransaction? transaction,
        string versionTableDdl,
        IReadOnlyList<SchemaMigration> migrations,
        TimeProvider time,
        string storeDescription,
        CancellationToken cancellationToken)
    {
        using (DbCommand create = connection.CreateCommand(transaction, versionTableDdl))
        {
            await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        int current;
        using (DbCommand read = connection.CreateCommand(transaction, "SELECT COALESCE(MAX(version), 0) FROM schema_version"))
        {
            current = Convert.ToInt32(await read.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
        }

        int latest = migrations.Count == 0 ? 0 : migrations[^1].Version;
        if (current > latest)
        {
            throw new InvalidOperationException(
                $"The store {storeDescription} has schema version {current}, newer than the {latest} this QueryAudit knows; run a QueryAudit release at least as new as the one that upgraded it.");
        }

        foreach (SchemaMigration migration in migrations.Where(m => m.Version > current))
        {
            foreach (string statement in migration.Statements)
            {
                using DbCommand step = connection.CreateCommand(transaction, statement);
                await step.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            using DbCommand record = connection.CreateCommand(transaction, "INSERT INTO schema_version (version, description, applied_at) VALUES (@version, @description, @applied_at)")
                .With("version", migration.Version)
                .With("description", migration.Description)
                .With("applied_at", StoredTime.ToTicks(time.GetUtcNow()));
            await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            current = migration.Version;
        }

        return current;
    }
}
