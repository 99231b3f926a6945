namespace QueryAudit.Worker.Tests;

/// <summary>
/// Locations of test data relative to the repository root.
/// </summary>
internal static class TestPaths
{
    /// <summary>The repository root: the first parent folder of the test binary that holds QueryAudit.sln.</summary>
    public static string Root { get; } = FindRoot();

    public static string Fixtures => Path.Combine(Root, "sql-fixtures");

    /// <summary>The shared real corpus beside the repository, when present.</summary>
    public static string SharedCorpus => Path.GetFullPath(Path.Combine(Root, "..", "shared", "corpus", "real-mariadb"));

    /// <summary>A new empty folder under the test's work directory.</summary>
    public static string NewTempFolder(string name)
    {
        string path = Path.Combine(Path.GetTempPath(), "queryaudit-tests", name + "-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(path);
        return path;
    }

    private static string FindRoot()
    {
        DirectoryInfo? directory = new(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "QueryAudit.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException($"QueryAudit.sln not found above {AppContext.BaseDirectory}.");
    }
}
