namespace QueryAudit.Core.Triage;

/// <summary>
/// A reviewer's decision on a finding.
/// </summary>
public enum TriageAction
{
    /// <summary>Close it as explained, with a ticket.</summary>
    Explain,

    /// <summary>Close it as not an exception, with a reason.</summary>
    Dismiss,

    /// <summary>Hand it on for investigation; it stays open.</summary>
    Escalate,

    /// <summary>Undo an earlier decision; it becomes open again.</summary>
    Reopen,
}
