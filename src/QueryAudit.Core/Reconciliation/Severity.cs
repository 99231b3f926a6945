namespace QueryAudit.Core.Reconciliation;

/// <summary>
/// How urgent a finding is. Ordered: a larger value is more severe.
/// </summary>
public enum Severity
{
    Info = 0,
    Low = 1,
    Medium = 2,
    High = 3,
    Critical = 4,
}
