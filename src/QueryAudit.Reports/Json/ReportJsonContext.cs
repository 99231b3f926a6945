using System.Text.Json.Serialization;

namespace QueryAudit.Reports.Json;

/// <summary>
/// Source-generated serializer for <c>report.json</c>: snake_case names, nulls written, indented.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    WriteIndented = true,
    IndentSize = 2,
    NewLine = "\n",
    DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(ReportJsonDocument))]
internal sealed partial class ReportJsonContext : JsonSerializerContext;
