namespace QueryAudit.Core.Triage;

/// <summary>
/// What <see cref="TriageService.ApplyAsync"/> did.
/// </summary>
/// <param name="Items">Every matched finding with its new disposition or the reason it was left alone.</param>
/// <param name="Trail">The trail entry recording the change; null when nothing changed.</param>
public sealed record TriageResult(IReadOnlyList<TriagePlanItem> Items, TrailEntry? Trail)
{
    /// <summary>Findings whose disposition changed.</summary>
    public IReadOnlyList<TriagePlanItem> Applied => Items.Where(i => !i.IsRejected).ToList();

    /// <summary>Findings the request did not apply to, with the reason.</summary>
    public IReadOnlyList<TriagePlanItem> Rejected => Items.Where(i => i.IsRejected).ToList();
}
