namespace QueryAudit.Core.Tests;

/// <summary>
/// Locations of test data relative to the repository root.
/// </summary>
internal static class TestPaths
{
    /// <summary>The repository root: the first parent folder of the test binary that holds QueryAudit.sln.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The fixture month in <c>sql-fixtures/</c>.</summary>
    public static string Fixtures => Path.Combine(Root, "sql-fixtures");

    /// <summary>The shared real corpus beside the repository, when present.</summary>
    public static string SharedCorpus => Path.Combine(Root, "..", "shared", "corpus", "real-mariadb");

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
