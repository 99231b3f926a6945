namespace QueryAudit.Core.Catalog.Git;

/// <summary>
/// A git command that could not be started or exited with an error.
/// </summary>
internal sealed class GitCommandException : Exception
{
    public GitCommandException()
    {
    }

    public GitCommandException(string message)
        : base(message)
    {
    }

    public GitCommandException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public GitCommandException(string message, int exitCode)
        : base(message)
    {
        ExitCode = exitCode;
    }

    /// <summary>The exit code of git; -1 when it could not be started.</summary>
    public int ExitCode { get; }
}
