namespace QueryAudit.Core.Catalog.Git;

/// <summary>
/// The git history of the catalog folder, read once with the <c>git</c> command line (git 2.31 or later, for
/// <c>--diff-merges</c>), from which each script's provenance is derived.
/// </summary>
internal sealed class GitHistory
{
    private static readonly string[] ApproverTrailers = ["Approved-by", "Reviewed-by", "Co-authored-by"];

    private readonly GitCli git;
    private readonly string prefix;
    private readonly List<(string Sha, HashSet<string> Paths)> landings;
    private readonly Dictionary<string, List<string>> commitsByPath;
    private readonly Dictionary<string, HashSet<string>> broughtByLanding;
    private readonly Dictionary<string, GitCommit> commits;
    private readonly Dictionary<string, string> status;

    private GitHistory(
        GitCli git,
        string prefix,
        string? headCommit,
        List<(string Sha, HashSet<string> Paths)> landings,
        Dictionary<string, List<string>> commitsByPath,
        Dictionary<string, HashSet<string>> broughtByLanding,
        Dictionary<string, GitCommit> commits,
        Dictionary<string, string> status)
    {
        this.git = git;
        this.prefix = prefix;
        HeadCommit = headCommit;
        this.landings = landings;
        this.commitsByPath = commitsByPath;
        this.broughtByLanding = broughtByLanding;
        this.commits = commits;
        this.status = status;
    }

    /// <summary>The commit HEAD points to; null in a repository without commits.</summary>
    public string? HeadCommit { get; }

    /// <summary>
    /// Reads the history of the work tree containing <paramref name="root"/>. Returns null when the folder is not inside
    /// a git work tree, or with a warning when git cannot be run there.
    /// </summary>
    public static GitHistory? TryOpen(string root, CatalogOptions options, ICollection<CatalogProblem> problems)
    {
        if (!HasGitAbove(root))
        {
            return null;
        }

        GitCli git = new(options.GitExecutable, root);
        try
        {
            return Open(git);
        }
        catch (GitCommandException exception)
        {
            problems.Add(new CatalogProblem("", 0, CatalogProblemSeverity.Warning, CatalogProblemCodes.GitUnavailable,
                $"the catalog is in a git work tree but its history could not be read, so approvals rely on headers only: {exception.Message}"));
            return null;
        }
    }

    /// <summary>Returns the provenance of the script at <paramref name="catalogPath"/> (relative to the catalog root).</summary>
    public ScriptProvenance Read(string catalogPath)
    {
        string path = prefix + catalogPath;
        status.TryGetValue(path, out string? code);
        List<string> history = commitsByPath.GetValueOrDefault(path) ?? [];
        bool committed = history.Count > 0 && code is not ("??" or "A " or "AM" or "AD");
        if (!committed)
        {
            return new ScriptProvenance { Committed = false };
        }

        GitCommit lastChanged = commits[history[0]];
        GitCommit added = commits[history[^1]];
        List<string> pathLandings = [.. landings.Where(landing => landing.Paths.Contains(path)).Select(landing => landing.Sha)];

        string? approvedLanding = null;
        List<GitApprover> approvers = [];
        foreach (string landing in pathLandings)
        {
            approvers = ApproversOf(landing, history);
            if (approvers.Count > 0)
            {
                approvedLanding = landing;
                break;
            }
        }

        // No landing names an approver, so the newest merge is the approval ("approved when merged").
        approvedLanding ??= pathLandings.FirstOrDefault();

        return new ScriptProvenance
        {
            Committed = true,
            ModifiedInWorkingTree = code is not null,
            Added = added,
            LastChanged = lastChanged,
            Merge = LandingOf(lastChanged.Sha) is { } merge ? commits[merge] : null,
            ApprovedCommit = approvedLanding is null ? null : commits[approvedLanding],
            Approvers = approvers,
        };
    }

    /// <summary>Returns the bytes of the script at <paramref name="catalogPath"/> as of <paramref name="commit"/>, or null when it did not exist there.</summary>
    public byte[]? ReadContentAt(string commit, string catalogPath)
    {
        try
        {
            return git.Run(["cat-file", "blob", $"{commit}:{prefix}{catalogPath}"]);
        }
        catch (GitCommandException)
        {
            return null;
        }
    }

