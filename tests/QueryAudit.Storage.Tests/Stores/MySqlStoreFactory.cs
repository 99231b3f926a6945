using Microsoft.Extensions.Time.Testing;
using MySqlConnector;
using QueryAudit.Core.State;
using QueryAudit.Storage.MySql;

namespace QueryAudit.Storage.Tests.Stores;

/// <summary>
/// MySQL stores, each in a new database <c>queryaudit_test_*</c> on the server that scripts/start-test-mariadb.sh
/// started, dropped on dispose.
/// </summary>
public sealed class MySqlStoreFactory : IStoreFactory
{
    /// <summary>The variable the start script prints; its value is a MySqlConnector connection string.</summary>
    public const string Variable = "QUERYAUDIT_TEST_MYSQL";

    private readonly string _serverConnectionString;
    private readonly List<string> _databases = [];
    private readonly List<IStateStore> _opened = [];

    private MySqlStoreFactory(string serverConnectionString)
    {
        _serverConnectionString = serverConnectionString;
    }

    /// <summary>
    /// Returns a factory for the test server. Without <see cref="Variable"/>, fails the test under CI (CI=true) and
    /// ignores it elsewhere, naming the script that starts the server.
    /// </summary>
    public static MySqlStoreFactory FromEnvironment()
    {
        string? connectionString = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrEmpty(connectionString))
        {
            string message = $"{Variable} is not set, so the MySQL store tests have no server. Run: eval \"$(scripts/start-test-mariadb.sh)\" (scripts/test.sh does this).";
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            {
                Assert.Fail(message);
            }

            Assert.Ignore(message);
        }

        return new MySqlStoreFactory(connectionString!);
    }

    private string CurrentConnectionString => new MySqlConnectionStringBuilder(_serverConnectionString)
    {
        Database = _databases.Count > 0 ? _databases[^1] : throw new InvalidOperationException("Create a store first."),
    }.ConnectionString;

    public async Task<IStateStore> CreateAsync(FakeTimeProvider time, int schemaVersion = int.MaxValue)
    {
        string database = "queryaudit_test_" + Guid.NewGuid().ToString("N")[..16];
        await using (MySqlConnection connection = new(_serverConnectionString))
        {
            await connection.OpenAsync();
            await using MySqlCommand command = new($"CREATE DATABASE `{database}` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin", connection);
            await command.ExecuteNonQueryAsync();
        }

        _databases.Add(database);
        return await ReopenAsync(time, schemaVersion);
    }

    public async Task<IStateStore> ReopenAsync(FakeTimeProvider time, int schemaVersion = int.MaxValue)
    {
        IStateStore store = await MySqlStateStore.OpenAsync(CurrentConnectionString, time, schemaVersion, CancellationToken.None);
        _opened.Add(store);
        return store;
    }

    public async Task ExecuteRawAsync(string sql)
    {
        await using MySqlConnection connection = new(CurrentConnectionString);
        await connection.OpenAsync();
        await using MySqlCommand command = new(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (IStateStore store in _opened)
        {
            await store.DisposeAsync();
        }

        MySqlConnection.ClearAllPools();
        await using MySqlConnection connection = new(_serverConnectionString);
        await connection.OpenAsync();
        foreach (string database in _databases)
        {
            await using MySqlCommand command = new($"DROP DATABASE IF EXISTS `{database}`", connection);
            await command.ExecuteNonQueryAsync();
        }
    }
}
