namespace QueryAudit.Core.State;

/// <summary>
/// The last trail entry as the store's head row records it, so that deleting the newest entries is detected.
/// </summary>
/// <param name="Sequence">Sequence number of the last entry; 0 for an empty trail.</param>
/// <param name="Hash">Hash of the last entry; <see cref="Triage.TrailChain.GenesisHash"/> for an empty trail.</param>
public sealed record TrailHead(long Sequence, string Hash);
