using QueryAudit.Core.Catalog.Git;

namespace QueryAudit.Core.Catalog;

/// <summary>
/// Combines a script's header and git provenance into its effective approval, and applies the rules a header must meet:
/// required keys, window length, separation of duties and the approval time.
/// </summary>
internal static class ApprovalResolver
{
    /// <summary>
    /// Checks the approval evidence of one script and returns its approval; problems go to <paramref name="problems"/>.
    /// The caller discards the approval when any error was reported for the script.
    /// </summary>
    public static CatalogApproval? Resolve(
        string file,
        CatalogScriptKind kind,
        ApprovalHeaderParseResult headerResult,
        ScriptProvenance? provenance,
        CatalogOptions options,
        ICollection<CatalogProblem> problems)
    {
        ApprovalHeader? header = headerResult.Header;
        GitCommit? approvedCommit = provenance?.ApprovedCommit;

        if (kind == CatalogScriptKind.Operation)
        {
            CheckOperationHeader(file, headerResult, problems);
        }
        else if (!CheckMigrationEvidence(file, headerResult, approvedCommit, problems))
        {
            return null;
        }

        if (header is null)
        {
            return headerResult.Found || kind == CatalogScriptKind.Operation ? null : FromGitOnly(file, provenance!, options, problems);
        }

        CheckWindowLength(file, header, options, problems);
        CheckApprovedAt(file, header, approvedCommit, options, problems);

        List<string> approvers = MergeApprovers(header.ApprovedBy, provenance, options);
        CheckSeparationOfDuties(file, header, approvers, options, problems);
        if (kind == CatalogScriptKind.Migration && approvers.Count == 0)
        {
            problems.Add(Warning(file, header.StartLine, CatalogProblemCodes.NoNamedApprover,
                "migration names no approver: add 'approved-by' to the header or an Approved-by trailer to the merge commit"));
        }

        return new CatalogApproval
        {
            Ticket = header.Ticket,
            Approvers = approvers,
            Executors = header.Executors,
            WindowStart = header.WindowStart,
            WindowEnd = header.WindowEnd,
            Targets = header.Targets,
            MaxRuns = header.MaxRuns ?? 1,
            ApprovedAt = header.ApprovedAt ?? (kind == CatalogScriptKind.Migration ? approvedCommit?.CommittedAt : null),
            ApprovedCommit = approvedCommit?.Sha,
            Purpose = header.Purpose,
            Evidence = approvedCommit is null ? "header" : "header+git",
        };
    }

    private static void CheckOperationHeader(string file, ApprovalHeaderParseResult headerResult, ICollection<CatalogProblem> problems)
    {
        if (!headerResult.Found)
        {
            problems.Add(Error(file, 1, CatalogProblemCodes.MissingHeader,
                "operation script has no approval header; start it with a /* queryaudit ... */ comment giving ticket, approved-by, executor, window and target"));
            return;
        }

        if (headerResult.Header is not { } header)
        {
            return;
        }

        foreach (string key in ApprovalHeaderKeys.RequiredForOperations)
        {
            if (!header.KeyLines.ContainsKey(key))
            {
                problems.Add(Error(file, header.StartLine, CatalogProblemCodes.MissingKey,
                    $"approval header lacks '{key}'; operation scripts need {string.Join(", ", ApprovalHeaderKeys.RequiredForOperations)}"));
            }
        }
    }

    /// <summary>Returns false when the migration has no approval evidence at all (the problem is reported).</summary>
    private static bool CheckMigrationEvidence(string file, ApprovalHeaderParseResult headerResult, GitCommit? approvedCommit, ICollection<CatalogProblem> problems)
    {
        if (approvedCommit is not null)
        {
            return true;
        }

        if (!headerResult.Found)
        {
            problems.Add(Error(file, 1, CatalogProblemCodes.NoApprovalEvidence,
                "migration has no approval evidence: it is not in the git history of HEAD and has no approval header; merge it through a reviewed pull request or add a /* queryaudit ... */ header with approved-by and approved-at"));
            return false;
        }

        if (headerResult.Header is not { } header)
        {
            return false;
        }

        // Without git history the header is the only evidence, so it must name who approved and when.
        foreach (string key in new[] { ApprovalHeaderKeys.ApprovedBy, ApprovalHeaderKeys.ApprovedAt })
        {
            if (!header.KeyLines.ContainsKey(key))
            {
                problems.Add(Error(file, header.StartLine, CatalogProblemCodes.MissingKey,
                    $"approval header lacks '{key}'; a migration without git history needs approved-by and approved-at"));
            }
        }

        return true;
    }

    private static CatalogApproval FromGitOnly(string file, ScriptProvenance provenance, CatalogOptions options, ICollection<CatalogProblem> problems)
    {
        GitCommit approvedCommit = provenance.ApprovedCommit!;
        List<string> approvers = MergeApprovers([], provenance, options);
        if (approvers.Count == 0)
        {
            problems.Add(Warning(file, 1, CatalogProblemCodes.NoNamedApprover,
                $"migration was merged by {approvedCommit.ShortSha} without a named approver; add an Approved-by or Reviewed-by trailer to the merge commit, or 'approved-by' to a header"));
        }

        return new CatalogApproval
        {
            Approvers = approvers,
            ApprovedAt = approvedCommit.CommittedAt,
            ApprovedCommit = approvedCommit.Sha,
            Evidence = "git",
        };
    }

