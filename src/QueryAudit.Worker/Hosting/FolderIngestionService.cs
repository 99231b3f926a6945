using System.Data.Common;
using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using QueryAudit.Core.Audit;
using QueryAudit.Core.State;

namespace QueryAudit.Worker.Hosting;

/// <summary>
/// Ingests one configured folder while this task holds the folder's lease: one pipeline reads every file of the
/// folder in reading order (oldest rotation first) for as long as the lease lasts, as <c>queryaudit reconcile</c> reads
/// them, so that statements, logins and failed-login bursts that span files or batches give the same findings. A task
/// that does not get the lease tries again every <c>Ingestion:PollInterval</c>; one instance runs per folder source.
/// </summary>
internal sealed class FolderIngestionService(
    SourceSpec source,
    StoreAccessor store,
    ReconcileContextLoader contextLoader,
    BatchCommitter committer,
    WorkerIdentity identity,
    IOptions<QueryAuditOptions> options,
    TimeProvider timeProvider,
    ILogger<FolderIngestionService> logger) : BackgroundService
{
    private LeaseWaitReporter? _leaseWait;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Let the host finish starting the other services before the first scan.
        await Task.Yield();
        Log.SourceStarted(logger, source.Location);

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ReadWhileLeasedAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is DbException or IOException or TimeoutException or InvalidOperationException or LeaseLostException or JsonException)
            {
                // The pipeline is dropped; the next lease holder rebuilds it from the last checkpoint.
                Log.ScanFailed(logger, source.Location, options.Value.Ingestion.PollInterval, e);
            }

            try
            {
                await Task.Delay(options.Value.Ingestion.PollInterval, timeProvider, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        Log.SourceStopped(logger, source.Location);
    }

    private async Task ReadWhileLeasedAsync(CancellationToken stoppingToken)
    {
        QueryAuditOptions settings = options.Value;
        string key = FolderCheckpoint.SourceKeyOf(source.Location);
        IStateStore state = store.Store;
        if (!await state.TryAcquireLeaseAsync(key, identity.Owner, settings.Ingestion.LeaseTtl, stoppingToken).ConfigureAwait(false))
        {
            _leaseWait ??= new LeaseWaitReporter(logger, source.Location, key);
            await _leaseWait.ReportAsync(state, stoppingToken).ConfigureAwait(false);
            return;
        }

        _leaseWait?.Reset();

        try
        {
            SourceCheckpoint? stored = await state.GetCheckpointAsync(key, stoppingToken).ConfigureAwait(false);
            FolderCheckpoint checkpoint = stored is null
                ? new FolderCheckpoint(source.Location, timeProvider.GetUtcNow().AddDays(-settings.Ingestion.LookbackDays), [])
                : FolderCheckpoint.FromJson(stored.StateJson);
            IngestSession session = new(contextLoader.Context, key, checkpoint.PeriodStart, settings.Cluster);
            FolderReader reader = new(
                session,
                checkpoint,
                source.Location,
                new FolderReaderServices(store, committer, identity, settings, timeProvider, logger),
                stoppingToken);

            // The reader ends its stream only on shutdown, after committing; reading itself is never cancelled mid-line.
            await session.Pipeline.ReadAsync(reader, CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            await state.ReleaseLeaseAsync(key, identity.Owner, CancellationToken.None).ConfigureAwait(false);
        }
    }
}
