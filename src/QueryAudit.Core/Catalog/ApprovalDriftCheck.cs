using System.Text;
using QueryAudit.Core.Catalog.Git;

namespace QueryAudit.Core.Catalog;

/// <summary>
/// Reports a script whose content differs from the content its approving commit had. Only changes to what runs or to
/// the approval count: statements are compared by exact-form hash, so comment and whitespace edits keep the approval.
/// </summary>
internal static class ApprovalDriftCheck
{
    public static void Check(CatalogScript script, byte[] currentBytes, GitHistory git, CatalogOptions options, ICollection<CatalogProblem> problems)
    {
        ScriptProvenance? provenance = script.Provenance;
        if (provenance?.ApprovedCommit is not { } approved)
        {
            return;
        }

        // The newest landing has the content of HEAD, so only an older approval or a working-tree edit can differ.
        if (!provenance.ModifiedInWorkingTree && approved.Sha == provenance.Merge?.Sha)
        {
            return;
        }

        byte[]? approvedBytes = git.ReadContentAt(approved.Sha, script.RelativePath);
        if (approvedBytes is null)
        {
            problems.Add(Changed(script, 1, $"script is not in its approving commit {approved.ShortSha}; get this version approved"));
            return;
        }

        if (approvedBytes.AsSpan().SequenceEqual(currentBytes))
        {
            return;
        }

        string approvedText = Encoding.UTF8.GetString(approvedBytes);
        CompareStatements(script, approvedText, approved, options, problems);
        CompareHeaders(script, approvedText, approved, problems);
    }

    private static void CompareStatements(CatalogScript script, string approvedText, GitCommit approved, CatalogOptions options, ICollection<CatalogProblem> problems)
    {
        List<string> approvedHashes = ScriptStatementReader.ExactHashes(approvedText, options);
        IReadOnlyList<CatalogStatement> current = script.Statements;
        int count = Math.Max(approvedHashes.Count, current.Count);
        for (int i = 0; i < count; i++)
        {
            string? before = i < approvedHashes.Count ? approvedHashes[i] : null;
            string? after = i < current.Count ? current[i].ExactHash : null;
            if (before == after)
            {
                continue;
            }

            // A removed statement has no line of its own, so point at the last statement that remains.
            int line = 1;
            if (i < current.Count)
            {
                line = current[i].Line;
            }
            else if (current.Count > 0)
            {
                line = current[^1].Line;
            }

            string what = $"statement {i + 1} differs in more than comments and whitespace";
            if (after is null)
            {
                what = $"statement {i + 1} was removed";
            }
            else if (before is null)
            {
                what = $"statement {i + 1} was added";
            }

            problems.Add(Changed(script, line,
                $"{what} after approval in commit {approved.ShortSha} ({approved.CommittedAt:yyyy-MM-dd}); get the change approved, for example by a merge with an Approved-by trailer"));
            return;
        }
    }

    private static void CompareHeaders(CatalogScript script, string approvedText, GitCommit approved, ICollection<CatalogProblem> problems)
    {
        ApprovalHeader? before = ApprovalHeaderParser.Parse(approvedText, script.RelativePath, new List<CatalogProblem>()).Header;
        ApprovalHeader? after = script.Header;
        if (SameApproval(before, after))
        {
            return;
        }

        problems.Add(Changed(script, after?.StartLine ?? 1,
            $"approval header changed after approval in commit {approved.ShortSha} ({approved.CommittedAt:yyyy-MM-dd}); get the new header approved"));
    }

    /// <summary>Compares what a header allows; the free-text purpose and the layout of the YAML do not count.</summary>
    private static bool SameApproval(ApprovalHeader? left, ApprovalHeader? right)
    {
        if (left is null || right is null)
        {
            return left is null && right is null;
        }

        return left.Ticket == right.Ticket
            && left.ApprovedBy.SequenceEqual(right.ApprovedBy, StringComparer.OrdinalIgnoreCase)
            && left.Executors.SequenceEqual(right.Executors, StringComparer.Ordinal)
            && left.WindowStart == right.WindowStart
            && left.WindowEnd == right.WindowEnd
            && left.Targets.SequenceEqual(right.Targets)
            && left.MaxRuns == right.MaxRuns
            && left.ApprovedAt == right.ApprovedAt;
    }

    private static CatalogProblem Changed(CatalogScript script, int line, string message) =>
        new(script.RelativePath, line, CatalogProblemSeverity.Error, CatalogProblemCodes.ChangedAfterApproval, message);
}
