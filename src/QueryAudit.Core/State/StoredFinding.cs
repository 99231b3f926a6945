using QueryAudit.Core.Reconciliation;
using QueryAudit.Core.Triage;

namespace QueryAudit.Core.State;

/// <summary>
/// A finding as the store keeps it, with its template hash and triage state.
/// </summary>
/// <param name="Finding">The finding as reconciliation produced it.</param>
/// <param name="TemplateHash">Lower-case hex SHA-256 of <see cref="Finding.Template"/>; null for non-statement findings.</param>
/// <param name="Disposition">The triage decision; null while nobody has acted on it.</param>
public sealed record StoredFinding(Finding Finding, string? TemplateHash, Disposition? Disposition)
{
    /// <summary>The disposition status; <c>open</c> without a disposition.</summary>
    public string Status => Disposition?.Status ?? FindingStatuses.Open;
}
