using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using QueryAudit.Core.State;

namespace QueryAudit.Core.Triage;

/// <summary>
/// Computes and checks the SHA-256 chain of the triage trail.
/// </summary>
public static class TrailChain
{
    /// <summary>The previous hash of the first entry: 64 zeros.</summary>
    public static string GenesisHash { get; } = new('0', 64);

    /// <summary>
    /// Returns the lower-case hex SHA-256 of the UTF-8 JSON array of the entry's fields: sequence, UTC ticks of the time,
    /// actor, action, finding ids, before, after and previous hash. A JSON array keeps field boundaries unambiguous.
    /// </summary>
    public static string ComputeHash(
        long sequence, DateTimeOffset at, string actor, string action, IReadOnlyList<string> findingIds, string? before, string? after, string previousHash)
    {
        string?[] fields =
        [
            sequence.ToString(CultureInfo.InvariantCulture),
            at.UtcTicks.ToString(CultureInfo.InvariantCulture),
            actor,
            action,
            JsonSerializer.Serialize(findingIds),
            before,
            after,
            previousHash,
        ];
        byte[] json = JsonSerializer.SerializeToUtf8Bytes(fields);
        return Convert.ToHexStringLower(SHA256.HashData(json));
    }

    /// <summary>Builds the entry that follows <paramref name="previous"/> (a head with sequence 0 for the first entry).</summary>
    public static TrailEntry Next(TrailHead previous, DateTimeOffset at, TrailRecord record)
    {
        ArgumentNullException.ThrowIfNull(previous);
        ArgumentNullException.ThrowIfNull(record);
        long sequence = previous.Sequence + 1;
        string hash = ComputeHash(sequence, at, record.Actor, record.Action, record.FindingIds, record.Before, record.After, previous.Hash);
        return new TrailEntry(sequence, at, record.Actor, record.Action, record.FindingIds, record.Before, record.After, previous.Hash, hash);
    }

    /// <summary>
    /// Checks that the entries are numbered 1, 2, 3, ... without gaps, that each entry's hash matches its fields and
    /// links to the previous entry, and that the last entry is the store's recorded head.
    /// </summary>
    public static TrailVerification Verify(IReadOnlyList<TrailEntry> entries, TrailHead head)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(head);
        string previousHash = GenesisHash;
        for (int i = 0; i < entries.Count; i++)
        {
            TrailEntry entry = entries[i];
            long expectedSequence = i + 1;
            if (entry.Sequence != expectedSequence)
            {
                return TrailVerification.Broken(entry.Sequence, $"entry {entry.Sequence} follows entry {expectedSequence - 1}: entries in between are missing");
            }

            if (!string.Equals(entry.PreviousHash, previousHash, StringComparison.Ordinal))
            {
                return TrailVerification.Broken(entry.Sequence, $"entry {entry.Sequence} does not link to the hash of entry {expectedSequence - 1}: one of them was changed");
            }

            string computed = ComputeHash(entry.Sequence, entry.At, entry.Actor, entry.Action, entry.FindingIds, entry.Before, entry.After, entry.PreviousHash);
            if (!string.Equals(entry.Hash, computed, StringComparison.Ordinal))
            {
                return TrailVerification.Broken(entry.Sequence, $"entry {entry.Sequence} ({entry.Action} by {entry.Actor}) does not match its hash: its stored fields were changed");
            }

            previousHash = entry.Hash;
        }

        long lastSequence = entries.Count == 0 ? 0 : entries[^1].Sequence;
        if (head.Sequence != lastSequence || !string.Equals(head.Hash, previousHash, StringComparison.Ordinal))
        {
            // The first entry the two disagree on: a removed last entry, or one the head does not cover.
            return TrailVerification.Broken(
                Math.Min(lastSequence, head.Sequence) + 1,
                $"the trail ends at entry {lastSequence} but the store's head records entry {head.Sequence}: entries at the end were removed or the head was changed");
        }

        return new TrailVerification(true, entries.Count, null, null);
    }
}

/// <summary>
/// The result of <see cref="TrailChain.Verify"/>.
/// </summary>
/// <param name="IsIntact">True when the whole chain checks out.</param>
/// <param name="Entries">Entries checked.</param>
/// <param name="BrokenAt">Sequence number of the first entry that fails; null when intact.</param>
/// <param name="Problem">What failed, in words; null when intact.</param>
public sealed record TrailVerification(bool IsIntact, long Entries, long? BrokenAt, string? Problem)
{
    internal static TrailVerification Broken(long sequence, string problem) => new(false, 0, sequence, problem);
}
