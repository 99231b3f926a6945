namespace QueryAudit.Core.Catalog;

/// <summary>
/// Lists the <c>.sql</c> files of a catalog: below the migrations and operations folders, recursively, skipping names
/// that start with a dot (editor backups, <c>.git</c>).
/// </summary>
internal static class CatalogFileFinder
{
    public static List<CatalogFile> Find(string root, CatalogOptions options, ICollection<CatalogProblem> problems)
    {
        List<CatalogFile> files = [];
        string migrations = Path.Combine(root, options.MigrationsFolder);
        string operations = Path.Combine(root, options.OperationsFolder);
        if (!Directory.Exists(migrations) && !Directory.Exists(operations))
        {
            problems.Add(new CatalogProblem("", 0, CatalogProblemSeverity.Error, CatalogProblemCodes.FolderNotFound,
                $"catalog '{root}' has neither a '{options.MigrationsFolder}' nor an '{options.OperationsFolder}' folder; point the command at the folder that contains them"));
            return files;
        }

        AddFiles(root, migrations, CatalogScriptKind.Migration, files);
        AddFiles(root, operations, CatalogScriptKind.Operation, files);
        ReportStrayScripts(root, [migrations, operations], problems);
        return files;
    }

    /// <summary>Returns the catalog-relative path with <c>/</c> separators on every platform.</summary>
    public static string RelativePath(string root, string fullPath) =>
        Path.GetRelativePath(root, fullPath).Replace(Path.DirectorySeparatorChar, '/');

    private static void AddFiles(string root, string folder, CatalogScriptKind kind, List<CatalogFile> files)
    {
        if (!Directory.Exists(folder))
        {
            return;
        }

        foreach (string path in EnumerateScripts(folder))
        {
            files.Add(new CatalogFile(path, RelativePath(root, path), kind));
        }
    }

    private static IEnumerable<string> EnumerateScripts(string folder)
    {
        foreach (string path in Directory.EnumerateFiles(folder, "*", SearchOption.TopDirectoryOnly))
        {
            string name = Path.GetFileName(path);
            if (!name.StartsWith('.') && name.EndsWith(".sql", StringComparison.OrdinalIgnoreCase))
            {
                yield return path;
            }
        }

        foreach (string child in Directory.EnumerateDirectories(folder))
        {
            if (Path.GetFileName(child).StartsWith('.'))
            {
                continue;
            }

            foreach (string path in EnumerateScripts(child))
            {
                yield return path;
            }
        }
    }

    private static void ReportStrayScripts(string root, string[] scriptFolders, ICollection<CatalogProblem> problems)
    {
        foreach (string path in Directory.EnumerateFiles(root, "*.sql", SearchOption.TopDirectoryOnly))
        {
            string relative = RelativePath(root, path);
            problems.Add(new CatalogProblem(relative, 0, CatalogProblemSeverity.Warning, CatalogProblemCodes.StrayScript,
                $"script is outside '{Path.GetFileName(scriptFolders[0])}' and '{Path.GetFileName(scriptFolders[1])}' and is ignored; move it into one of them"));
        }
    }
}
