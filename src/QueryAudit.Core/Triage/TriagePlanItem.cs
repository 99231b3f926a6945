using QueryAudit.Core.State;

namespace QueryAudit.Core.Triage;

/// <summary>
/// What a triage request would do to one finding: its new disposition, or why the request is rejected for it.
/// </summary>
/// <param name="Finding">The finding as stored before the request.</param>
/// <param name="After">The disposition after the request; null when rejected.</param>
/// <param name="Rejection">Why the request does not apply to this finding; null when it does.</param>
public sealed record TriagePlanItem(StoredFinding Finding, Disposition? After, string? Rejection)
{
    public bool IsRejected => Rejection is not null;
}
