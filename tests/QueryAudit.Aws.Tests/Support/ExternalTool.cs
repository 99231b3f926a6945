namespace QueryAudit.Aws.Tests.Support;

/// <summary>
/// Finds a program a test needs. Outside CI a missing program skips the test; in CI
/// (<c>CI=true</c>) it fails the test, so a broken install cannot pass silently.
/// </summary>
public static class ExternalTool
{
    /// <summary>The Debian awscli package's entry point; a plain <c>aws</c> on PATH may be a different (v1) install.</summary>
    public const string AwsCli = "/usr/bin/aws";

    /// <summary>Returns <paramref name="path"/> when it exists, else ignores or fails the test.</summary>
    public static string Require(string path, string what)
    {
        if (File.Exists(path))
        {
            return path;
        }

        string message = $"{what} is not installed at {path}; run scripts/install-test-deps.sh.";
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail(message);
        }

        Assert.Ignore(message);
        return path;
    }

    /// <summary>The s3rver command installed by scripts/install-test-deps.sh into the repository's <c>.tools</c> folder.</summary>
    public static string S3rver => Path.Combine(RepositoryPaths.Root, ".tools", "s3rver", "node_modules", ".bin", "s3rver");
}
