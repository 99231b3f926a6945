using System.Text;
using QueryAudit.Core.Catalog.Git;

namespace QueryAudit.Core.Catalog;

/// <summary>
/// Loads an approved catalog folder: finds the scripts, reads their approval headers and git provenance, splits and
/// normalises their statements, and reports every problem with file and line.
/// </summary>
public static class CatalogLoader
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// Loads the catalog below <paramref name="directory"/>. Problems with files, headers, statements and git history
    /// are returned in the catalog rather than thrown. A missing folder gives an empty catalog with a
    /// <see cref="CatalogProblemCodes.FolderNotFound"/> error.
    /// </summary>
    public static ApprovedCatalog Load(string directory, CatalogOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        options ??= CatalogOptions.Default;

        string root = Path.GetFullPath(directory);
        List<CatalogProblem> catalogProblems = [];
        if (!Directory.Exists(root))
        {
            catalogProblems.Add(new CatalogProblem("", 0, CatalogProblemSeverity.Error, CatalogProblemCodes.FolderNotFound,
                $"catalog folder '{root}' does not exist; pass the folder that contains '{options.MigrationsFolder}' and '{options.OperationsFolder}'"));
            return new ApprovedCatalog(root, [], catalogProblems, CatalogContentHash.Compute([]), null);
        }

        List<CatalogFile> files = CatalogFileFinder.Find(root, options, catalogProblems);
        GitHistory? git = options.ReadGitProvenance ? GitHistory.TryOpen(root, options, catalogProblems) : null;

        List<LoadedScript> loaded = [.. files.Select(file => LoadScript(file, git, options))];
        ReportDuplicateVersions(loaded);

        List<CatalogScript> scripts = [];
        foreach (LoadedScript item in loaded.OrderBy(item => item.Script, ScriptOrder.Instance))
        {
            item.Finish();
            scripts.Add(item.Script);
        }

        List<CatalogProblem> problems = [.. catalogProblems, .. scripts.SelectMany(script => script.Problems)];
        problems.Sort(ProblemOrder);

        return new ApprovedCatalog(root, scripts, problems, CatalogContentHash.Compute(scripts), git?.HeadCommit);
    }

    private static LoadedScript LoadScript(CatalogFile file, GitHistory? git, CatalogOptions options)
    {
        List<CatalogProblem> problems = [];
        byte[] bytes = ReadBytes(file, problems);
        string? text = Decode(file, bytes, problems);

        MigrationName? migration = null;
        string fileName = Path.GetFileName(file.RelativePath);
        if (file.Kind == CatalogScriptKind.Migration)
        {
            migration = MigrationName.TryParse(fileName);
            if (migration is null)
            {
                problems.Add(new CatalogProblem(file.RelativePath, 0, CatalogProblemSeverity.Error, CatalogProblemCodes.UnrecognisedMigrationName,
                    "migration file name follows no supported style; name it like V1.2__desc.sql (Flyway), 000012_desc.up.sql (golang-migrate) or 0003-desc.sql"));
            }
        }

        ApprovalHeaderParseResult headerResult = text is null
            ? new ApprovalHeaderParseResult(false, null)
            : ApprovalHeaderParser.Parse(text, file.RelativePath, problems);

        ScriptProvenance? provenance = git?.Read(file.RelativePath);
        if (provenance is { Committed: false })
        {
            problems.Add(new CatalogProblem(file.RelativePath, 0, CatalogProblemSeverity.Warning, CatalogProblemCodes.NotCommitted,
                "script is not committed to git, so only its header can approve it; commit and merge it through review"));
        }

        CatalogScript script = new()
        {
            RelativePath = file.RelativePath,
            FullPath = file.FullPath,
            Kind = file.Kind,
            Migration = migration,
            Description = migration?.Description ?? Path.GetFileNameWithoutExtension(fileName),
            FileSha256 = CatalogContentHash.Sha256Hex(bytes),
            Header = headerResult.Header,
            Provenance = provenance,
        };

        if (text is not null)
        {
            ScriptStatementReader.Read(script, text, options, problems);
            if (git is not null)
            {
                ApprovalDriftCheck.Check(script, bytes, git, options, problems);
            }
        }

        CatalogApproval? approval = text is null ? null : ApprovalResolver.Resolve(file.RelativePath, file.Kind, headerResult, provenance, options, problems);
        return new LoadedScript(script, approval, problems);
    }

    private static byte[] ReadBytes(CatalogFile file, List<CatalogProblem> problems)
    {
        try
        {
            return File.ReadAllBytes(file.FullPath);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            problems.Add(new CatalogProblem(file.RelativePath, 0, CatalogProblemSeverity.Error, CatalogProblemCodes.UnreadableFile,
                $"script could not be read: {exception.Message}"));
            return [];
        }
    }

    private static string? Decode(CatalogFile file, byte[] bytes, List<CatalogProblem> problems)
    {
        ReadOnlySpan<byte> content = bytes;
        if (content.StartsWith(Encoding.UTF8.Preamble))
        {
            content = content[Encoding.UTF8.Preamble.Length..];
        }

        try
        {
            return StrictUtf8.GetString(content);
        }
        catch (DecoderFallbackException exception)
        {
            problems.Add(new CatalogProblem(file.RelativePath, 0, CatalogProblemSeverity.Error, CatalogProblemCodes.UnreadableFile,
                $"script is not valid UTF-8 (invalid byte at offset {exception.Index}); save it as UTF-8"));
            return null;
        }
    }

    private static void ReportDuplicateVersions(List<LoadedScript> loaded)
    {
        var groups = loaded
            .Where(item => item.Script.Version is not null)
            .GroupBy(item => (item.Script.Migration!.Direction, item.Script.Version!))
            .Where(group => group.Count() > 1);

        foreach (var group in groups)
        {
            List<LoadedScript> sameVersion = [.. group.OrderBy(item => item.Script.RelativePath, StringComparer.Ordinal)];
            foreach (LoadedScript item in sameVersion)
            {
                string others = string.Join(", ", sameVersion.Where(other => other != item).Select(other => other.Script.RelativePath));
                item.Problems.Add(new CatalogProblem(item.Script.RelativePath, 0, CatalogProblemSeverity.Error, CatalogProblemCodes.DuplicateMigrationVersion,
                    $"migration version {item.Script.Version} is also used by {others}; give each migration its own version"));
            }
        }
    }

    private static int ProblemOrder(CatalogProblem left, CatalogProblem right)
    {
        int byFile = string.CompareOrdinal(left.File, right.File);
        return byFile != 0 ? byFile : left.Line.CompareTo(right.Line);
    }

    /// <summary>A script with the approval it earns if no error is reported against it.</summary>
    private sealed record LoadedScript(CatalogScript Script, CatalogApproval? Approval, List<CatalogProblem> Problems)
    {
        public void Finish()
        {
            Problems.Sort(ProblemOrder);
            Script.Problems = Problems;
            Script.Approval = Problems.Any(problem => problem.Severity == CatalogProblemSeverity.Error) ? null : Approval;
        }
    }
}
