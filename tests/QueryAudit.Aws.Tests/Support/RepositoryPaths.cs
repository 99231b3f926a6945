namespace QueryAudit.Aws.Tests.Support;

/// <summary>Paths inside the repository, found by walking up from the test binaries to <c>QueryAudit.sln</c>.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>The trimmed real Aurora capture that the end-to-end tests replay.</summary>
    public static string AuroraCapture => Path.Combine(Root, "sql-fixtures", "logs", "aurora", "billing-prod-instance-1.audit.log.gz");

    private static string FindRoot()
    {
        for (DirectoryInfo? dir = new(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "QueryAudit.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException($"No QueryAudit.sln above {TestContext.CurrentContext.TestDirectory}; run the tests from a checkout of the repository.");
    }
}
