using System.Data.Common;
using Microsoft.Data.Sqlite;
using QueryAudit.Storage.Ado;
using QueryAudit.Storage.Schema;

namespace QueryAudit.Storage.Sqlite;

/// <summary>
/// The embedded state store: one SQLite file in WAL mode, so readers (triage, reports) do not block the writer.
/// Several processes may open the same file; writes are serialised by SQLite's lock, waiting up to
/// <see cref="BusyTimeout"/> for it.
/// </summary>
public sealed class SqliteStateStore : AdoStateStore
{
    /// <summary>How long a write waits for another process's write lock before failing. 30 seconds.</summary>
    public static readonly TimeSpan BusyTimeout = TimeSpan.FromSeconds(30);

    // SQLITE_NOTADB (SQLite result codes): the file exists but is not an SQLite database.
    private const int NotADatabase = 26;

    private readonly string _connectionString;

    private SqliteStateStore(string path, string connectionString, TimeProvider timeProvider)
        : base(SqliteDialect.Instance, timeProvider)
    {
        Path = path;
        _connectionString = connectionString;
    }

    /// <summary>Full path of the database file.</summary>
    public string Path { get; }

    public override string Description => "sqlite:" + Path;

    /// <summary>Opens (creating when missing) the store file at <paramref name="path"/> and brings its schema up to date.</summary>
    public static Task<SqliteStateStore> OpenAsync(string path, TimeProvider timeProvider, CancellationToken cancellationToken) =>
        OpenAsync(path, timeProvider, int.MaxValue, cancellationToken);

    /// <summary>Opens the store and applies the schema steps up to <paramref name="schemaVersion"/> only (for upgrade tests).</summary>
    internal static async Task<SqliteStateStore> OpenAsync(string path, TimeProvider timeProvider, int schemaVersion, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string fullPath = System.IO.Path.GetFullPath(path);
        string? folder = System.IO.Path.GetDirectoryName(fullPath);
        if (folder is not null && !Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"The folder of the SQLite store {fullPath} does not exist; create it or choose another --store path.");
        }

        SqliteConnectionStringBuilder builder = new()
        {
            DataSource = fullPath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = (int)BusyTimeout.TotalSeconds,
        };
        SqliteStateStore store = new(fullPath, builder.ToString(), timeProvider);
        try
        {
            await store.MigrateAsync(schemaVersion, cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException e) when (e.SqliteErrorCode == NotADatabase)
        {
            await store.DisposeAsync().ConfigureAwait(false);
            throw new IOException(
                $"{fullPath} is not a SQLite database ({e.Message.TrimEnd('.')}); give --store a queryaudit store, or a new file name to create one.", e);
        }

        return store;
    }

    public override ValueTask DisposeAsync()
    {
        // Pooled connections keep the file open (and its -wal/-shm files present) until the pool lets them go.
        using (SqliteConnection connection = new(_connectionString))
        {
            SqliteConnection.ClearPool(connection);
        }

        return base.DisposeAsync();
    }

    private protected override async Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        SqliteConnection connection = new(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);

            // busy_timeout is per connection: wait for another writer instead of failing at once with SQLITE_BUSY.
            using DbCommand pragma = connection.CreateCommand(null, $"PRAGMA busy_timeout = {(int)BusyTimeout.TotalMilliseconds}");
            await pragma.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private protected override Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        // deferred: false starts with BEGIN IMMEDIATE, taking the write lock before the first read, so a
        // read-modify-write (trail append, disposition change) cannot be overtaken by another writer.
        // Microsoft.Data.Sqlite has no asynchronous overload with this choice; the wait is the busy timeout at most.
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: false));
    }

    private async Task MigrateAsync(int schemaVersion, CancellationToken cancellationToken)
    {
        DbConnection connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            // WAL is a property of the file: set once, it holds for every later connection.
            using (DbCommand wal = connection.CreateCommand(null, "PRAGMA journal_mode = WAL"))
            {
                await wal.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            DbTransaction transaction = await BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                SchemaVersion = await SchemaMigrator.MigrateAsync(
                    connection,
                    transaction,
                    "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL PRIMARY KEY, description TEXT NOT NULL, applied_at INTEGER NOT NULL)",
                    SqliteSchema.Migrations.Where(m => m.Version <= schemaVersion).ToList(),
                    Time,
                    Description,
                    cancellationToken).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
