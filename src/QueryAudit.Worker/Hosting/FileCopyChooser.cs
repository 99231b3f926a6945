using Microsoft.Extensions.Logging;
using QueryAudit.Core.Audit;

namespace QueryAudit.Worker.Hosting;

/// <summary>
/// Chooses, among the files of a folder source that share a key (<see cref="FolderCheckpoint.FileKeyOf"/>), the ones
/// to read: those that are copies of the start of the longest file that agrees with the file read so far (a live log
/// downloaded earlier, a copy of the active file next to its rotated version). The reader reads them in reading order,
/// each from the line after the key's last line read, so each line is read once and from the file
/// <c>queryaudit reconcile</c> reads it from with <see cref="AuditContentOverlap"/>.
/// </summary>
/// <remarks>
/// <para>Cost: nothing for a key held by one file, which is every key of a folder without copies. For a shared key,
/// one <see cref="AuditContentDigest"/> pass over each file of the group whose length or write time changed, and one
/// hash of the shorter length in the longer file per pair compared. A choice is kept while the other files keep their
/// length and write time and the chosen file only grows, so a live log that grows next to a stale copy of its start
/// costs no extra read per poll. Files are assumed to change only by appending, as the line numbers of the checkpoint
/// already assume.</para>
/// <para>The choice depends only on the folder's content and the committed file's path, so a restart or a takeover
/// chooses the same file and the checkpoint needs no new field.</para>
/// </remarks>
internal sealed class FileCopyChooser(string configuredSource, ILogger logger)
{
    private readonly Dictionary<string, (long Length, DateTime WrittenAt, AuditContentDigest Digest)> _digests = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Choice> _choices = new(StringComparer.Ordinal);

    /// <summary>
    /// Returns the files to read among <paramref name="files"/>, which share <paramref name="key"/>, in reading order;
    /// <paramref name="committedPath"/> is the file the key's lines were last read from, or null.
    /// </summary>
    public async Task<List<FileAuditLineSource>> ChooseAsync(string key, IReadOnlyList<FileAuditLineSource> files, string? committedPath)
    {
        Dictionary<string, (long Length, DateTime WrittenAt)> stamps = files.ToDictionary(f => f.Path, f => Stamp(f.Path), StringComparer.Ordinal);
        if (_choices.TryGetValue(key, out Choice? previous) && previous.StillHolds(stamps))
        {
            _choices[key] = previous with { ReferenceLength = stamps[previous.Reference].Length };
            return [.. files.Where(f => previous.Read.Contains(f.Path))];
        }

        List<(FileAuditLineSource File, AuditContentDigest Digest)> digested = [];
        foreach (FileAuditLineSource file in files)
        {
            if (await DigestAsync(file.Path, stamps[file.Path]).ConfigureAwait(false) is { } digest)
            {
                digested.Add((file, digest));
            }
        }

        if (digested.Count == 0)
        {
            return [];
        }

        // The file read so far anchors the choice, so that lines already committed are never followed by lines of
        // a file that does not start with them.
        (FileAuditLineSource File, AuditContentDigest Digest) anchor = digested.FirstOrDefault(d => d.File.Path == committedPath);
        if (anchor.File is null)
        {
            anchor = digested[0];
        }

        List<(FileAuditLineSource File, AuditContentDigest Digest)> agreeing = [anchor];
        foreach ((FileAuditLineSource File, AuditContentDigest Digest) other in digested.Where(d => d.File != anchor.File))
        {
            if (await StartsAlikeAsync(anchor, other).ConfigureAwait(false))
            {
                agreeing.Add(other);
            }
        }

        // Of files of equal length MaxBy returns the first: the anchor, else the earliest in reading order.
        (FileAuditLineSource File, AuditContentDigest Digest) reference = agreeing.MaxBy(d => d.Digest.CompleteBytes);
        List<string> copies = [];
        HashSet<string> read = new(StringComparer.Ordinal) { reference.File.Path };
        foreach ((FileAuditLineSource File, AuditContentDigest Digest) other in digested.Where(d => d.File != reference.File))
        {
            if (other.Digest.CompleteBytes <= reference.Digest.CompleteBytes && await StartsAlikeAsync(reference, other).ConfigureAwait(false))
            {
                copies.Add(other.File.Path);
                read.Add(other.File.Path);
            }
            else
            {
                Log.FileNotACopy(logger, configuredSource, other.File.Path, reference.File.Path);
            }
        }

        if (copies.Count > 0)
        {
            Log.CopiesRead(logger, configuredSource, reference.File.Path, copies);
        }

        _choices[key] = new Choice(
            reference.File.Path,
            stamps[reference.File.Path].Length,
            stamps.Where(s => s.Key != reference.File.Path).ToDictionary(StringComparer.Ordinal),
            read);
        return [.. files.Where(f => read.Contains(f.Path))];
    }

    /// <summary>True when the whole lines the two files have in common (the shorter one's) are the same.</summary>
    private static async Task<bool> StartsAlikeAsync(
        (FileAuditLineSource File, AuditContentDigest Digest) one, (FileAuditLineSource File, AuditContentDigest Digest) other)
    {
        ContentOverlap? overlap = await AuditContentOverlap.FindAsync(
            [(one.File.Path, one.File.Path, one.Digest)], other.File.Path, other.Digest, CancellationToken.None).ConfigureAwait(false);
        return overlap is not null;
    }

    private async Task<AuditContentDigest?> DigestAsync(string path, (long Length, DateTime WrittenAt) stamp)
    {
        if (_digests.TryGetValue(path, out (long Length, DateTime WrittenAt, AuditContentDigest Digest) known) &&
            known.Length == stamp.Length && known.WrittenAt == stamp.WrittenAt)
        {
            return known.Digest;
        }

        try
        {
            AuditContentDigest digest = await AuditContentDigest.ComputeAsync(path, CancellationToken.None).ConfigureAwait(false);
            _digests[path] = (stamp.Length, stamp.WrittenAt, digest);
            return digest;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Removed or unreadable since the listing, so the next poll compares it again.
            Log.CopyCheckFailed(logger, configuredSource, path, e.Message);
            return null;
        }
    }

    private static (long Length, DateTime WrittenAt) Stamp(string path)
    {
        FileInfo info = new(path);
        return info.Exists ? (info.Length, info.LastWriteTimeUtc) : (-1, default);
    }

    /// <summary>
    /// The longest file read for a key, its length then, the length and write time of the other files, and the files
    /// to read (the longest and the copies of its start).
    /// </summary>
    private sealed record Choice(string Reference, long ReferenceLength, Dictionary<string, (long Length, DateTime WrittenAt)> Others, HashSet<string> Read)
    {
        /// <summary>True when the same files are there, the others unchanged and the chosen one grown or the same.</summary>
        public bool StillHolds(Dictionary<string, (long Length, DateTime WrittenAt)> stamps) =>
            stamps.Count == Others.Count + 1 &&
            stamps.TryGetValue(Reference, out (long Length, DateTime WrittenAt) chosen) && chosen.Length >= ReferenceLength &&
            Others.All(o => stamps.TryGetValue(o.Key, out (long Length, DateTime WrittenAt) now) && now == o.Value);
    }
}
