using System.Data.Common;
using MySqlConnector;
using QueryAudit.Storage.Ado;
using QueryAudit.Storage.Schema;

namespace QueryAudit.Storage.MySql;

/// <summary>
/// The production state store: a database on MySQL 8.0 (Aurora MySQL 3, RDS) or MariaDB 10.5 or later, shared by every
/// worker task. Write transactions run at REPEATABLE READ and lock the rows they read for change (FOR UPDATE).
/// </summary>
public sealed class MySqlStateStore : AdoStateStore
{
    // A named lock, so that two tasks starting together do not run the same schema step twice.
    private const string SchemaLockName = "queryaudit.schema";
    private static readonly TimeSpan SchemaLockTimeout = TimeSpan.FromSeconds(60);

    private readonly string _connectionString;

    private MySqlStateStore(string connectionString, string description, TimeProvider timeProvider)
        : base(MySqlDialect.Instance, timeProvider)
    {
        _connectionString = connectionString;
        Description = description;
    }

    public override string Description { get; }

    /// <summary>
    /// Connects to the database named in <paramref name="connectionString"/> (a MySqlConnector connection string, which
    /// must name a database) and brings its schema up to date.
    /// </summary>
    public static Task<MySqlStateStore> OpenAsync(string connectionString, TimeProvider timeProvider, CancellationToken cancellationToken) =>
        OpenAsync(connectionString, timeProvider, int.MaxValue, cancellationToken);

    /// <summary>Opens the store and applies the schema steps up to <paramref name="schemaVersion"/> only (for upgrade tests).</summary>
    internal static async Task<MySqlStateStore> OpenAsync(string connectionString, TimeProvider timeProvider, int schemaVersion, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        MySqlConnectionStringBuilder builder;
        try
        {
            builder = new MySqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"The MySQL store connection string is invalid: {e.Message}. Use the form Server=HOST;Port=3306;User ID=USER;Password=...;Database=NAME.", nameof(connectionString), e);
        }

        if (string.IsNullOrEmpty(builder.Database))
        {
            throw new ArgumentException("The MySQL store connection string names no database; add Database=NAME.", nameof(connectionString));
        }

        // Lease renewal reads the matched-row count of an UPDATE; this is MySqlConnector's default, forced here whatever the string sets.
        builder.UseAffectedRows = false;
        builder.CharacterSet = "utf8mb4";
        string description = $"mysql:{builder.Server}:{builder.Port}/{builder.Database}";
        MySqlStateStore store = new(builder.ConnectionString, description, timeProvider);
        await store.MigrateAsync(schemaVersion, cancellationToken).ConfigureAwait(false);
        return store;
    }

    private protected override async Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        MySqlConnection connection = new(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private protected override async Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken) =>
        await ((MySqlConnection)connection).BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken).ConfigureAwait(false);

    private async Task MigrateAsync(int schemaVersion, CancellationToken cancellationToken)
    {
        DbConnection connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using (DbCommand acquire = connection.CreateCommand(null, "SELECT GET_LOCK(@name, @timeout)")
                .With("name", SchemaLockName)
                .With("timeout", (int)SchemaLockTimeout.TotalSeconds))
            {
                object? granted = await acquire.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
                if (granted is null or DBNull || Convert.ToInt64(granted, System.Globalization.CultureInfo.InvariantCulture) != 1)
                {
                    throw new TimeoutException(
                        $"Another process held the schema lock '{SchemaLockName}' of {Description} for over {SchemaLockTimeout.TotalSeconds} s; check for a stuck QueryAudit task and retry.");
                }
            }

            try
            {
                SchemaVersion = await SchemaMigrator.MigrateAsync(
                    connection,
                    null,
                    "CREATE TABLE IF NOT EXISTS schema_version (version INT NOT NULL PRIMARY KEY, description VARCHAR(512) NOT NULL, applied_at BIGINT NOT NULL) " +
                    "ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin",
                    MySqlSchema.Migrations.Where(m => m.Version <= schemaVersion).ToList(),
                    Time,
                    Description,
                    cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                using DbCommand release = connection.CreateCommand(null, "SELECT RELEASE_LOCK(@name)").With("name", SchemaLockName);
                await release.ExecuteScalarAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }
    }
}
