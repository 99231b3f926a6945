namespace QueryAudit.Sql.Tests.Support;

/// <summary>
/// Locates the repository's test data from the test's output folder.
/// </summary>
internal static class RepositoryPaths
{
    /// <summary>The repository root: the first ancestor of the test assembly folder that contains <c>sql-fixtures</c>.</summary>
    public static string Root { get; } = FindRoot();

    public static string SqlFixtures => Path.Combine(Root, "sql-fixtures");

    private static string FindRoot()
    {
        DirectoryInfo? directory = new(TestContext.CurrentContext.TestDirectory);
        while (directory is not null && !Directory.Exists(Path.Combine(directory.FullName, "sql-fixtures")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName
            ?? throw new DirectoryNotFoundException($"No sql-fixtures folder above {TestContext.CurrentContext.TestDirectory}; run the tests from a repository checkout.");
    }
}
