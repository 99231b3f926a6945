using System.Text.Json;
using System.Text.Json.Serialization;

namespace QueryAudit.Core.Triage;

/// <summary>
/// The JSON written into the trail's before and after fields: dispositions keyed by finding id, sorted, so that the
/// same state always gives the same text (and hash).
/// </summary>
public static class TriageJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Returns the JSON object of the dispositions by finding id; a finding without one is written as <c>{"status":"open"}</c>.</summary>
    public static string Dispositions(IEnumerable<(string FindingId, Disposition? Disposition)> states)
    {
        ArgumentNullException.ThrowIfNull(states);
        SortedDictionary<string, DispositionState> map = new(StringComparer.Ordinal);
        foreach ((string id, Disposition? disposition) in states)
        {
            map[id] = disposition is null
                ? new DispositionState(FindingStatuses.Open, null, null, null, null, null)
                : new DispositionState(
                    disposition.Status,
                    disposition.ProposedStatus,
                    disposition.Reviewers.Count == 0 ? null : disposition.Reviewers,
                    disposition.Ticket,
                    disposition.Note,
                    disposition.SuppressionRuleId);
        }

        return JsonSerializer.Serialize(map, Options);
    }

    /// <summary>Returns the JSON object of a suppression rule.</summary>
    public static string Rule(SuppressionRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return JsonSerializer.Serialize(rule, Options);
    }

    private sealed record DispositionState(
        string Status, string? ProposedStatus, IReadOnlyList<string>? Reviewers, string? Ticket, string? Note, string? SuppressionRuleId);
}
