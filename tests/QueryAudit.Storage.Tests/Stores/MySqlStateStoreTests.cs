namespace QueryAudit.Storage.Tests.Stores;

/// <summary>
/// The store contract against a real MariaDB server (scripts/start-test-mariadb.sh).
/// </summary>
[TestFixture]
public sealed class MySqlStateStoreTests : StateStoreContractTests
{
    [Test]
    public void Open_ConnectionStringWithoutDatabase_IsRejected()
    {
        ArgumentException? error = Assert.ThrowsAsync<ArgumentException>(
            () => MySql.MySqlStateStore.OpenAsync("Server=127.0.0.1;Port=1;User ID=x", Time, CancellationToken.None));

        Assert.That(error!.Message, Does.Contain("Database=NAME"));
    }

    protected override IStoreFactory CreateFactory() => MySqlStoreFactory.FromEnvironment();

    protected override Task TamperAsync(string sql) => Factory.ExecuteRawAsync(sql);
}
