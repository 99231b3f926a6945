using System.Data.Common;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using QueryAudit.Core.Audit;
using QueryAudit.Core.State;

namespace QueryAudit.Worker.Hosting;

/// <summary>
/// Ingests one configured folder: scans it for audit log files in reading order (oldest rotation first), reads each
/// from its checkpoint, then waits <c>Ingestion:PollInterval</c> and scans again. One instance runs per folder source.
/// </summary>
internal sealed class FolderIngestionService(
    SourceSpec source,
    FileIngestor ingestor,
    IOptions<QueryAuditOptions> options,
    TimeProvider timeProvider,
    ILogger<FolderIngestionService> logger) : BackgroundService
{
    // Files read to their end, with the length and write time they had then; unchanged files are not read again.
    private readonly Dictionary<string, (long Length, DateTime WrittenAt)> _finished = new(StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Let the host finish starting the other services before the first scan.
        await Task.Yield();
        Log.SourceStarted(logger, source.Location);

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ScanAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is DbException or IOException or TimeoutException or InvalidOperationException or LeaseLostException)
            {
                // The lines read but not committed are read again from the checkpoint on the next scan.
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

    private async Task ScanAsync(CancellationToken stoppingToken)
    {
        AuditInputSet inputs;
        try
        {
            inputs = AuditInputs.Expand([source.Location]);
        }
        catch (AuditInputException e)
        {
            // An empty folder is normal before the first rotation; say so at Debug only.
            Log.FolderEmpty(logger, source.Location, e.Message);
            return;
        }

        foreach (FileAuditLineSource file in inputs.Sources.OfType<FileAuditLineSource>())
        {
            if (stoppingToken.IsCancellationRequested)
            {
                return;
            }

            FileInfo info = new(file.Path);
            if (_finished.TryGetValue(file.Path, out (long Length, DateTime WrittenAt) seen) &&
                seen.Length == info.Length && seen.WrittenAt == info.LastWriteTimeUtc)
            {
                continue;
            }

            FileIngestResult result = await ingestor.IngestAsync(source.Location, file, stoppingToken).ConfigureAwait(false);
            if (result == FileIngestResult.Done)
            {
                _finished[file.Path] = (info.Length, info.LastWriteTimeUtc);
            }
        }
    }
}
