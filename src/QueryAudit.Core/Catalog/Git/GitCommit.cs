namespace QueryAudit.Core.Catalog.Git;

/// <summary>
/// One git commit as the catalog needs it: who wrote and committed it, when, and its trailers.
/// </summary>
/// <param name="Sha">Full 40-digit object id.</param>
/// <param name="ParentShas">Parent object ids; two or more for a merge commit.</param>
/// <param name="AuthorName">Author name.</param>
/// <param name="AuthorEmail">Author e-mail.</param>
/// <param name="AuthoredAt">Author date, with the author's offset.</param>
/// <param name="CommitterName">Committer name (for a pull request merge, usually the person or bot that merged).</param>
/// <param name="CommitterEmail">Committer e-mail.</param>
/// <param name="CommittedAt">Committer date, with the committer's offset.</param>
/// <param name="Subject">First line of the message.</param>
/// <param name="Trailers">Trailers of the message (<c>Key: value</c> lines of its last paragraph), in order.</param>
public sealed record GitCommit(
    string Sha,
    IReadOnlyList<string> ParentShas,
    string AuthorName,
    string AuthorEmail,
    DateTimeOffset AuthoredAt,
    string CommitterName,
    string CommitterEmail,
    DateTimeOffset CommittedAt,
    string Subject,
    IReadOnlyList<GitTrailer> Trailers)
{
    /// <summary>True for a commit with more than one parent.</summary>
    public bool IsMerge => ParentShas.Count > 1;

    /// <summary>The first 12 digits of the object id, for messages.</summary>
    public string ShortSha => Sha.Length > 12 ? Sha[..12] : Sha;
}
