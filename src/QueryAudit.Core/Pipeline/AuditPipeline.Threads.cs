using System.Collections.Concurrent;
using System.Threading.Channels;
using QueryAudit.Core.Audit;

namespace QueryAudit.Core.Pipeline;

/// <summary>
/// Reading with <see cref="Threads"/> above 1. A second thread does what one thread does before reconciliation
/// (decompress, split lines, parse, count, quarantine, reorder, assemble) and hands the assembled records over in
/// batches. The calling thread reconciles them in the order they were assembled, which is the order one thread
/// reconciles them in. Each stage's state is used by one thread at a time, so counters, findings and their order
/// are the same for any thread count.
/// </summary>
/// <remarks>
/// On one thread, reconciling (splitting, classifying or normalising, matching) takes about as long as everything
/// before it, so this split keeps both threads busy.
/// </remarks>
public sealed partial class AuditPipeline
{
    // At most (QueuedBatches + 2) * BatchRecords records (about 5,000, a few MB) wait between the two threads, whatever
    // the size of the source, so memory stays flat as the input grows. Small batches also keep most records inside
    // the collector's youngest generation.
    private const int BatchRecords = 512;
    private const int QueuedBatches = 8;

    // True while a second thread assembles records for the calling thread to reconcile.
    private bool _handingOver;

    private async Task ReadInParallelAsync(IAuditLineSource source, SourceStatistics statistics, long linesBefore, CancellationToken cancellationToken)
    {
        Channel<List<AssembledRecord>> assembled = Channel.CreateBounded<List<AssembledRecord>>(
            new BoundedChannelOptions(QueuedBatches) { SingleReader = true, SingleWriter = true });
        ConcurrentQueue<List<AssembledRecord>> spare = new();
        using CancellationTokenSource stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _handingOver = true;
        Task reading = Task.Run(() => AssembleAsync(source, statistics, linesBefore, assembled.Writer, spare, stop.Token), CancellationToken.None);

        bool consumed = false;
        try
        {
            while (await assembled.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                while (assembled.Reader.TryRead(out List<AssembledRecord>? batch))
                {
                    foreach (AssembledRecord record in batch)
                    {
                        Reconcile(record, _reconciler);
                    }

                    batch.Clear();
                    spare.Enqueue(batch);
                }
            }

            consumed = true;
        }
        finally
        {
            if (!consumed)
            {
                // This thread failed or was cancelled: stop the reading thread and wait for it, because the parser and
                // the assembler are not thread-safe and nothing may use them while it runs. This thread's error is the
                // one reported.
                await stop.CancelAsync().ConfigureAwait(false);
                await Task.WhenAny(reading).ConfigureAwait(false);
                _ = reading.Exception;
            }

            _handingOver = false;
        }

        // Rethrows the source's error (for example a damaged gzip file) after the records read before it were
        // reconciled, as on one thread.
        await reading.ConfigureAwait(false);
    }

    private async Task AssembleAsync(
        IAuditLineSource source,
        SourceStatistics statistics,
        long linesBefore,
        ChannelWriter<List<AssembledRecord>> writer,
        ConcurrentQueue<List<AssembledRecord>> spare,
        CancellationToken cancellationToken)
    {
        try
        {
            await foreach (RawAuditLine line in source.ReadLinesAsync(cancellationToken).ConfigureAwait(false))
            {
                // Adds what the line completes to _assembled instead of reconciling it, because _handingOver is set.
                statistics.LastLine = line.Position.Line;
                Consume(_parser.Parse(line), source, statistics, linesBefore);
                if (_assembled.Count >= BatchRecords)
                {
                    await writer.WriteAsync(_assembled, cancellationToken).ConfigureAwait(false);
                    _assembled = spare.TryDequeue(out List<AssembledRecord>? empty) ? empty : new List<AssembledRecord>(BatchRecords * 2);
                }
            }
        }
        finally
        {
            try
            {
                // The records assembled before an error in the source are still reconciled, as on one thread.
                if (_assembled.Count > 0 && !cancellationToken.IsCancellationRequested)
                {
                    await writer.WriteAsync(_assembled, cancellationToken).ConfigureAwait(false);
                    _assembled = [];
                }
            }
            finally
            {
                writer.TryComplete();
            }
        }
    }
}
