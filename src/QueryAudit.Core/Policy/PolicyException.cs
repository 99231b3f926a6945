namespace QueryAudit.Core.Policy;

/// <summary>
/// One problem in a policy file, located by line.
/// </summary>
public sealed record PolicyError(string File, int Line, string Message)
{
    /// <summary>Formats as <c>file:line: message</c>.</summary>
    public override string ToString() => $"{File}:{Line}: {Message}";
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
