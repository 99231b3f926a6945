using Microsoft.Extensions.Time.Testing;
using QueryAudit.Core.State;

namespace QueryAudit.Storage.Tests.Stores;

/// <summary>
/// Makes empty stores of one kind for tests and changes their rows behind the store's back.
/// </summary>
public interface IStoreFactory : IAsyncDisposable
{
    /// <summary>Opens a new, empty store with the schema steps up to <paramref name="schemaVersion"/>; every call gives a separate store.</summary>
    Task<IStateStore> CreateAsync(FakeTimeProvider time, int schemaVersion = int.MaxValue);

    /// <summary>Opens the store last created again, as a second process (of a version that knows <paramref name="schemaVersion"/>) would.</summary>
    Task<IStateStore> ReopenAsync(FakeTimeProvider time, int schemaVersion = int.MaxValue);

    /// <summary>Runs SQL on the store last created, outside the store's API, to simulate tampering.</summary>
    Task ExecuteRawAsync(string sql);
}
