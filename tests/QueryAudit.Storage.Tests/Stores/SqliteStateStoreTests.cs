namespace QueryAudit.Storage.Tests.Stores;

/// <summary>
/// The store contract against SQLite files.
/// </summary>
[TestFixture]
public sealed class SqliteStateStoreTests : StateStoreContractTests
{
    [Test]
    public async Task Trail_EditThroughSql_IsRejectedByTrigger()
    {
        await using (Core.State.IStateTransaction transaction = await Store.BeginAsync(CancellationToken.None))
        {
            await transaction.AppendTrailAsync(new Core.Triage.TrailRecord("k.suzuki", "explain", ["F-0000000000000001"], null, "{}"), CancellationToken.None);
            await transaction.CommitAsync(CancellationToken.None);
        }

        Microsoft.Data.Sqlite.SqliteException? error = Assert.ThrowsAsync<Microsoft.Data.Sqlite.SqliteException>(
            () => Factory.ExecuteRawAsync("UPDATE trail SET actor = 'x' WHERE seq = 1"));

        Assert.That(error!.Message, Does.Contain("append-only"));
    }

    [Test]
    public async Task Open_MissingFolder_NamesTheFolder()
    {
        string path = Path.Combine(Path.GetTempPath(), "queryaudit-no-such-folder-" + Guid.NewGuid().ToString("N"), "store.db");

        DirectoryNotFoundException? error = Assert.ThrowsAsync<DirectoryNotFoundException>(
            () => Sqlite.SqliteStateStore.OpenAsync(path, Time, CancellationToken.None));

        Assert.That(error!.Message, Does.Contain(Path.GetDirectoryName(path)!));
        await Task.CompletedTask;
    }

    [Test]
    public async Task Open_FileNotDatabase_NamesThePath()
    {
        string path = Path.Combine(Path.GetTempPath(), "queryaudit-garbage-" + Guid.NewGuid().ToString("N") + ".db");
        await File.WriteAllTextAsync(path, "this is not a database, it is a text file of some length\n");
        try
        {
            IOException? error = Assert.ThrowsAsync<IOException>(
                () => Sqlite.SqliteStateStore.OpenAsync(path, Time, CancellationToken.None));

            Assert.That(error!.Message, Does.Contain(path));
            Assert.That(error.Message, Does.Contain("not a SQLite database"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    protected override IStoreFactory CreateFactory() => new SqliteStoreFactory();

    protected override async Task TamperAsync(string sql)
    {
        // The triggers stop casual edits; someone with file access can drop them, and the chain must still tell.
        await Factory.ExecuteRawAsync("DROP TRIGGER trail_no_update");
        await Factory.ExecuteRawAsync("DROP TRIGGER trail_no_delete");
        await Factory.ExecuteRawAsync(sql);
    }
}
