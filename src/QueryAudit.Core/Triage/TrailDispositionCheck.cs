using System.Text.Json;
using QueryAudit.Core.Reporting;

namespace QueryAudit.Core.Triage;

/// <summary>
/// Checks that every disposition a report would show is the state the trail last recorded for that finding. The
/// trail's hash chain proves the trail unchanged; this proves the dispositions table was not written around it.
/// </summary>
public static class TrailDispositionCheck
{
    /// <summary>
    /// Returns one message per finding whose reported disposition differs from the trail's last state for it, in
    /// finding-id order; empty when they agree. Suppressed findings are not checked: rules suppress later
    /// statements when they are saved, without a trail entry per finding.
    /// </summary>
    public static IReadOnlyList<string> Mismatches(IReadOnlyList<TrailEntry> entries, IReadOnlyDictionary<string, FindingDisposition> reported)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(reported);
        Dictionary<string, (string Status, IReadOnlyList<string> Reviewers, string? Ticket, long Sequence)> last = new(StringComparer.Ordinal);
        foreach (TrailEntry entry in entries)
        {
            if (entry.After is null)
            {
                continue;
            }

            foreach ((string findingId, (string Status, IReadOnlyList<string> Reviewers, string? Ticket) state) in Parse(entry.After))
            {
                last[findingId] = (state.Status, state.Reviewers, state.Ticket, entry.Sequence);
            }
        }

        List<string> problems = [];
        foreach ((string findingId, FindingDisposition disposition) in reported.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            if (disposition.Status == FindingStatuses.Suppressed)
            {
                continue;
            }

            bool recorded = last.TryGetValue(findingId, out (string Status, IReadOnlyList<string> Reviewers, string? Ticket, long Sequence) trail);
            string trailStatus = recorded ? trail.Status : FindingStatuses.Open;

            // A finding awaiting its second reviewer is reported as open.
            string expected = trailStatus == FindingStatuses.PendingReview ? FindingStatuses.Open : trailStatus;
            if (disposition.Status != expected)
            {
                problems.Add(recorded
                    ? $"{findingId}: the store shows '{disposition.Status}', but trail entry {trail.Sequence} last recorded '{trailStatus}'"
                    : $"{findingId}: the store shows '{disposition.Status}', but the trail records no decision on it");
                continue;
            }

            if (recorded && expected != FindingStatuses.Open
                && (!disposition.Reviewers.SequenceEqual(trail.Reviewers, StringComparer.Ordinal) || disposition.Ticket != trail.Ticket))
            {
                problems.Add($"{findingId}: the store's reviewers or ticket differ from trail entry {trail.Sequence}");
            }
        }

        return problems;
    }

    private static IEnumerable<(string FindingId, (string Status, IReadOnlyList<string> Reviewers, string? Ticket) State)> Parse(string after)
    {
        using JsonDocument document = JsonDocument.Parse(after);
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            yield break;
        }

        foreach (JsonProperty property in document.RootElement.EnumerateObject())
        {
            if (property.Value.ValueKind != JsonValueKind.Object || !property.Value.TryGetProperty("status", out JsonElement status))
            {
                continue;
            }

            List<string> reviewers = property.Value.TryGetProperty("reviewers", out JsonElement list) && list.ValueKind == JsonValueKind.Array
                ? list.EnumerateArray().Select(r => r.GetString() ?? "").ToList()
                : [];
            string? ticket = property.Value.TryGetProperty("ticket", out JsonElement t) ? t.GetString() : null;
            yield return (property.Name, (status.GetString() ?? "", reviewers, ticket));
        }
    }
}
