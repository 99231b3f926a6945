using MySqlConnector;

namespace QueryAudit.Worker.Tests.Triage;

/// <summary>
/// A store location for one test: a SQLite file in a temporary folder, or a new database on the test MariaDB server
/// (scripts/start-test-mariadb.sh). Dispose removes it.
/// </summary>
internal abstract class TestStore : IAsyncDisposable
{
    /// <summary>The --store value, e.g. <c>sqlite:/tmp/.../store.db</c>.</summary>
    public abstract string Location { get; }

    public abstract ValueTask DisposeAsync();
}

internal sealed class SqliteTestStore : TestStore
{
    private readonly string _folder = TestPaths.NewTempFolder("triage-store");

    public override string Location => "sqlite:" + Path.Combine(_folder, "queryaudit.db");

    public override ValueTask DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
        return ValueTask.CompletedTask;
    }
}

internal sealed class MySqlTestStore : TestStore
{
    private readonly string _server;
    private readonly string _database = "queryaudit_test_" + Guid.NewGuid().ToString("N")[..16];

    private MySqlTestStore(string server)
    {
        _server = server;
    }

    public override string Location => "mysql:" + new MySqlConnectionStringBuilder(_server) { Database = _database }.ConnectionString;

    /// <summary>Creates the database; without QUERYAUDIT_TEST_MYSQL fails the test under CI=true and ignores it elsewhere.</summary>
    public static async Task<MySqlTestStore> CreateAsync()
    {
        string? server = Environment.GetEnvironmentVariable("QUERYAUDIT_TEST_MYSQL");
        if (string.IsNullOrEmpty(server))
        {
            string message = "QUERYAUDIT_TEST_MYSQL is not set, so the MySQL triage tests have no server. Run: eval \"$(scripts/start-test-mariadb.sh)\" (scripts/test.sh does this).";
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            {
                Assert.Fail(message);
            }

            Assert.Ignore(message);
        }

        MySqlTestStore store = new(server!);
        await using MySqlConnection connection = new(server);
        await connection.OpenAsync();
        await using MySqlCommand command = new($"CREATE DATABASE `{store._database}` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin", connection);
        await command.ExecuteNonQueryAsync();
        return store;
    }

    public override async ValueTask DisposeAsync()
    {
        MySqlConnection.ClearAllPools();
        await using MySqlConnection connection = new(_server);
        await connection.OpenAsync();
        await using MySqlCommand command = new($"DROP DATABASE IF EXISTS `{_database}`", connection);
        await command.ExecuteNonQueryAsync();
    }
}
