namespace QueryAudit.Core.Catalog.Git;

/// <summary>
/// The git history of the work tree that contains a catalog, read with the <c>git</c> command line.
/// </summary>
internal sealed class GitHistory
{
    private GitHistory(string headCommit)
    {
        HeadCommit = headCommit;
    }

    /// <summary>The commit HEAD points to.</summary>
    public string HeadCommit { get; }

    /// <summary>Opens the history of the work tree containing <paramref name="root"/>; returns null when it is not in one.</summary>
    public static GitHistory? TryOpen(string root, CatalogOptions options, ICollection<CatalogProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(problems);

        // TODO: read provenance with the git command line; until then catalogs rely on their headers.
        return null;
    }

    /// <summary>Returns the provenance of one script file.</summary>
    public ScriptProvenance Read(string fullPath, ICollection<CatalogProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(fullPath);
        ArgumentNullException.ThrowIfNull(problems);
        return new ScriptProvenance { Committed = HeadCommit.Length == 0 };
    }
}