    private static GitHistory Open(GitCli git)
    {
        string prefix = git.RunText("rev-parse", "--show-prefix").Trim();
        string? head = null;
        try
        {
            head = git.RunText("rev-parse", "--verify", "--quiet", "HEAD^{commit}").Trim();
        }
        catch (GitCommandException exception) when (exception.ExitCode == 1)
        {
            // A repository without commits yet: every script is uncommitted.
        }

        Dictionary<string, string> status = GitLogParser.ParseStatus(git.Run(["status", "--porcelain=v1", "-z", "--untracked-files=all", "--", "."]));
        if (head is null)
        {
            return new GitHistory(git, prefix, null, [], [], [], [], status);
        }

        // First-parent history of HEAD is taken as the default branch; each commit on it "lands" its changes.
        List<(string Sha, List<string> Paths)> firstParent = GitLogParser.ParseNameOnly(
            git.Run(["log", "--first-parent", "--diff-merges=first-parent", "--name-only", "-z", "--format=%x1e%H", "HEAD", "--", "."]));
        List<(string Sha, List<string> Paths)> all = GitLogParser.ParseNameOnly(
            git.Run(["log", "--name-only", "-z", "--format=%x1e%H", "HEAD", "--", "."]));

        Dictionary<string, List<string>> commitsByPath = new(StringComparer.Ordinal);
        foreach ((string sha, List<string> paths) in all)
        {
            foreach (string path in paths)
            {
                if (!commitsByPath.TryGetValue(path, out List<string>? list))
                {
                    list = [];
                    commitsByPath[path] = list;
                }

                list.Add(sha);
            }
        }

        IEnumerable<string> wanted = firstParent.Select(c => c.Sha).Concat(all.Select(c => c.Sha)).Distinct(StringComparer.Ordinal);
        Dictionary<string, GitCommit> commits = ReadCommits(git, wanted);

        Dictionary<string, HashSet<string>> brought = new(StringComparer.Ordinal);
        foreach ((string sha, _) in firstParent)
        {
            if (commits[sha].IsMerge)
            {
                string revisions = git.RunText("rev-list", $"{sha}^1..{sha}");
                brought[sha] = new HashSet<string>(revisions.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), StringComparer.Ordinal);
            }
        }

        List<(string, HashSet<string>)> landings = [.. firstParent.Select(c => (c.Sha, new HashSet<string>(c.Paths, StringComparer.Ordinal)))];
        return new GitHistory(git, prefix, head, landings, commitsByPath, brought, commits, status);
    }

    private static Dictionary<string, GitCommit> ReadCommits(GitCli git, IEnumerable<string> shas)
    {
        string input = string.Join('\n', shas) + "\n";
        string output = System.Text.Encoding.UTF8.GetString(
            git.Run(["log", "--no-walk=unsorted", "--stdin", $"--format={GitLogParser.CommitFormat}"], System.Text.Encoding.UTF8.GetBytes(input)));
        return GitLogParser.ParseCommits(output).ToDictionary(commit => commit.Sha, StringComparer.Ordinal);
    }

    /// <summary>Returns the first-parent commit that brought <paramref name="sha"/> into the default branch.</summary>
    private string? LandingOf(string sha)
    {
        // A merge's range (first parent..merge) excludes everything earlier merges brought, so at most one landing matches.
        foreach ((string landing, _) in landings)
        {
            if (landing == sha || (broughtByLanding.TryGetValue(landing, out HashSet<string>? brought) && brought.Contains(sha)))
            {
                return landing;
            }
        }

        return null;
    }

    /// <summary>Returns the approvers named in the landing commit and in the commits it brought that changed the script.</summary>
    private List<GitApprover> ApproversOf(string landing, List<string> scriptHistory)
    {
        List<string> sources = [landing];
        if (broughtByLanding.TryGetValue(landing, out HashSet<string>? brought))
        {
            sources.AddRange(scriptHistory.Where(brought.Contains));
        }

        List<GitApprover> approvers = [];
        foreach (string sha in sources)
        {
            foreach (GitTrailer trailer in commits[sha].Trailers)
            {
                string? kind = ApproverTrailers.FirstOrDefault(key => string.Equals(key, trailer.Key, StringComparison.OrdinalIgnoreCase));
                if (kind is not null && trailer.PersonName.Length > 0)
                {
                    approvers.Add(new GitApprover(trailer.PersonName, trailer.PersonEmail, kind, sha));
                }
            }
        }

        return approvers;
    }

    private static bool HasGitAbove(string root)
    {
        for (DirectoryInfo? folder = new(root); folder is not null; folder = folder.Parent)
        {
            string marker = Path.Combine(folder.FullName, ".git");
            if (Directory.Exists(marker) || File.Exists(marker))
            {
                return true;
            }
        }

        return false;
    }
}
