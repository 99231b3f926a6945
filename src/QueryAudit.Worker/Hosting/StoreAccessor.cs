using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using QueryAudit.Core.State;
using QueryAudit.Storage;

namespace QueryAudit.Worker.Hosting;

/// <summary>
/// Opens the state store when the host starts (before the sources, which are registered after it) and closes it last.
/// A store that cannot be opened stops the start, so a wrong <c>Store</c> setting ends the service with an error.
/// </summary>
internal sealed class StoreAccessor(IOptions<QueryAuditOptions> options, TimeProvider timeProvider, ILogger<StoreAccessor> logger)
    : IHostedService, IAsyncDisposable
{
    private IStateStore? _store;

    /// <summary>The open store; throws before the host has started.</summary>
    public IStateStore Store => _store ?? throw new InvalidOperationException("The state store is not open yet; it opens when the host starts.");

    public bool IsOpen => _store is not null;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _store = await StateStoreLocation.OpenAsync(StoreSettings.Resolve(options.Value), timeProvider, cancellationToken).ConfigureAwait(false);
        Log.StoreOpened(logger, _store.Description, _store.SchemaVersion);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (_store is not null)
        {
            await _store.DisposeAsync().ConfigureAwait(false);
            _store = null;
        }
    }
}
