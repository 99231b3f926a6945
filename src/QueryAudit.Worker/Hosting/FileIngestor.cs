using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using QueryAudit.Core.Audit;
using QueryAudit.Core.State;

namespace QueryAudit.Worker.Hosting;

/// <summary>
/// Reads one audit log file from its last committed line to its end in batches that end at multiples of
/// <c>Ingestion:BatchLines</c> (or at the end of the file, or at a stop), each committed with its checkpoint. While reading, the task holds the file's lease in the store, so that a second
/// task reads other files.
/// </summary>
internal sealed class FileIngestor(
    StoreAccessor store,
    BatchCommitter committer,
    WorkerIdentity identity,
    IOptions<QueryAuditOptions> options,
    ILogger<FileIngestor> logger)
{
    /// <summary>
    /// Reads new lines of <paramref name="file"/>. When <paramref name="stoppingToken"/> is cancelled, reading stops
    /// after the current line and the lines in hand are committed before this method returns.
    /// </summary>
    /// <exception cref="LeaseLostException">Another task took the file's lease; the batch in hand was not committed.</exception>
    public async Task<FileIngestResult> IngestAsync(string configuredSource, FileAuditLineSource file, CancellationToken stoppingToken)
    {
        int batchLines = options.Value.Ingestion.BatchLines;
        TimeSpan leaseTtl = options.Value.Ingestion.LeaseTtl;
        IStateStore state = store.Store;
        List<RawAuditLine> batch = new(Math.Min(batchLines, 65_536));
        string? key = null;
        long skipThrough = 0;
        long lastLine = 0;
        long committedLines = 0;
        string? sourceError = null;

        // Reading is not cancelled by the stopping token: a stop ends the loop between lines, so the batch in hand
        // is complete up to a line boundary and can still be committed.
        IAsyncEnumerator<RawAuditLine> reader = file.ReadLinesAsync(CancellationToken.None).GetAsyncEnumerator(CancellationToken.None);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                bool more;
                try
                {
                    more = await reader.MoveNextAsync().ConfigureAwait(false);
                }
                catch (AuditInputException e)
                {
                    // A damaged file (a cut gzip stream): keep the lines before the damage and record it once.
                    Log.FileDamaged(logger, file.Path, lastLine, e.Message);
                    sourceError = e.Message;
                    more = false;
                }

                if (!more)
                {
                    break;
                }

                RawAuditLine line = reader.Current;
                if (key is null)
                {
                    key = FileCheckpoint.KeyOf(file.Path, line.Bytes.Span);
                    if (!await state.TryAcquireLeaseAsync(key, identity.Owner, leaseTtl, stoppingToken).ConfigureAwait(false))
                    {
                        Log.FileLeasedElsewhere(logger, file.Path);
                        return FileIngestResult.LeasedElsewhere;
                    }

                    SourceCheckpoint? checkpoint = await state.GetCheckpointAsync(key, stoppingToken).ConfigureAwait(false);
                    skipThrough = checkpoint is null ? 0 : FileCheckpoint.FromJson(checkpoint.StateJson).Line;
                }

                lastLine = line.Position.Line;
                if (lastLine <= skipThrough)
                {
                    continue;
                }

                batch.Add(line with { Bytes = line.Bytes.ToArray() });

                // Batches end at multiples of the batch size, not after a count of lines, so that a run resumed after
                // a crash cuts the file at the same lines as an uninterrupted run and reconciles the same batches.
                if (lastLine % batchLines == 0)
                {
                    committedLines += await CommitAsync(configuredSource, key, file, batch, lastLine, null).ConfigureAwait(false);
                }
            }

            if (key is not null && (batch.Count > 0 || sourceError is not null))
            {
                committedLines += await CommitAsync(configuredSource, key, file, batch, lastLine, sourceError).ConfigureAwait(false);
            }
        }
        finally
        {
            await reader.DisposeAsync().ConfigureAwait(false);
            if (key is not null)
            {
                await state.ReleaseLeaseAsync(key, identity.Owner, CancellationToken.None).ConfigureAwait(false);
            }
        }

        if (committedLines > 0)
        {
            Log.FileRead(logger, file.Path, committedLines, lastLine);
        }

        return stoppingToken.IsCancellationRequested ? FileIngestResult.Stopped : FileIngestResult.Done;
    }

    private async Task<long> CommitAsync(
        string configuredSource, string key, FileAuditLineSource file, List<RawAuditLine> batch, long lastLine, string? sourceError)
    {
        // The lease is renewed before each commit; the transaction checks it again under a row lock.
        if (!await store.Store.RenewLeaseAsync(key, identity.Owner, options.Value.Ingestion.LeaseTtl, CancellationToken.None).ConfigureAwait(false))
        {
            throw new LeaseLostException($"The lease on {file.Path} ({key}) was taken by another task; its new owner reads on from the last checkpoint.");
        }

        // The commit is not cancelled on shutdown: finishing the batch in hand is what keeps shutdown lossless.
        BatchOutcome outcome = await committer.CommitAsync(
            configuredSource,
            key,
            identity.Owner,
            file.Path,
            batch,
            new FileCheckpoint(file.Path, lastLine).ToJson(),
            sourceError,
            CancellationToken.None).ConfigureAwait(false);
        Log.BatchCommitted(logger, file.Path, lastLine, outcome.Lines, outcome.Events, outcome.Findings, outcome.Quarantined);
        batch.Clear();
        return outcome.Lines;
    }
}

/// <summary>
/// How reading one file ended.
/// </summary>
internal enum FileIngestResult
{
    /// <summary>Read to its end and committed.</summary>
    Done,

    /// <summary>Stopped by shutdown after committing the lines in hand.</summary>
    Stopped,

    /// <summary>Another task holds the file's lease; nothing was read.</summary>
    LeasedElsewhere,
}
