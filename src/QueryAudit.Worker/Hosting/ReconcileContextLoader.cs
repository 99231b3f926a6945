using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using QueryAudit.Core.Catalog;
using QueryAudit.Worker.Hosting.Cloud;

namespace QueryAudit.Worker.Hosting;

/// <summary>
/// Loads the policy and catalog when the host starts, after the settings were validated, so that an invalid policy
/// file stops the start with its own message. An <c>s3://</c> policy or catalog is first copied to a folder under the
/// temporary folder, the only writable path of the container.
/// </summary>
internal sealed class ReconcileContextLoader(IOptions<QueryAuditOptions> options, CloudClients clients, ILogger<ReconcileContextLoader> logger) : IHostedService
{
    private ReconcileContext? _context;

    /// <summary>The loaded context; throws before the host has started.</summary>
    public ReconcileContext Context => _context ?? throw new InvalidOperationException("The policy and catalog are not loaded yet; they load when the host starts.");

    /// <summary>The local policy file: the <c>Policy</c> setting, or its downloaded copy.</summary>
    public string PolicyFile { get; private set; } = options.Value.Policy;

    /// <summary>The local catalog folder: the <c>Catalog</c> setting, or its downloaded copy.</summary>
    public string CatalogFolder { get; private set; } = options.Value.Catalog;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        QueryAuditOptions settings = options.Value;
        string copies = Path.Combine(Path.GetTempPath(), $"queryaudit-inputs-{Environment.ProcessId}");
        if (IsS3(settings.Catalog))
        {
            CatalogFolder = Path.Combine(copies, "catalog");
            int objects = await S3InputDownloader.DownloadFolderAsync(clients.S3, settings.Catalog, CatalogFolder, cancellationToken).ConfigureAwait(false);
            CloudLog.InputDownloaded(logger, settings.Catalog, CatalogFolder, objects);
        }

        if (IsS3(settings.Policy))
        {
            PolicyFile = Path.Combine(copies, "policy.yaml");
            await S3InputDownloader.DownloadFileAsync(clients.S3, settings.Policy, PolicyFile, cancellationToken).ConfigureAwait(false);
            CloudLog.InputDownloaded(logger, settings.Policy, PolicyFile, 1);
        }

        _context = ReconcileContext.Load(PolicyFile, CatalogFolder);
        foreach (CatalogProblem problem in _context.Catalog.Problems)
        {
            Log.CatalogProblem(logger, settings.Catalog, problem.ToString());
        }

        Log.ContextLoaded(logger, settings.Policy, settings.Catalog, _context.Catalog.Scripts.Count);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static bool IsS3(string value) => value.StartsWith("s3://", StringComparison.OrdinalIgnoreCase);
}
