namespace QueryAudit.Core.Audit;

/// <summary>
/// An audit log input could not be found or read. The message names the path and what to do next.
/// </summary>
public sealed class AuditInputException : IOException
{
    public AuditInputException()
    {
    }

    public AuditInputException(string message)
        : base(message)
    {
    }

    public AuditInputException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for one input path.</summary>
    public AuditInputException(string path, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        InputPath = path;
    }

    /// <summary>The input as given (file, folder or <c>-</c>); null when not known.</summary>
    public string? InputPath { get; }
}
