namespace QueryAudit.Core.Triage;

/// <summary>
/// A triage request that cannot be carried out as given (unknown reviewer, missing finding, missing ticket); the
/// message says what to change.
/// </summary>
public sealed class TriageException : Exception
{
    public TriageException()
    {
    }

    public TriageException(string message)
        : base(message)
    {
    }

    public TriageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
