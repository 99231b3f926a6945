using System.Data.Common;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Amazon.Runtime;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using QueryAudit.Aws.CloudWatchLogs;
using QueryAudit.Core.Audit;
using QueryAudit.Core.State;

namespace QueryAudit.Worker.Hosting.Cloud;

/// <summary>
/// Ingests one configured cloud source while this task holds its lease: one <see cref="IngestSession"/> reads every
/// event of the source (for a cluster, every instance's stream) for as long as the lease lasts, as
/// <c>queryaudit reconcile --source</c> reads them, so that statements, logins and failed-login bursts that span
/// batches, polls or instances give the same findings. Each poll reads everything that can be read now, committing
/// after every <c>Ingestion:BatchLines</c> lines and at its end, then waits <c>Ingestion:PollInterval</c>.
/// </summary>
/// <remarks>
/// A task that takes the source over reads the committed events again from the checkpoint's period start, without
/// committing them, to rebuild the state. So the replay grows with the period read, as a folder's does. A failed poll
/// (throttling beyond the retries, a server error, a damaged object) commits the lines read before the failure and is
/// retried at the next poll from there, keeping the state. A lost lease or a failed commit drops the state.
/// </remarks>
internal abstract class CloudIngestionService(
    SourceSpec source,
    CloudIngestionServices services,
    IOptions<QueryAuditOptions> options,
    TimeProvider timeProvider,
    ILogger logger) : BackgroundService
{
    private LeaseWaitReporter? _leaseWait;

    /// <summary>The configured source, e.g. <c>cloudwatch:billing-prod</c>, as metrics and logs name it.</summary>
    protected string SourceName { get; } = source.Kind == SourceKind.CloudWatch ? "cloudwatch:" + source.Location : source.Location;

    protected SourceSpec Source => source;

    protected IOptions<QueryAuditOptions> Options => options;

    protected TimeProvider Clock => timeProvider;

    /// <summary>The key of the source's lease, checkpoint and counters in the store.</summary>
    protected abstract string SourceKey { get; }

    /// <summary>Returns the committed events of <paramref name="committed"/> again, each once, in an order the pipeline can reconcile.</summary>
    protected abstract IAsyncEnumerable<RawAuditLine> ReplayAsync(CloudCheckpoint committed, CancellationToken cancellationToken);

    /// <summary>Opens one poll from <paramref name="committed"/>.</summary>
    protected abstract ICloudRead Open(CloudCheckpoint committed);

    /// <summary>Reports progress after a poll that read as far as the source allows now.</summary>
    protected virtual void PollCompleted(ICloudRead read, DateTimeOffset startedAt)
    {
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Let the host finish starting the other services before the first poll.
        await Task.Yield();
        Log.SourceStarted(logger, SourceName);

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ReadWhileLeasedAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e) when (e is DbException or LeaseLostException or InvalidOperationException || IsReadFailure(e))
            {
                // The state is dropped; the next lease holder rebuilds it from the last checkpoint.
                Log.ScanFailed(logger, SourceName, options.Value.Ingestion.PollInterval, e);
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

        Log.SourceStopped(logger, SourceName);
    }

    /// <summary>Failures of reading the source that a later poll may not meet again.</summary>
    private static bool IsReadFailure(Exception e) =>
        e is IOException or TimeoutException or AuditInputException or AmazonCloudWatchLogsException or AmazonServiceException
            or HttpRequestException or JsonException or InvalidDataException or OperationCanceledException;

    private async Task ReadWhileLeasedAsync(CancellationToken stoppingToken)
    {
        QueryAuditOptions settings = options.Value;
        IStateStore state = services.Store.Store;
        TimeSpan leaseTtl = settings.Ingestion.LeaseTtl;
        if (!await state.TryAcquireLeaseAsync(SourceKey, services.Identity.Owner, leaseTtl, stoppingToken).ConfigureAwait(false))
        {
            _leaseWait ??= new LeaseWaitReporter(logger, SourceName, SourceKey);
            await _leaseWait.ReportAsync(state, stoppingToken).ConfigureAwait(false);
            return;
        }

        _leaseWait?.Reset();

        // A poll between two commits can outlast the lease, for example a long backfill of empty windows or retries
        // under throttling. So the lease is renewed in the background, and losing it cancels the read.
        using CancellationTokenSource lost = new();
        using CancellationTokenSource reading = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, lost.Token);
        using CancellationTokenSource renewalStop = new();
        Task renewal = RenewLeaseAsync(leaseTtl, lost, renewalStop.Token);
        try
        {
            SourceCheckpoint? stored = await state.GetCheckpointAsync(SourceKey, stoppingToken).ConfigureAwait(false);
            CloudCheckpoint checkpoint = stored is null
                ? new CloudCheckpoint(SourceName, timeProvider.GetUtcNow().AddDays(-settings.Ingestion.LookbackDays), null, null)
                : CloudCheckpoint.FromJson(stored.StateJson);
            IngestSession session = new(
                services.ContextLoader.Context,
                SourceKey,
                checkpoint.PeriodStart,
                CloudPipelineSettings.ClusterOf(SourceName) ?? settings.Cluster,
                CloudPipelineSettings.ReorderWindowOf(SourceName));
            SessionLines lines = new(this, session, checkpoint, lost, reading.Token, stoppingToken);

            // The stream ends only on shutdown, after committing; reading itself is never cancelled mid-line.
            await session.Pipeline.ReadAsync(lines, CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            await renewalStop.CancelAsync().ConfigureAwait(false);
            await renewal.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            await state.ReleaseLeaseAsync(SourceKey, services.Identity.Owner, CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The lines of the source as one stream for the session's pipeline: the committed events again, then poll after
    /// poll. Commits happen inside the stream, between two lines, when the pipeline has reconciled every line given.
    /// </summary>
    private async IAsyncEnumerable<RawAuditLine> ReadSessionAsync(
        IngestSession session, CloudCheckpoint resumeFrom, CancellationTokenSource lost, [EnumeratorCancellation] CancellationToken readingToken, CancellationToken stoppingToken)
    {
        long replayed = 0;
        await foreach (RawAuditLine line in ReplayAsync(resumeFrom, readingToken).ConfigureAwait(false))
        {
            replayed++;
            yield return line;
        }

        session.EndReplay(await services.Store.Store.CountersAsync(session.ScopeKey, CancellationToken.None).ConfigureAwait(false));
        CloudLog.SourceResumed(logger, SourceName, replayed);

        QueryAuditOptions settings = options.Value;
        CloudCheckpoint committed = resumeFrom;
        string committedJson = resumeFrom.ToJson();
        while (true)
        {
            DateTimeOffset startedAt = timeProvider.GetUtcNow();
            ICloudRead read = Open(committed);
            Exception? failure = null;
            int lines = 0;
            IAsyncEnumerator<RawAuditLine> reader = read.ReadLinesAsync(readingToken).GetAsyncEnumerator(readingToken);
            try
            {
                while (true)
                {
                    bool more;
                    try
                    {
                        more = await reader.MoveNextAsync().ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (readingToken.IsCancellationRequested)
                    {
                        // A stop or a lost lease ends the read between two lines, so the checkpoint covers exactly the lines in hand.
                        more = false;
                    }
                    catch (Exception e) when (IsReadFailure(e))
                    {
                        failure = e;
                        more = false;
                    }

                    if (!more)
                    {
                        break;
                    }

                    yield return reader.Current;
                    lines++;
                    if (lines >= settings.Ingestion.BatchLines)
                    {
                        (committed, committedJson) = await CommitAsync(session, read.Checkpoint, lines).ConfigureAwait(false);
                        lines = 0;
                    }
                }
            }
            finally
            {
                await reader.DisposeAsync().ConfigureAwait(false);
            }

            if (lost.IsCancellationRequested)
            {
                CloudLog.LeaseLost(logger, SourceKey);
                throw new LeaseLostException($"The lease on {SourceName} ({SourceKey}) was taken by another task; its new owner reads on from the last checkpoint.");
            }

            // A poll without new lines may still have moved the checkpoint (closed windows, listed objects).
            string readJson = read.Checkpoint.ToJson();
            if (lines > 0 || session.Quarantined.Count > 0 || readJson != committedJson)
            {
                (committed, committedJson) = await CommitAsync(session, read.Checkpoint, lines).ConfigureAwait(false);
            }

            if (failure is not null)
            {
                // The lines before the failure are committed; the next poll reads on from there with the same state.
                Log.ScanFailed(logger, SourceName, settings.Ingestion.PollInterval, failure);
            }
            else if (!stoppingToken.IsCancellationRequested)
            {
                PollCompleted(read, startedAt);
            }

            if (stoppingToken.IsCancellationRequested)
            {
                yield break;
            }

            try
            {
                await Task.Delay(settings.Ingestion.PollInterval, timeProvider, readingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!lost.IsCancellationRequested)
            {
                yield break;
            }
            catch (OperationCanceledException)
            {
                CloudLog.LeaseLost(logger, SourceKey);
                throw new LeaseLostException($"The lease on {SourceName} ({SourceKey}) was taken by another task; its new owner reads on from the last checkpoint.");
            }
        }
    }

    private async Task<(CloudCheckpoint Checkpoint, string Json)> CommitAsync(IngestSession session, CloudCheckpoint checkpoint, int lines)
    {
        string json = checkpoint.ToJson();

        // The commit is not cancelled on shutdown: finishing the batch in hand is what keeps shutdown lossless.
        BatchOutcome outcome = await services.Committer.CommitAsync(
            session, SourceName, services.Identity.Owner, json, lines, CancellationToken.None).ConfigureAwait(false);
        if (outcome.Lines > 0 || outcome.Quarantined > 0)
        {
            CloudLog.BatchCommitted(logger, SourceKey, outcome.Lines, outcome.Events, outcome.Findings, outcome.Quarantined);
        }

        return (checkpoint, json);
    }

    /// <summary>Renews the lease every third of its time to live; cancels <paramref name="lost"/> when it was lost.</summary>
    private async Task RenewLeaseAsync(TimeSpan leaseTtl, CancellationTokenSource lost, CancellationToken stop)
    {
        while (true)
        {
            try
            {
                await Task.Delay(leaseTtl / 3, timeProvider, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            if (!await services.Store.Store.RenewLeaseAsync(SourceKey, services.Identity.Owner, leaseTtl, CancellationToken.None).ConfigureAwait(false))
            {
                await lost.CancelAsync().ConfigureAwait(false);
                return;
            }
        }
    }

    private sealed class SessionLines(
        CloudIngestionService owner,
        IngestSession session,
        CloudCheckpoint resumeFrom,
        CancellationTokenSource lost,
        CancellationToken readingToken,
        CancellationToken stoppingToken) : IAuditLineSource
    {
        public string Name => owner.SourceName;

        public async IAsyncEnumerable<RawAuditLine> ReadLinesAsync([EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await foreach (RawAuditLine line in owner.ReadSessionAsync(session, resumeFrom, lost, readingToken, stoppingToken).WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                yield return line;
            }
        }
    }
}

/// <summary>
/// What a <see cref="CloudIngestionService"/> uses from the host.
/// </summary>
internal sealed record CloudIngestionServices(
    StoreAccessor Store,
    ReconcileContextLoader ContextLoader,
    BatchCommitter Committer,
    WorkerIdentity Identity);
