using NUnit.Framework;

namespace QueryAudit.Core.Tests.Audit;

/// <summary>Finds folders of the repository from the test's output folder.</summary>
internal static class RepositoryPaths
{
    /// <summary>The repository root: the nearest parent folder that contains QueryAudit.sln.</summary>
    public static string Root
    {
        get
        {
            var folder = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
            while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "QueryAudit.sln")))
            {
                folder = folder.Parent;
            }

            return folder?.FullName ?? throw new InvalidOperationException(
                $"No QueryAudit.sln above {TestContext.CurrentContext.TestDirectory}; run the tests from the repository.");
        }
    }

    public static string FixtureLogs => Path.Combine(Root, "sql-fixtures", "logs");

    /// <summary>The full real MariaDB capture, which lives next to the repository and may be absent.</summary>
    public static string RealMariaDbCorpus => Path.GetFullPath(Path.Combine(Root, "..", "shared", "corpus", "real-mariadb"));
}
