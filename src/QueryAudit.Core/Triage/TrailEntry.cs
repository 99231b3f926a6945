namespace QueryAudit.Core.Triage;

/// <summary>
/// One appended triage action. <see cref="Hash"/> covers every other field, including the previous entry's hash, so a
/// change to any stored entry breaks the chain from that entry on (see <see cref="TrailChain"/>).
/// </summary>
/// <param name="Sequence">1-based position in the trail, without gaps.</param>
/// <param name="At">When the action was taken, UTC.</param>
/// <param name="Actor">The reviewer who acted.</param>
/// <param name="Action">What was done.</param>
/// <param name="FindingIds">The findings acted on.</param>
/// <param name="Before">JSON of the state before the action; null when there was none.</param>
/// <param name="After">JSON of the state after the action.</param>
/// <param name="PreviousHash">Hash of the previous entry; <see cref="TrailChain.GenesisHash"/> for the first.</param>
/// <param name="Hash">Lower-case hex SHA-256 of this entry (<see cref="TrailChain.ComputeHash"/>).</param>
public sealed record TrailEntry(
    long Sequence,
    DateTimeOffset At,
    string Actor,
    string Action,
    IReadOnlyList<string> FindingIds,
    string? Before,
    string? After,
    string PreviousHash,
    string Hash);
