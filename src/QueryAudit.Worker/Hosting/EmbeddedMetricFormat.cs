using System.Text;
using System.Text.Json;

namespace QueryAudit.Worker.Hosting;

/// <summary>
/// Formats metrics as one line of CloudWatch embedded metric format: a JSON object whose <c>_aws</c> member tells
/// CloudWatch Logs which members are metrics, in which namespace and with which dimensions. The format is described
/// in the Amazon CloudWatch User Guide, "Specification: Embedded metric format".
/// </summary>
internal static class EmbeddedMetricFormat
{
    /// <summary>CloudWatch namespace of every QueryAudit metric.</summary>
    public const string Namespace = "QueryAudit";

    /// <summary>Returns one EMF JSON line without a line terminator.</summary>
    /// <param name="timestamp">When the values were taken; written as Unix milliseconds.</param>
    /// <param name="dimensions">Dimension names and values, e.g. <c>Source</c>.</param>
    /// <param name="metrics">Metric name, value and CloudWatch unit (<c>Count</c>, <c>Seconds</c>, <c>Count/Second</c>).</param>
    public static string Format(
        DateTimeOffset timestamp,
        IReadOnlyList<(string Name, string Value)> dimensions,
        IReadOnlyList<(string Name, double Value, string Unit)> metrics)
    {
        ArgumentNullException.ThrowIfNull(dimensions);
        ArgumentNullException.ThrowIfNull(metrics);
        using MemoryStream buffer = new();
        using (Utf8JsonWriter json = new(buffer))
        {
            json.WriteStartObject();
            json.WriteStartObject("_aws");
            json.WriteNumber("Timestamp", timestamp.ToUnixTimeMilliseconds());
            json.WriteStartArray("CloudWatchMetrics");
            json.WriteStartObject();
            json.WriteString("Namespace", Namespace);
            json.WriteStartArray("Dimensions");
            json.WriteStartArray();
            foreach ((string name, _) in dimensions)
            {
                json.WriteStringValue(name);
            }

            json.WriteEndArray();
            json.WriteEndArray();
            json.WriteStartArray("Metrics");
            foreach ((string name, _, string unit) in metrics)
            {
                json.WriteStartObject();
                json.WriteString("Name", name);
                json.WriteString("Unit", unit);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();

            foreach ((string name, string value) in dimensions)
            {
                json.WriteString(name, value);
            }

            foreach ((string name, double value, _) in metrics)
            {
                json.WriteNumber(name, value);
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
