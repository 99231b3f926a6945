namespace QueryAudit.Core.State;

/// <summary>
/// Thrown when a task commits a batch for a source whose lease it no longer holds; the batch must be dropped and the
/// source read again by its new owner from the last committed checkpoint.
/// </summary>
public sealed class LeaseLostException : Exception
{
    public LeaseLostException()
    {
    }

    public LeaseLostException(string message)
        : base(message)
    {
    }

    public LeaseLostException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
