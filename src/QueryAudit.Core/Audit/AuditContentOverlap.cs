namespace QueryAudit.Core.Audit;

/// <summary>
/// The start of an input that repeats lines of an input read before it: its first <see cref="Bytes"/> bytes of content
/// (whole lines, <see cref="Lines"/> of them) are the same as the earlier input's first bytes.
/// </summary>
/// <param name="Earlier">Name of the earlier input.</param>
/// <param name="Bytes">Bytes of content repeated, ending with an LF.</param>
/// <param name="Lines">Lines repeated: lines 1 to <paramref name="Lines"/> of the later input.</param>
/// <param name="Whole">True when nothing follows the repeated lines, so the later input need not be opened at all.</param>
public sealed record ContentOverlap(string Earlier, long Bytes, long Lines, bool Whole);

/// <summary>
/// Finds an input whose lines start with the lines of an earlier input, or are all among the first lines of one.
/// </summary>
/// <remarks>
/// <para>MariaDB's server_audit renames a full <c>server_audit.log</c> to <c>.1</c> and starts an empty file, and
/// Aurora starts new files too (formats.md §1, §3). So a copy of the live file taken earlier is a prefix of the
/// later live file or of its rotated name, while a new file never starts with the end of an older one. Only this
/// prefix relation is looked for; lines that repeat elsewhere are read.</para>
/// <para>Cost: candidates are the earlier inputs with the same first line (<see cref="AuditContentDigest.HeadSha256"/>),
/// which inputs that do not overlap almost never share; for each candidate the shorter whole-line content is hashed
/// once more in the longer input, so the extra reading is the size of the repeat, and nothing is held in memory.</para>
/// </remarks>
public static class AuditContentOverlap
{
    /// <summary>
    /// Returns false when <see cref="FindAsync"/> is sure to return null for the input that starts with
    /// <paramref name="later"/>: its content contains no whole line, or no input of <paramref name="earlier"/> starts with
    /// the same line. Such an input can be read before its digest is computed. True when its first line is not known.
    /// </summary>
    public static bool HasCandidates(IEnumerable<(string Name, string Path, AuditContentDigest Digest)> earlier, AuditContentHead later)
    {
        ArgumentNullException.ThrowIfNull(earlier);
        ArgumentNullException.ThrowIfNull(later);
        return later.HeadSha256 is not { } head || (head.Length > 0 && earlier.Any(e => e.Digest.HeadSha256 == head));
    }

    /// <summary>
    /// Returns the longest start of <paramref name="later"/> that is a proven repeat of an earlier input, or null.
    /// A line cut short at the end of either input is never part of the repeat.
    /// </summary>
    public static async Task<ContentOverlap?> FindAsync(
        IEnumerable<(string Name, string Path, AuditContentDigest Digest)> earlier,
        string laterPath,
        AuditContentDigest later,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(earlier);
        ArgumentNullException.ThrowIfNull(later);
        ContentOverlap? best = null;
        if (later.HeadSha256.Length == 0)
        {
            return null;
        }

        foreach ((string name, string path, AuditContentDigest digest) in earlier)
        {
            long common = Math.Min(digest.CompleteBytes, later.CompleteBytes);
            if (digest.HeadSha256 != later.HeadSha256 || common <= (best?.Bytes ?? 0))
            {
                continue;
            }

            // Hash the common length in the input that is longer there, and compare with the other's whole-line hash.
            (string Sha256, long Lines)? prefix = digest.CompleteBytes <= later.CompleteBytes
                ? await AuditContentDigest.PrefixAsync(laterPath, common, cancellationToken).ConfigureAwait(false)
                : await AuditContentDigest.PrefixAsync(path, common, cancellationToken).ConfigureAwait(false);
            string expected = digest.CompleteBytes <= later.CompleteBytes ? digest.CompleteSha256 : later.CompleteSha256;
            if (prefix is { } found && found.Sha256 == expected)
            {
                bool whole = common == later.ContentBytes && !later.Damaged;
                best = new ContentOverlap(name, common, found.Lines, whole);
            }
        }

        return best;
    }
}
