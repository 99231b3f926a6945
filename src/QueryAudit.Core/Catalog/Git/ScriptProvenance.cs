namespace QueryAudit.Core.Catalog.Git;

/// <summary>
/// Where a script came from in git: the commits that added and last changed it, and the merge that brought it in.
/// </summary>
/// <remarks>
/// The default branch is taken to be the first-parent history of HEAD, so check a catalog on the branch it is deployed
/// from. A commit on that history "lands" the changes it brings: a merge lands its second parent's commits, and a commit
/// pushed straight to the branch lands itself.
/// </remarks>
public sealed record ScriptProvenance
{
    /// <summary>False when the file is not in HEAD (untracked or only staged); the other commit fields are then null.</summary>
    public required bool Committed { get; init; }

    /// <summary>True when the working-tree file differs from HEAD's version of it.</summary>
    public bool ModifiedInWorkingTree { get; init; }

    /// <summary>The commit that added the file at its current path.</summary>
    public GitCommit? Added { get; init; }

    /// <summary>The newest commit that changed the file.</summary>
    public GitCommit? LastChanged { get; init; }

    /// <summary>The first-parent commit (usually a merge) that brought <see cref="LastChanged"/> into the default branch.</summary>
    public GitCommit? Merge { get; init; }

    /// <summary>
    /// The landing taken as the approval: the newest one carrying an approver trailer, or the newest landing when no
    /// landing has one. Later landings may change only comments and whitespace.
    /// </summary>
    public GitCommit? ApprovedCommit { get; init; }

    /// <summary>People named by <c>Approved-by</c>, <c>Reviewed-by</c> or <c>Co-authored-by</c> trailers of the approving landing and the commits it brought.</summary>
    public IReadOnlyList<GitApprover> Approvers { get; init; } = [];
}
