using Microsoft.Extensions.Time.Testing;
using QueryAudit.Core.State;
using QueryAudit.Storage.Sqlite;

namespace QueryAudit.Storage.Tests.Stores;

/// <summary>
/// SQLite stores in a temporary folder removed on dispose.
/// </summary>
public sealed class SqliteStoreFactory : IStoreFactory
{
    private readonly string _folder = Directory.CreateTempSubdirectory("queryaudit-store-tests-").FullName;
    private readonly List<IStateStore> _opened = [];
    private string? _path;

    public async Task<IStateStore> CreateAsync(FakeTimeProvider time, int schemaVersion = int.MaxValue)
    {
        _path = Path.Combine(_folder, $"store-{_opened.Count}.db");
        return await ReopenAsync(time, schemaVersion);
    }

    public async Task<IStateStore> ReopenAsync(FakeTimeProvider time, int schemaVersion = int.MaxValue)
    {
        IStateStore store = await SqliteStateStore.OpenAsync(_path ?? throw new InvalidOperationException("Create a store first."), time, schemaVersion, CancellationToken.None);
        _opened.Add(store);
        return store;
    }

    public async Task ExecuteRawAsync(string sql)
    {
        await using Microsoft.Data.Sqlite.SqliteConnection connection = new($"Data Source={_path};Pooling=False");
        await connection.OpenAsync();
        await using Microsoft.Data.Sqlite.SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (IStateStore store in _opened)
        {
            await store.DisposeAsync();
        }

        Directory.Delete(_folder, recursive: true);
    }
}
