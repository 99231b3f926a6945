using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using QueryAudit.Core.Audit;
using QueryAudit.Core.State;

namespace QueryAudit.Worker.Hosting.Cloud;

/// <summary>
/// Reads one cloud source (a CloudWatch Logs stream or an S3 archive prefix) from its committed checkpoint until it has
/// nothing more to read, in batches of <c>Ingestion:BatchLines</c> lines. Each batch is committed by
/// <see cref="BatchCommitter"/> with the checkpoint after its last line, in the same transaction as its results, while
/// this task holds the source's lease.
/// </summary>
/// <remarks>
/// NOTE: each batch is reconciled through a fresh pipeline (the list overload of <see cref="BatchCommitter"/>), so a
/// statement or failed-login burst that straddles two batches of a stream, or a burst spread over instances (each
/// stream is reconciled on its own), is not found while ingesting. In live following every poll ends a batch. The
/// monthly report reads the month again as a whole and finds them.
/// </remarks>
internal sealed class CloudSourceIngestor(
    StoreAccessor store,
    BatchCommitter committer,
    WorkerIdentity identity,
    IOptions<QueryAuditOptions> options,
    TimeProvider timeProvider,
    ILogger<CloudSourceIngestor> logger)
{
    /// <summary>
    /// Takes the lease of <paramref name="sourceKey"/>, opens the source from its checkpoint with
    /// <paramref name="open"/> and reads it. When <paramref name="stoppingToken"/> is cancelled, reading stops after the
    /// current line and the lines in hand are committed before this method returns.
    /// </summary>
    /// <returns>How reading ended, and the checkpoint JSON committed last (null when none exists).</returns>
    /// <exception cref="LeaseLostException">Another task took the lease; the batch in hand was not committed.</exception>
    public async Task<(CloudIngestResult Result, string? Checkpoint)> IngestAsync(
        string configuredSource, string sourceKey, string sourceName, Func<string?, ICheckpointedSource> open, CancellationToken stoppingToken)
    {
        ArgumentNullException.ThrowIfNull(open);
        IStateStore state = store.Store;
        TimeSpan leaseTtl = options.Value.Ingestion.LeaseTtl;
        if (!await state.TryAcquireLeaseAsync(sourceKey, identity.Owner, leaseTtl, stoppingToken).ConfigureAwait(false))
        {
            CloudLog.LeasedElsewhere(logger, sourceKey);
            return (CloudIngestResult.LeasedElsewhere, null);
        }

        // A read between two commits can outlast the lease, for example a long backfill of empty windows or retries
        // under throttling. So the lease is renewed in the background, and losing it cancels the read.
        using CancellationTokenSource reading = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        using CancellationTokenSource renewalStop = new();
        Task<bool> renewal = RenewLeaseAsync(sourceKey, leaseTtl, reading, renewalStop.Token);
        try
        {
            SourceCheckpoint? stored = await state.GetCheckpointAsync(sourceKey, stoppingToken).ConfigureAwait(false);
            Reading run = new(configuredSource, sourceKey, sourceName, open(stored?.StateJson), stored?.StateJson);
            await ReadAsync(run, renewal, reading.Token).ConfigureAwait(false);
            return (stoppingToken.IsCancellationRequested ? CloudIngestResult.Stopped : CloudIngestResult.Done, run.Committed);
        }
        finally
        {
            await renewalStop.CancelAsync().ConfigureAwait(false);
            await ((Task)renewal).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            await state.ReleaseLeaseAsync(sourceKey, identity.Owner, CancellationToken.None).ConfigureAwait(false);
        }
    }

    private async Task ReadAsync(Reading run, Task<bool> renewal, CancellationToken readingToken)
    {
        int batchLines = options.Value.Ingestion.BatchLines;
        List<RawAuditLine> batch = new(Math.Min(batchLines, 65_536));
        IAsyncEnumerator<RawAuditLine> reader = run.Source.ReadLinesAsync(readingToken).GetAsyncEnumerator(readingToken);
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
                    break;
                }
                catch (Exception) when (!readingToken.IsCancellationRequested && batch.Count > 0)
                {
                    // The lines read before the failure are whole, so they are committed and the caller retries from there.
                    await CommitAsync(run, batch).ConfigureAwait(false);
                    throw;
                }

                if (!more)
                {
                    break;
                }

                RawAuditLine line = reader.Current;
                batch.Add(line with { Bytes = line.Bytes.ToArray() });
                if (batch.Count >= batchLines)
                {
                    await CommitAsync(run, batch).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            await reader.DisposeAsync().ConfigureAwait(false);
        }

        if (renewal.IsCompleted && !await renewal.ConfigureAwait(false))
        {
            throw new LeaseLostException($"The lease on {run.SourceKey} was taken by another task; its new owner reads on from the last checkpoint.");
        }

        // A read without new lines may still have moved the checkpoint (closed windows, listed objects).
        if (batch.Count > 0 || run.Source.CheckpointJson != run.Committed)
        {
            await CommitAsync(run, batch).ConfigureAwait(false);
        }
    }

    private async Task CommitAsync(Reading run, List<RawAuditLine> batch)
    {
        string? checkpoint = run.Source.CheckpointJson;
        if (checkpoint is null)
        {
            return;
        }

        if (!await store.Store.RenewLeaseAsync(run.SourceKey, identity.Owner, options.Value.Ingestion.LeaseTtl, CancellationToken.None).ConfigureAwait(false))
        {
            throw new LeaseLostException($"The lease on {run.SourceKey} was taken by another task; its new owner reads on from the last checkpoint.");
        }

        // The commit is not cancelled on shutdown: finishing the batch in hand is what keeps shutdown lossless.
        BatchOutcome outcome = await committer.CommitAsync(
            run.ConfiguredSource, run.SourceKey, identity.Owner, run.SourceName, batch, checkpoint, null, CancellationToken.None).ConfigureAwait(false);
        run.Committed = checkpoint;
        if (outcome.Lines > 0)
        {
            CloudLog.BatchCommitted(logger, run.SourceKey, outcome.Lines, outcome.Events, outcome.Findings, outcome.Quarantined);
        }

        batch.Clear();
    }

    /// <summary>Renews the lease every third of its time to live; returns false and cancels the read when it was lost.</summary>
    private async Task<bool> RenewLeaseAsync(string sourceKey, TimeSpan leaseTtl, CancellationTokenSource reading, CancellationToken stop)
    {
        while (true)
        {
            try
            {
                await Task.Delay(leaseTtl / 3, timeProvider, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return true;
            }

            if (!await store.Store.RenewLeaseAsync(sourceKey, identity.Owner, leaseTtl, CancellationToken.None).ConfigureAwait(false))
            {
                CloudLog.LeaseLost(logger, sourceKey);
                await reading.CancelAsync().ConfigureAwait(false);
                return false;
            }
        }
    }

    private sealed class Reading(string configuredSource, string sourceKey, string sourceName, ICheckpointedSource source, string? committed)
    {
        public string ConfiguredSource { get; } = configuredSource;

        public string SourceKey { get; } = sourceKey;

        public string SourceName { get; } = sourceName;

        public ICheckpointedSource Source { get; } = source;

        public string? Committed { get; set; } = committed;
    }
}

/// <summary>
/// How reading one cloud source ended.
/// </summary>
internal enum CloudIngestResult
{
    /// <summary>Read as far as the source allows now, and committed.</summary>
    Done,

    /// <summary>Stopped by shutdown after committing the lines in hand.</summary>
    Stopped,

    /// <summary>Another task holds the lease; nothing was read.</summary>
    LeasedElsewhere,
}
