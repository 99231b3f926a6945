using QueryAudit.Core.Audit;

namespace QueryAudit.Worker.Reconcile;

/// <summary>SHA-256 of an input file, its size in bytes, and the hashes of its content (decompressed for gzip).</summary>
internal sealed record InputHash(AuditContentDigest Digest)
{
    public string Sha256 => Digest.FileSha256;

    public long Bytes => Digest.FileBytes;

    public string ContentSha256 => Digest.ContentSha256;
}

/// <summary>
/// Hashes the input files for the manifest and for finding inputs given twice. With <c>ahead</c> set, one task hashes
/// the files one after another in input order on the thread pool, so that hashing a later file overlaps reading the
/// earlier ones. Otherwise each file is hashed when it is requested. The hashes are the same either way.
/// </summary>
internal sealed class InputHashes : IAsyncDisposable
{
    private readonly Dictionary<FileAuditLineSource, Task<InputHash>> _ahead = new(ReferenceEqualityComparer.Instance);
    private readonly CancellationTokenSource _stop;
    private readonly CancellationToken _cancellationToken;

    public InputHashes(IEnumerable<IAuditLineSource> sources, bool ahead, CancellationToken cancellationToken)
    {
        _cancellationToken = cancellationToken;
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (!ahead)
        {
            return;
        }

        CancellationToken stop = _stop.Token;
        Task previous = Task.CompletedTask;
        foreach (FileAuditLineSource file in sources.OfType<FileAuditLineSource>())
        {
            Task prior = previous;
            Task<InputHash> hashing = Task.Run(
                async () =>
                {
                    // Files are hashed one at a time, because reading several at once would only compete for the disk
                    // and the second core. A failure is reported when the failed file's hash is requested.
                    await Task.WhenAny(prior).ConfigureAwait(false);
                    return await HashAsync(file.Path, stop).ConfigureAwait(false);
                },
                CancellationToken.None);
            _ahead.TryAdd(file, hashing);
            previous = hashing;
        }
    }

    /// <summary>Returns the hashes of <paramref name="file"/>, waiting for them when they are still being computed.</summary>
    public Task<InputHash> GetAsync(FileAuditLineSource file) =>
        _ahead.TryGetValue(file, out Task<InputHash>? hashing) ? hashing : HashAsync(file.Path, _cancellationToken);

    /// <summary>Stops hashing files that were not requested (the run failed) and waits for the task to end.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        foreach (Task<InputHash> hashing in _ahead.Values)
        {
            await Task.WhenAny(hashing).ConfigureAwait(false);
            _ = hashing.Exception;
        }

        _stop.Dispose();
    }

    private static async Task<InputHash> HashAsync(string path, CancellationToken cancellationToken) =>
        new(await AuditContentDigest.ComputeAsync(path, cancellationToken).ConfigureAwait(false));
}
