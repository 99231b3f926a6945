namespace QueryAudit.Core.Triage;

/// <summary>
/// A triage action to append to the trail; the store adds the sequence number, time and hashes.
/// </summary>
/// <param name="Actor">The reviewer who acted.</param>
/// <param name="Action">What was done: <c>explain</c>, <c>dismiss</c>, <c>escalate</c>, <c>reopen</c>, <c>suppress</c>, ...</param>
/// <param name="FindingIds">The findings acted on, sorted.</param>
/// <param name="Before">JSON of the state before the action (dispositions by finding id); null when there was none.</param>
/// <param name="After">JSON of the state after the action.</param>
public sealed record TrailRecord(string Actor, string Action, IReadOnlyList<string> FindingIds, string? Before, string? After);
