using System.Globalization;
using System.Text.Json;
using QueryAudit.Worker.Reconcile;

namespace QueryAudit.Worker.Commands;

/// <summary>
/// Compares the fields that manifest.json and report.json both record (report id, period, tool version, catalog and
/// policy hashes, counts), so that an edit to the manifest alone shows even when every file hash still matches.
/// </summary>
internal static class ManifestReportCheck
{
    /// <summary>Writes one line per field that differs and returns how many differ. An invalid report.json counts as one; a missing one is reported with the outputs instead.</summary>
    public static async Task<int> CompareAsync(Manifest manifest, string reportJsonPath, TextWriter output, CancellationToken cancellationToken)
    {
        if (!File.Exists(reportJsonPath))
        {
            // The missing file itself is already reported with the outputs.
            return 0;
        }

        JsonDocument report;
        try
        {
            report = JsonDocument.Parse(await File.ReadAllTextAsync(reportJsonPath, cancellationToken).ConfigureAwait(false));
        }
        catch (JsonException e)
        {
            await output.WriteLineAsync($"invalid: report.json is not valid JSON ({e.Message}), so manifest.json cannot be compared with it").ConfigureAwait(false);
            return 1;
        }

        using (report)
        {
            List<(string Field, string Manifest, string? Report)> pairs = Pairs(manifest, report.RootElement);
            int mismatches = 0;
            foreach ((string field, string inManifest, string? inReport) in pairs.Where(pair => pair.Manifest != pair.Report))
            {
                await output.WriteLineAsync($"mismatch: {field} is '{inManifest}' in manifest.json but '{inReport ?? "(absent)"}' in report.json").ConfigureAwait(false);
                mismatches++;
            }

            return mismatches;
        }
    }

    private static List<(string Field, string Manifest, string? Report)> Pairs(Manifest manifest, JsonElement report)
    {
        JsonElement header = Property(report, "header");
        JsonElement summary = Property(report, "summary");
        JsonElement completeness = Property(report, "completeness");
        JsonElement findings = Property(report, "findings");
        ManifestCounts counts = manifest.Counts;
        List<(string Field, string Manifest, string? Report)> pairs =
        [
            ("reportId", manifest.ReportId, Text(header, "report_id")),
            ("toolVersion", manifest.ToolVersion, Text(header, "tool_version")),
            ("period.label", manifest.Period.Label, Text(header, "period_label")),
            ("period.timeZone", manifest.Period.TimeZone, Text(header, "time_zone")),
            ("period.startUtc", Instant(manifest.Period.StartUtc), InstantText(header, "period_start_utc")),
            ("period.endUtc", Instant(manifest.Period.EndUtc), InstantText(header, "period_end_utc")),
            ("catalog.contentHash", manifest.Catalog.ContentHash, Text(header, "catalog_hash")),
            ("policy.sha256", manifest.Policy.Sha256, Text(header, "policy_hash")),
            ("counts.events", Count(counts.Events), Number(summary, "events_read")),
            ("counts.statements", Count(counts.Statements), Number(summary, "statements_reconciled")),
            ("counts.approvedExecutions", Count(counts.ApprovedExecutions), Number(summary, "approved_executions")),
            ("counts.findings", Count(counts.Findings), findings.ValueKind == JsonValueKind.Array ? Count(findings.GetArrayLength()) : null),
            ("counts.unparsedLines", Count(counts.UnparsedLines), Number(summary, "unparsed_lines")),
            ("counts.duplicatesRemoved", Count(counts.DuplicatesRemoved), Number(completeness, "duplicates_removed")),
        ];

        // Both files list the inputs in reading order. verify --inputs checks the files against the manifest, so an
        // entry removed or edited there must show here.
        JsonElement inputs = Property(completeness, "inputs");
        int reportInputs = inputs.ValueKind == JsonValueKind.Array ? inputs.GetArrayLength() : 0;
        pairs.Add(("inputs (count)", Count(manifest.Inputs.Count), inputs.ValueKind == JsonValueKind.Array ? Count(reportInputs) : null));
        for (int i = 0; i < Math.Min(manifest.Inputs.Count, reportInputs); i++)
        {
            ManifestInput input = manifest.Inputs[i];
            JsonElement reported = inputs[i];
            string field = string.Create(CultureInfo.InvariantCulture, $"inputs[{i}]");
            pairs.Add((field + ".path", input.Path, Text(reported, "name")));
            pairs.Add((field + ".sha256", input.Sha256, Text(reported, "sha256")));
            pairs.Add((field + ".lines", Count(input.Lines), Number(reported, "lines")));
            pairs.Add((field + ".events", Count(input.Events), Number(reported, "events")));
            pairs.Add((field + ".unparsed", Count(input.Unparsed), Number(reported, "unparsed")));
        }

        return pairs;
    }

    private static JsonElement Property(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out JsonElement value) ? value : default;

    private static string? Text(JsonElement element, string name) =>
        Property(element, name) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;

    private static string? Number(JsonElement element, string name) =>
        Property(element, name) is { ValueKind: JsonValueKind.Number } value && value.TryGetInt64(out long number) ? Count(number) : null;

    private static string? InstantText(JsonElement element, string name) =>
        Property(element, name) is { ValueKind: JsonValueKind.String } value && value.TryGetDateTimeOffset(out DateTimeOffset at) ? Instant(at) : Text(element, name);

    private static string Instant(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    private static string Count(long value) => value.ToString(CultureInfo.InvariantCulture);
}
