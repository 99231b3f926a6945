using System.Globalization;
using QueryAudit.Core.Catalog;
using QueryAudit.Core.Catalog.Git;

namespace QueryAudit.Worker.Commands;

/// <summary>
/// Writes <c>catalog check</c> and <c>catalog show</c> results as text.
/// </summary>
internal static class CatalogTextWriter
{
    /// <summary>Longest exact form printed on one line by <c>show</c>; longer ones are cut with an ellipsis (JSON output keeps them whole).</summary>
    private const int MaxStatementWidth = 120;

    /// <summary>
    /// Writes one line per problem to <paramref name="output"/>, in the compiler form <c>path:line: severity: message</c>
    /// that editors and CI annotators recognise, with paths joined to the folder as the user typed it. A summary goes to
    /// <paramref name="error"/> so that standard output contains only problems.
    /// </summary>
    public static void WriteCheck(TextWriter output, TextWriter error, ApprovedCatalog catalog, string displayRoot)
    {
        foreach (CatalogProblem problem in catalog.Problems)
        {
            string path = problem.File.Length == 0 ? displayRoot : JoinDisplayPath(displayRoot, problem.File);
            string severity = problem.Severity == CatalogProblemSeverity.Error ? "error" : "warning";
            output.WriteLine($"{path}:{problem.Line}: {severity}: {problem.Message}");
        }

        int errors = catalog.Problems.Count(p => p.Severity == CatalogProblemSeverity.Error);
        int warnings = catalog.Problems.Count - errors;
        error.WriteLine($"{errors} error(s), {warnings} warning(s) in {catalog.Scripts.Count} script(s); catalog sha256 {catalog.ContentHash}, commit {catalog.Commit ?? "none (not a git work tree)"}");
    }

    public static void WriteShow(TextWriter output, ApprovedCatalog catalog)
    {
        int migrations = catalog.Scripts.Count(s => s.Kind == CatalogScriptKind.Migration);
        output.WriteLine($"Catalog:      {catalog.Directory}");
        output.WriteLine($"Content hash: {catalog.ContentHash}");
        output.WriteLine($"Commit:       {catalog.Commit ?? "none (not a git work tree)"}");
        output.WriteLine($"Scripts:      {catalog.Scripts.Count} ({migrations} migrations, {catalog.Scripts.Count - migrations} operations), {catalog.Statements.Count()} statements");

        foreach (CatalogProblem problem in catalog.Problems.Where(p => p.File.Length == 0))
        {
            output.WriteLine($"  {Severity(problem)}: {problem.Message}");
        }

        foreach (CatalogScript script in catalog.Scripts)
        {
            output.WriteLine();
            WriteScript(output, script);
        }
    }

    private static void WriteScript(TextWriter output, CatalogScript script)
    {
        output.WriteLine($"{script.RelativePath}  [{Describe(script)}]  {(script.IsApproved ? "APPROVED" : "NOT APPROVED")}");

        if (script.Approval is { } approval)
        {
            WriteField(output, "ticket", approval.Ticket);
            WriteField(output, "approved by", string.Join(", ", approval.Approvers));
            WriteField(output, "approved at", approval.ApprovedAt?.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture));
            WriteField(output, "executors", approval.Executors.Count == 0 ? "any migration account" : string.Join(", ", approval.Executors));
            WriteField(output, "window", approval.FormatWindow());
            WriteField(output, "targets", approval.Targets.Count == 0 ? "any" : string.Join(", ", approval.Targets));
            WriteField(output, "max runs", approval.MaxRuns.ToString(CultureInfo.InvariantCulture));
            WriteField(output, "purpose", approval.Purpose);
            WriteField(output, "evidence", approval.Evidence);
        }

        if (script.Provenance is { } provenance)
        {
            WriteProvenance(output, provenance);
        }

        foreach (CatalogStatement statement in script.Statements)
        {
            string exact = statement.Normalized.ExactForm;
            string shown = exact.Length > MaxStatementWidth ? exact[..(MaxStatementWidth - 1)] + "…" : exact;
            output.WriteLine($"  #{statement.Index,-3} line {statement.Line,-5} {statement.Normalized.Kind,-11} {statement.ExactHash[..12]}  {shown}");
        }

        foreach (CatalogProblem problem in script.Problems)
        {
            output.WriteLine($"  {Severity(problem)}: line {problem.Line}: {problem.Message}");
        }
    }

    private static void WriteProvenance(TextWriter output, ScriptProvenance provenance)
    {
        if (!provenance.Committed)
        {
            WriteField(output, "git", "not committed");
            return;
        }

        WriteField(output, "added", DescribeCommit(provenance.Added));
        WriteField(output, "last changed", DescribeCommit(provenance.LastChanged));
        WriteField(output, "merged", DescribeCommit(provenance.Merge));
        WriteField(output, "approving commit", DescribeCommit(provenance.ApprovedCommit));
        WriteField(output, "git approvers", string.Join(", ", provenance.Approvers.Select(a => $"{a.Name} ({a.Trailer} in {a.CommitSha[..Math.Min(12, a.CommitSha.Length)]})")));
        if (provenance.ModifiedInWorkingTree)
        {
            WriteField(output, "working tree", "modified since HEAD");
        }
    }

    private static string? DescribeCommit(GitCommit? commit) =>
        commit is null
            ? null
            : $"{commit.ShortSha} {commit.CommittedAt.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture)} author {commit.AuthorName} <{commit.AuthorEmail}>, committer {commit.CommitterName}: {commit.Subject}";

    private static string Describe(CatalogScript script)
    {
        if (script.Kind == CatalogScriptKind.Operation)
        {
            return "operation";
        }

        return script.Migration is { } name
            ? $"migration {name.Version?.Text ?? "repeatable"}, {name.Style}, {name.Direction}"
            : "migration, unrecognised name";
    }

    private static void WriteField(TextWriter output, string label, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            output.WriteLine($"  {label + ":",-17} {value}");
        }
    }

    private static string Severity(CatalogProblem problem) => problem.Severity == CatalogProblemSeverity.Error ? "error" : "warning";

    private static string JoinDisplayPath(string root, string file)
    {
        string trimmed = root.TrimEnd('/', Path.DirectorySeparatorChar);
        return trimmed.Length == 0 || trimmed == "." ? file : $"{trimmed.Replace(Path.DirectorySeparatorChar, '/')}/{file}";
    }
}
