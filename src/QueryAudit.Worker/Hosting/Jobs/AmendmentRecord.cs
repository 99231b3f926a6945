using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using QueryAudit.Core.State;

namespace QueryAudit.Worker.Hosting.Jobs;

/// <summary>
/// Contents of <c>amendment.json</c> in <c>YYYY-MM/amendment-N/</c>: which frozen report the amendment amends, how many
/// late events it takes in, and which findings it adds to or drops from the frozen report.
/// </summary>
/// <param name="Period">Report month, <c>YYYY-MM</c>.</param>
/// <param name="Number">1 for the first amendment of the month, then 2, 3 and so on.</param>
/// <param name="Amends">Path of the frozen report, relative to the month's folder.</param>
/// <param name="AmendsSha256">SHA-256 of the frozen report as recorded when it was frozen.</param>
/// <param name="FrozenAt">When the amended report was frozen, UTC.</param>
/// <param name="LateEventsCovered">Late events for the month recorded in the store when this amendment was written.</param>
/// <param name="LateEventsAdded">Late events since the previous amendment (or the freeze).</param>
/// <param name="ReportSha256">SHA-256 of this amendment's report.pdf.</param>
/// <param name="AddedFindings">Ids of findings in this amendment that the frozen report lacks.</param>
/// <param name="DroppedFindings">Ids of findings of the frozen report that this amendment no longer has.</param>
internal sealed record AmendmentRecord(
    string Period,
    int Number,
    string Amends,
    string AmendsSha256,
    DateTimeOffset FrozenAt,
    long LateEventsCovered,
    long LateEventsAdded,
    string ReportSha256,
    IReadOnlyList<string> AddedFindings,
    IReadOnlyList<string> DroppedFindings)
{
    public const string FileName = "amendment.json";

    public static AmendmentRecord Create(
        string period,
        int number,
        ReportFreeze frozen,
        AmendmentRecord? previous,
        string reportSha256,
        IReadOnlySet<string> frozenFindings,
        IReadOnlySet<string> amendedFindings)
    {
        ArgumentNullException.ThrowIfNull(frozen);
        return new AmendmentRecord(
            period,
            number,
            "report.pdf",
            frozen.ReportSha256,
            frozen.FrozenAt,
            frozen.LateEvents,
            frozen.LateEvents - (previous?.LateEventsCovered ?? 0),
            reportSha256,
            amendedFindings.Except(frozenFindings).Order(StringComparer.Ordinal).ToList(),
            frozenFindings.Except(amendedFindings).Order(StringComparer.Ordinal).ToList());
    }

    /// <summary>Returns the complete amendment with the highest number in <paramref name="monthDirectory"/>, or null when there is none.</summary>
    /// <exception cref="JsonException">An amendment.json is not valid.</exception>
    public static AmendmentRecord? Latest(string monthDirectory)
    {
        if (!Directory.Exists(monthDirectory))
        {
            return null;
        }

        AmendmentRecord? latest = null;
        foreach (string folder in Directory.GetDirectories(monthDirectory, "amendment-*"))
        {
            string path = Path.Combine(folder, FileName);
            if (!File.Exists(path))
            {
                continue;
            }

            AmendmentRecord record = JsonSerializer.Deserialize(File.ReadAllText(path), AmendmentRecordJsonContext.Default.AmendmentRecord)
                ?? throw new JsonException($"{path} contains null; delete its folder so that the amendment is written again.");
            if (latest is null || record.Number > latest.Number)
            {
                latest = record;
            }
        }

        return latest;
    }

    /// <summary>Returns the finding ids of a report.json; none when the file does not exist.</summary>
    public static IReadOnlySet<string> FindingIds(string reportJson)
    {
        HashSet<string> ids = new(StringComparer.Ordinal);
        if (!File.Exists(reportJson))
        {
            return ids;
        }

        using JsonDocument report = JsonDocument.Parse(File.ReadAllBytes(reportJson));
        foreach (JsonElement finding in report.RootElement.GetProperty("findings").EnumerateArray())
        {
            ids.Add(finding.GetProperty("id").GetString() ?? "");
        }

        return ids;
    }

    public async Task WriteAsync(string directory, CancellationToken cancellationToken)
    {
        string path = Path.Combine(directory, FileName);
        string temporary = path + "." + Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + ".tmp";
        await File.WriteAllTextAsync(temporary, JsonSerializer.Serialize(this, AmendmentRecordJsonContext.Default.AmendmentRecord), cancellationToken).ConfigureAwait(false);
        File.Move(temporary, path, overwrite: true);
    }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true)]
[JsonSerializable(typeof(AmendmentRecord))]
internal sealed partial class AmendmentRecordJsonContext : JsonSerializerContext;
