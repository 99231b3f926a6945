using System.Text.Json;

namespace QueryAudit.Storage.Ado;

/// <summary>
/// Lists are stored as JSON arrays of strings in text columns.
/// </summary>
internal static class StoredJson
{
    public static string FromList(IReadOnlyList<string> values) => JsonSerializer.Serialize(values);

    public static IReadOnlyList<string> ToList(string? json) =>
        string.IsNullOrEmpty(json) ? [] : JsonSerializer.Deserialize<List<string>>(json) ?? [];
}