    private static void CheckWindowLength(string file, ApprovalHeader header, CatalogOptions options, ICollection<CatalogProblem> problems)
    {
        if (options.MaxOperationWindow is not { } maximum || header.WindowStart is not { } start || header.WindowEnd is not { } end)
        {
            return;
        }

        TimeSpan length = end - start;
        if (length > maximum)
        {
            problems.Add(Error(file, header.LineOf(ApprovalHeaderKeys.Window), CatalogProblemCodes.WindowTooLong,
                $"window is {Describe(length)} long, longer than the policy's max-operation-window of {Describe(maximum)}; split the work or shorten the window"));
        }
    }

    private static void CheckApprovedAt(string file, ApprovalHeader header, GitCommit? approvedCommit, CatalogOptions options, ICollection<CatalogProblem> problems)
    {
        if (header.ApprovedAt is not { } approvedAt)
        {
            return;
        }

        DateTimeOffset now = options.TimeProvider.GetUtcNow();
        if (approvedAt > now)
        {
            problems.Add(Error(file, header.LineOf(ApprovalHeaderKeys.ApprovedAt), CatalogProblemCodes.ApprovedInFuture,
                $"approved-at {approvedAt:yyyy-MM-dd'T'HH:mm:ssK} is in the future (now {now.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}); write the time the approval was given"));
        }

        if (approvedCommit is not null && approvedAt > approvedCommit.CommittedAt)
        {
            problems.Add(Warning(file, header.LineOf(ApprovalHeaderKeys.ApprovedAt), CatalogProblemCodes.ApprovedAfterMerge,
                $"approved-at {approvedAt:yyyy-MM-dd'T'HH:mm:ssK} is after the script landed in commit {approvedCommit.ShortSha} at {approvedCommit.CommittedAt:yyyy-MM-dd'T'HH:mm:ssK}; it was merged before it was approved"));
        }
    }

    private static void CheckSeparationOfDuties(string file, ApprovalHeader header, IReadOnlyList<string> approvers, CatalogOptions options, ICollection<CatalogProblem> problems)
    {
        int line = header.LineOf(ApprovalHeaderKeys.ApprovedBy);
        foreach (string approver in approvers)
        {
            foreach (string executor in header.Executors)
            {
                if (string.Equals(approver, executor, StringComparison.OrdinalIgnoreCase))
                {
                    problems.Add(Error(file, line, CatalogProblemCodes.ApproverIsExecutor,
                        $"approver '{approver}' is also an executor; the person who approves a script must not run it, so name another approver"));
                }
                else if (OwnsAccount(options.Reviewers, approver, executor))
                {
                    problems.Add(Error(file, line, CatalogProblemCodes.ApproverIsExecutor,
                        $"approver '{approver}' owns executor account '{executor}' (policy reviewers); the person who approves a script must not run it, so name another approver"));
                }
            }
        }
    }

    private static bool OwnsAccount(IReadOnlyDictionary<string, IReadOnlyList<string>> reviewers, string person, string account)
    {
        foreach ((string name, IReadOnlyList<string> accounts) in reviewers)
        {
            if (string.Equals(name, person, StringComparison.OrdinalIgnoreCase)
                && accounts.Contains(account, StringComparer.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Lists header approvers, then git trailer approvers not already listed. A trailer person is named by the policy
    /// reviewer whose name equals the trailer's name, e-mail or e-mail local part, so that "Kenji Suzuki
    /// &lt;k.suzuki@example.com&gt;" and the header's <c>k.suzuki</c> count once and meet the reviewer map.
    /// </summary>
    private static List<string> MergeApprovers(IReadOnlyList<string> fromHeader, ScriptProvenance? provenance, CatalogOptions options)
    {
        List<string> approvers = [.. fromHeader];
        foreach (GitApprover approver in provenance?.Approvers ?? [])
        {
            string name = ReviewerName(approver, options.Reviewers) ?? approver.Name;
            if (!approvers.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                approvers.Add(name);
            }
        }

        return approvers;
    }

    private static string? ReviewerName(GitApprover approver, IReadOnlyDictionary<string, IReadOnlyList<string>> reviewers)
    {
        string? localPart = approver.Email is { } email && email.IndexOf('@', StringComparison.Ordinal) is > 0 and int at ? email[..at] : null;
        foreach (string reviewer in reviewers.Keys)
        {
            if (string.Equals(reviewer, approver.Name, StringComparison.OrdinalIgnoreCase)
                || string.Equals(reviewer, approver.Email, StringComparison.OrdinalIgnoreCase)
                || string.Equals(reviewer, localPart, StringComparison.OrdinalIgnoreCase))
            {
                return reviewer;
            }
        }

        return null;
    }

    private static string Describe(TimeSpan span)
    {
        if (span.Ticks % TimeSpan.TicksPerDay == 0)
        {
            return span.Days == 1 ? "1 day" : $"{span.Days} days";
        }

        if (span.Ticks % TimeSpan.TicksPerHour == 0)
        {
            long hours = span.Ticks / TimeSpan.TicksPerHour;
            return hours == 1 ? "1 hour" : $"{hours} hours";
        }

        return span.ToString("c", System.Globalization.CultureInfo.InvariantCulture);
    }

    private static CatalogProblem Error(string file, int line, string code, string message) =>
        new(file, line, CatalogProblemSeverity.Error, code, message);

    private static CatalogProblem Warning(string file, int line, string code, string message) =>
        new(file, line, CatalogProblemSeverity.Warning, code, message);
}
