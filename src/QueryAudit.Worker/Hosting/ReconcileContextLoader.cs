using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using QueryAudit.Core.Catalog;

namespace QueryAudit.Worker.Hosting;

/// <summary>
/// Loads the policy and catalog when the host starts, after the settings were validated, so that an invalid policy
/// file stops the start with its own message.
/// </summary>
internal sealed class ReconcileContextLoader(IOptions<QueryAuditOptions> options, ILogger<ReconcileContextLoader> logger) : IHostedService
{
    private ReconcileContext? _context;

    /// <summary>The loaded context; throws before the host has started.</summary>
    public ReconcileContext Context => _context ?? throw new InvalidOperationException("The policy and catalog are not loaded yet; they load when the host starts.");

    public Task StartAsync(CancellationToken cancellationToken)
    {
        QueryAuditOptions settings = options.Value;
        _context = ReconcileContext.Load(settings);
        foreach (CatalogProblem problem in _context.Catalog.Problems)
        {
            Log.CatalogProblem(logger, settings.Catalog, problem.ToString());
        }

        Log.ContextLoaded(logger, settings.Policy, settings.Catalog, _context.Catalog.Scripts.Count);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
