using NUnit.Framework;

namespace QueryAudit.Core.Tests.Catalog;

/// <summary>
/// Locates the fixture catalog in <c>sql-fixtures/catalog</c> of the repository the tests run from.
/// </summary>
internal static class CatalogFixture
{
    public static string Directory
    {
        get
        {
            for (DirectoryInfo? folder = new(TestContext.CurrentContext.TestDirectory); folder is not null; folder = folder.Parent)
            {
                string candidate = Path.Combine(folder.FullName, "sql-fixtures", "catalog");
                if (System.IO.Directory.Exists(candidate))
                {
                    return candidate;
                }
            }

            throw new DirectoryNotFoundException($"sql-fixtures/catalog was not found above {TestContext.CurrentContext.TestDirectory}");
        }
    }
}
