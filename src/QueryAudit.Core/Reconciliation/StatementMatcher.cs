using QueryAudit.Core.Policy;

namespace QueryAudit.Core.Reconciliation;

/// <summary>
/// Decides whether a statement is an approved execution: exact-form match, then every constraint of the approval
/// (executor, approval time, window, target, runs). Keeps the run counts per statement and target.
/// </summary>
internal sealed class StatementMatcher(ApprovalIndex approvals, ReconcileOptions options)
{
    private readonly Dictionary<string, int> _runs = new(StringComparer.Ordinal);

    /// <summary>Returns a matcher with the same approvals and options and its own copy of the run counts.</summary>
    public StatementMatcher Copy()
    {
        StatementMatcher copy = new(approvals, options);
        foreach (KeyValuePair<string, int> run in _runs)
        {
            copy._runs.Add(run.Key, run.Value);
        }

        return copy;
    }

    public MatchOutcome Match(StatementContext statement)
    {
        string match = "exact";
        IReadOnlyList<ApprovedStatement> candidates = approvals.ByExactHash(statement.Normalized.ExactHash);
        if (candidates.Count == 0 && statement.Truncated)
        {
            candidates = approvals.ByExactPrefix(statement.Normalized.ExactForm);
            match = "prefix";
        }

        if (candidates.Count > 0)
        {
            return Check(statement, candidates, match);
        }

        IReadOnlyList<ApprovedStatement> sameTemplate = approvals.ByTemplateHash(statement.Normalized.TemplateHash);
        if (sameTemplate.Count > 0)
        {
            ApprovedStatement closest = sameTemplate[0];
            FindingReason difference = FirstDifference(closest, statement.Normalized.ExactForm);
            return new MatchOutcome(closest, FindingKinds.ValuesDiffer, difference, "template", 0);
        }

        return MatchOutcome.None;
    }

    private MatchOutcome Check(StatementContext statement, IReadOnlyList<ApprovedStatement> candidates, string match)
    {
        MatchOutcome? best = null;
        foreach (ApprovedStatement candidate in candidates)
        {
            (string? kind, FindingReason? reason) = FirstFailure(statement, candidate);
            if (kind is null)
            {
                string runKey = RunKey(statement, candidate);
                int run = _runs.GetValueOrDefault(runKey) + 1;
                _runs[runKey] = run;
                return new MatchOutcome(candidate, null, null, match, run);
            }

            best ??= new MatchOutcome(candidate, kind, reason, match, 0);
        }

        return best!;
    }

    private (string? Kind, FindingReason? Reason) FirstFailure(StatementContext statement, ApprovedStatement candidate)
    {
        Approval approval = candidate.Approval;
        string account = statement.Event.User;
        DateTimeOffset at = statement.Event.Timestamp;
        string script = approval.Script;
        int index = candidate.Index;

        bool executorAllowed = approval.Executors.Count == 0
            ? approval.IsMigration && statement.AccountClass == AccountClass.Migration
            : approval.Executors.Contains(account, StringComparer.Ordinal);
        if (!executorAllowed)
        {
            string allowed = approval.Executors.Count == 0 ? "a migration account" : string.Join(", ", approval.Executors);
            return (FindingKinds.WrongExecutor, FindingReasons.WrongExecutor(script, index, account, allowed));
        }

        if (approval.ApprovedAt is { } approvedAt && at < approvedAt)
        {
            return (FindingKinds.ExecutedBeforeApproval, FindingReasons.ExecutedBeforeApproval(script, index, at, approvedAt));
        }

        if ((approval.WindowStart is { } start && at < start) || (approval.WindowEnd is { } end && at >= end))
        {
            return (FindingKinds.OutsideWindow, FindingReasons.OutsideWindow(script, index, at, approval.WindowText));
        }

        string? wrongDatabases = CheckTarget(statement, approval);
        if (wrongDatabases is not null)
        {
            return (FindingKinds.WrongTarget, FindingReasons.WrongTarget(script, index, options.Cluster ?? "(not given)", wrongDatabases, approval.TargetText));
        }

        int runs = _runs.GetValueOrDefault(RunKey(statement, candidate));
        if (runs >= approval.MaxRuns)
        {
            return (FindingKinds.MaxRunsExceeded, FindingReasons.MaxRunsExceeded(script, index, runs, approval.MaxRuns));
        }

        return (null, null);
    }

    private string? CheckTarget(StatementContext statement, Approval approval)
    {
        if (approval.Targets.Count == 0)
        {
            return null;
        }

        string? cluster = options.Cluster;
        string database = statement.Event.Database;

        // The schemas changed are those the statement qualifies its tables with, plus the default database for any
        // table it does not qualify. Without a default database, unqualified names cannot be checked.
        List<string> schemas = [];
        bool unqualified = statement.Normalized.Tables.Count == 0;
        foreach (string table in statement.Normalized.Tables)
        {
            int dot = table.IndexOf('.', StringComparison.Ordinal);
            if (dot > 0)
            {
                schemas.Add(table[..dot]);
            }
            else
            {
                unqualified = true;
            }
        }

        if (unqualified && database.Length > 0)
        {
            schemas.Add(database);
        }

        foreach (ApprovalTarget target in approval.Targets)
        {
            bool clusterMatches = cluster is null || GlobPattern.IsMatch(target.Cluster.ToUpperInvariant(), cluster.ToUpperInvariant());
            bool databaseMatches = schemas.TrueForAll(schema => GlobPattern.IsMatch(target.Database, schema));
            if (clusterMatches && databaseMatches)
            {
                return null;
            }
        }

        return schemas.Count == 0 ? "(none)" : string.Join(", ", schemas.Distinct(StringComparer.Ordinal));
    }

    private string RunKey(StatementContext statement, ApprovedStatement candidate) =>
        $"{candidate.Key}@{statement.Event.Instance}/{options.Cluster}/{statement.Event.Database}";

    /// <summary>
    /// Names where the executed exact form first differs from the approved one, by the tokens before it. The values
    /// themselves are left out, because literals may hold personal data and reasons are printed in reports.
    /// </summary>
    internal static FindingReason FirstDifference(ApprovedStatement approvedStatement, string executed)
    {
        string approved = approvedStatement.Normalized.ExactForm;
        string script = approvedStatement.Approval.Script;
        string[] a = approved.Split(' ');
        string[] b = executed.Split(' ');
        int i = 0;
        while (i < a.Length && i < b.Length && string.Equals(a[i], b[i], StringComparison.Ordinal))
        {
            i++;
        }

        if (i == 0)
        {
            return FindingReasons.ValuesDifferAtStart(script, approvedStatement.Index);
        }

        string context = string.Join(' ', b.Skip(Math.Max(0, i - 3)).Take(Math.Min(3, i)).Select(Shorten));
        return i >= b.Length || i >= a.Length
            ? FindingReasons.ValuesDifferAtEnd(script, approvedStatement.Index, context)
            : FindingReasons.ValuesDiffer(script, approvedStatement.Index, context);
    }

    private static string Shorten(string token) => token.Length <= 40 ? token : token[..37] + "...";
}
