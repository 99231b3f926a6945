namespace QueryAudit.Deploy.Tests;

/// <summary>
/// Locations of the deployment files relative to the repository root.
/// </summary>
internal static class RepositoryPaths
{
    /// <summary>The repository root: the first parent folder of the test binary that contains QueryAudit.sln.</summary>
    public static string Root { get; } = FindRoot();

    public static string Template => Path.Combine(Root, "deploy", "queryaudit.yaml");

    public static string DeployReadme => Path.Combine(Root, "deploy", "README.md");

    public static string Dockerfile => Path.Combine(Root, "Dockerfile");

    public static string DockerIgnore => Path.Combine(Root, ".dockerignore");

    public static string ContainerStartScript => Path.Combine(Root, "scripts", "check-container-start.sh");

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
