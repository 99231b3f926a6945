using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using QueryAudit.Core.Audit;
using QueryAudit.Core.State;

namespace QueryAudit.Worker.Hosting;

/// <summary>
/// The lines of one folder source as one endless stream for an <see cref="IngestSession"/>'s pipeline: first the
/// committed lines of the checkpoint again (to rebuild the state that spans batches), then new lines of every file in
/// reading order (oldest rotation first), committing after each <c>Ingestion:BatchLines</c> lines and whenever the
/// folder has no more lines, then waiting <c>Ingestion:PollInterval</c> and looking again. The stream ends when
/// <paramref name="stoppingToken"/> is cancelled, after committing the lines in hand.
/// </summary>
/// <remarks>
/// Commits happen inside the stream, between two lines: the pipeline has reconciled every line it was given before
/// it reads the next one, so the state then matches the checkpoint exactly.
/// </remarks>
internal sealed class FolderReader(
    IngestSession session,
    FolderCheckpoint resumeFrom,
    string configuredSource,
    FolderReaderServices services,
    CancellationToken stoppingToken) : IAuditLineSource
{
    // Keys of files by path, with the length and write time they were taken at, so that a poll reads the first line
    // of a changed file only.
    private readonly Dictionary<string, (long Length, DateTime WrittenAt, string Key)> _keys = new(StringComparer.Ordinal);
    private readonly FileCopyChooser _copies = new(configuredSource, services.Logger);
    private readonly Dictionary<string, FileProgress> _progress = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];

    // The last line read, which a commit at the end of a scan names in its log line.
    private FileProgress? _lastRead;
    private readonly Dictionary<string, (long Length, DateTime WrittenAt)> _finished = new(StringComparer.Ordinal);
    private FolderCheckpoint _committed = resumeFrom;
    private int _linesInBatch;
    private DateTimeOffset _leaseRenewedAt;

    public string Name => configuredSource;

    public async IAsyncEnumerable<RawAuditLine> ReadLinesAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        _leaseRenewedAt = services.Time.GetUtcNow();
        List<(FileAuditLineSource File, string Key)> files = await ListFilesAsync().ConfigureAwait(false);
        foreach (FileProgress committed in _committed.Files)
        {
            _progress[committed.Key] = committed;
            List<FileAuditLineSource> group = [.. files.Where(f => f.Key == committed.Key).Select(f => f.File)];
            if (group.Count == 0)
            {
                // NOTE: without the file the state it built (open connections, held statements) is lost, so
                // findings that depend on it can differ from a run that read it.
                Log.CheckpointFileMissing(services.Logger, configuredSource, committed.Path, committed.Line);
                continue;
            }

            // The key's committed lines, each from the first file of the group that contains it, as they were read.
            long replayed = 0;
            foreach (FileAuditLineSource file in group)
            {
                if (replayed >= committed.Line || stoppingToken.IsCancellationRequested)
                {
                    break;
                }

                await foreach (RawAuditLine line in file.ReadLinesAsync(CancellationToken.None).ConfigureAwait(false))
                {
                    if (line.Position.Line <= replayed)
                    {
                        continue;
                    }

                    yield return line;
                    replayed = line.Position.Line;
                    await KeepLeaseAsync().ConfigureAwait(false);

                    // Stops at the last committed line without reading on, which could reach damage after it.
                    if (replayed >= committed.Line || stoppingToken.IsCancellationRequested)
                    {
                        break;
                    }
                }
            }

            if (stoppingToken.IsCancellationRequested)
            {
                // Nothing new was read, so there is nothing to commit.
                yield break;
            }
        }

        session.EndReplay(await services.Store.Store.CountersAsync(session.ScopeKey, CancellationToken.None).ConfigureAwait(false));
        long replayedLines = _committed.Files.Sum(f => f.Line);
        Log.SourceResumed(services.Logger, configuredSource, replayedLines, _committed.Files.Count);

        while (true)
        {
            foreach ((FileAuditLineSource file, string key) in files)
            {
                FileInfo info = new(file.Path);
                if (_finished.TryGetValue(file.Path, out (long Length, DateTime WrittenAt) seen) &&
                    seen.Length == info.Length && seen.WrittenAt == info.LastWriteTimeUtc)
                {
                    continue;
                }

                FileProgress progress = _progress.TryGetValue(key, out FileProgress? known) ? known : new FileProgress(key, file.Path, 0);
                if (progress.Damaged)
                {
                    if (progress.Path == file.Path)
                    {
                        continue;
                    }

                    // A longer copy of the damaged file's start came: its lines after the committed ones are read.
                    progress = progress with { Damaged = false };
                }

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
                            Log.FileDamaged(services.Logger, file.Path, progress.Line, e.Message);
                            session.Pipeline.AddSourceError(this, e.Message);
                            progress = progress with { Path = file.Path, Damaged = true };
                            Record(progress);

                            more = false;
                        }

                        if (!more)
                        {
                            break;
                        }

                        RawAuditLine line = reader.Current;
                        if (line.Position.Line <= progress.Line)
                        {
                            continue;
                        }

                        yield return line;
                        progress = progress with { Path = file.Path, Line = line.Position.Line };
                        Record(progress);

                        _linesInBatch++;
                        if (_linesInBatch >= services.Options.Ingestion.BatchLines)
                        {
                            await CommitAsync(progress).ConfigureAwait(false);
                        }
                    }
                }
                finally
                {
                    await reader.DisposeAsync().ConfigureAwait(false);
                }

                if (stoppingToken.IsCancellationRequested)
                {
                    break;
                }

                _finished[file.Path] = (info.Length, info.LastWriteTimeUtc);
            }

            if (_linesInBatch > 0 || session.Quarantined.Count > 0)
            {
                await CommitAsync(_lastRead).ConfigureAwait(false);
            }

            if (stoppingToken.IsCancellationRequested)
            {
                yield break;
            }

            try
            {
                await Task.Delay(services.Options.Ingestion.PollInterval, services.Time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                yield break;
            }

            await RenewLeaseAsync().ConfigureAwait(false);
            files = await ListFilesAsync().ConfigureAwait(false);
        }
    }

    private void Record(FileProgress progress)
    {
        _lastRead = progress;
        if (_progress.TryAdd(progress.Key, progress))
        {
            _order.Add(progress.Key);
        }
        else
        {
            _progress[progress.Key] = progress;
        }
    }

    private async Task CommitAsync(FileProgress? current)
    {
        await RenewLeaseAsync().ConfigureAwait(false);
        // Files keep the order in which they were first read, which is the order a replay must read them in.
        List<FileProgress> files = [.. _committed.Files.Select(f => _progress[f.Key])];
        files.AddRange(_order.Where(key => !_committed.Files.Exists(f => f.Key == key)).Select(key => _progress[key]));
        FolderCheckpoint next = _committed with { Files = files };

        // The commit is not cancelled on shutdown: finishing the batch in hand is what keeps shutdown lossless.
        BatchOutcome outcome = await services.Committer.CommitAsync(
            session, configuredSource, services.Identity.Owner, next.ToJson(), _linesInBatch, CancellationToken.None).ConfigureAwait(false);
        _committed = next;
        _linesInBatch = 0;
        Log.BatchCommitted(services.Logger, current?.Path ?? configuredSource, current?.Line ?? 0, outcome.Lines, outcome.Events, outcome.Findings, outcome.Quarantined);
    }

    /// <summary>Renews the lease during a long replay, at a third of its time to live.</summary>
    private async Task KeepLeaseAsync()
    {
        if (services.Time.GetUtcNow() - _leaseRenewedAt >= services.Options.Ingestion.LeaseTtl / 3)
        {
            await RenewLeaseAsync().ConfigureAwait(false);
        }
    }

    private async Task RenewLeaseAsync()
    {
        if (!await services.Store.Store.RenewLeaseAsync(session.SourceKey, services.Identity.Owner, services.Options.Ingestion.LeaseTtl, CancellationToken.None).ConfigureAwait(false))
        {
            throw new LeaseLostException($"The lease on {configuredSource} ({session.SourceKey}) was taken by another task; its new owner reads on from the last checkpoint.");
        }

        _leaseRenewedAt = services.Time.GetUtcNow();
    }

    /// <summary>
    /// Returns the folder's audit log files to read, in reading order, with their keys. Of files that share a key,
    /// those that copy the start of the longest are all returned (<see cref="FileCopyChooser"/>), and each is read from
    /// the line after the key's last line read, so a shorter copy that sorts first never hides the lines after its end.
    /// </summary>
    private async Task<List<(FileAuditLineSource File, string Key)>> ListFilesAsync()
    {
        AuditInputSet inputs;
        try
        {
            inputs = AuditInputs.Expand([configuredSource]);
        }
        catch (AuditInputException e)
        {
            // An empty folder is normal before the first rotation, so it is logged at Debug only.
            Log.FolderEmpty(services.Logger, configuredSource, e.Message);
            return [];
        }

        List<(FileAuditLineSource File, string Key)> listed = [];
        foreach (FileAuditLineSource file in inputs.Sources.OfType<FileAuditLineSource>())
        {
            if (await KeyOfAsync(file).ConfigureAwait(false) is { } key)
            {
                listed.Add((file, key));
            }
        }

        HashSet<string> read = new(StringComparer.Ordinal);
        foreach (IGrouping<string, FileAuditLineSource> group in listed.GroupBy(f => f.Key, f => f.File, StringComparer.Ordinal))
        {
            List<FileAuditLineSource> members = [.. group];
            IEnumerable<FileAuditLineSource> chosen = members.Count == 1
                ? members
                : await _copies.ChooseAsync(group.Key, members, CommittedPath(group.Key)).ConfigureAwait(false);
            read.UnionWith(chosen.Select(f => f.Path));
        }

        return [.. listed.Where(f => read.Contains(f.File.Path))];
    }

    /// <summary>The file the key's lines were last read from, before the checkpoint is loaded too.</summary>
    private string? CommittedPath(string key) =>
        _progress.TryGetValue(key, out FileProgress? progress) ? progress.Path : _committed.Files.Find(f => f.Key == key)?.Path;

    private async Task<string?> KeyOfAsync(FileAuditLineSource file)
    {
        FileInfo info = new(file.Path);
        if (_keys.TryGetValue(file.Path, out (long Length, DateTime WrittenAt, string Key) known) &&
            known.Length == info.Length && known.WrittenAt == info.LastWriteTimeUtc)
        {
            return known.Key;
        }

        try
        {
            await foreach (RawAuditLine line in file.ReadLinesAsync(CancellationToken.None).ConfigureAwait(false))
            {
                string key = FolderCheckpoint.FileKeyOf(line.Bytes.Span);
                _keys[file.Path] = (info.Length, info.LastWriteTimeUtc, key);
                return key;
            }
        }
        catch (AuditInputException e)
        {
            Log.FileDamaged(services.Logger, file.Path, 0, e.Message);
        }

        // An empty file has no key yet; it gets one with its first line.
        return null;
    }
}

/// <summary>
/// What a <see cref="FolderReader"/> uses from the host.
/// </summary>
internal sealed record FolderReaderServices(
    StoreAccessor Store,
    BatchCommitter Committer,
    WorkerIdentity Identity,
    QueryAuditOptions Options,
    TimeProvider Time,
    ILogger Logger);
