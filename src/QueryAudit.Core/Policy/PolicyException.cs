namespace QueryAudit.Core.Policy;

/// <summary>
/// One problem in a policy file, located by line.
/// </summary>
public sealed record PolicyError(string File, int Line, string Message)
{
    /// <summary>Formats the error as <c>FILE:LINE: MESSAGE</c>, or <c>FILE: MESSAGE</c> when it concerns no one line.</summary>
    public override string ToString() => Line > 0 ? $"{File}:{Line}: {Message}" : $"{File}: {Message}";
}

/// <summary>
/// Thrown when a policy file is invalid; carries every problem found, not only the first.
/// </summary>
public sealed class PolicyException : Exception
{
    public PolicyException(IReadOnlyList<PolicyError> errors)
        : base(string.Join(Environment.NewLine, errors))
    {
        Errors = errors;
    }

    public PolicyException()
        : this([])
    {
    }

    public PolicyException(string message)
        : base(message)
    {
        Errors = [];
    }

    public PolicyException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = [];
    }

    /// <summary>The problems, in file order.</summary>
    public IReadOnlyList<PolicyError> Errors { get; }
}
