using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace QueryAudit.Core.Reporting;

/// <summary>
/// Report ids such as <c>QA-202612-ja-3f9c01d2</c> or <c>QA-20261204T195113Z-20261204T200113Z-en-24ee66f2</c>. The
/// readable part names the period, the language and any amendment. The hash covers the period's UTC interval, time
/// zone, clusters, language, literal masking, amendment number, catalog, policy and inputs, so reports that differ in
/// any of them get different ids (and different S3 key prefixes with <c>--upload-to</c>), and the same inputs always
/// give the same id.
/// </summary>
/// <remarks>
/// NOTE: triage dispositions and the tool version are not in the hash, so a rerun after reviewers changed a status
/// keeps the id although the report shows the new status.
/// </remarks>
public static class ReportIds
{
    /// <summary>Creates the id of the report built from <paramref name="inputs"/>.</summary>
    public static string Create(ReportInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);

        // One named field per line, so that a value cannot run into the next field.
        StringBuilder seed = new();
        Field(seed, "period-start-utc-ticks", inputs.PeriodStart.UtcTicks.ToString(CultureInfo.InvariantCulture));
        Field(seed, "period-end-utc-ticks", inputs.PeriodEnd.UtcTicks.ToString(CultureInfo.InvariantCulture));
        Field(seed, "period-label", inputs.PeriodLabel);
        Field(seed, "time-zone", inputs.TimeZone);
        Field(seed, "clusters", string.Join(",", inputs.Clusters));
        Field(seed, "language", inputs.Language);
        Field(seed, "include-literals", inputs.IncludeLiterals ? "yes" : "no");
        Field(seed, "amendment", (inputs.Amendment?.Number ?? 0).ToString(CultureInfo.InvariantCulture));
        Field(seed, "catalog", inputs.CatalogHash);
        Field(seed, "policy", inputs.Policy.Sha256);
        foreach (InputSummary input in inputs.Inputs)
        {
            // A file is named by its content, so the id does not depend on where the file lies. A cloud source
            // range has no file hash, so its name (log group and stream, or S3 key) identifies it.
            Field(seed, "input", input.Sha256.Length > 0 ? input.Sha256 : input.Name);
        }

        string hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(seed.ToString())));
        string amendment = inputs.Amendment is { } amended ? string.Create(CultureInfo.InvariantCulture, $"-A{amended.Number}") : "";
        return $"QA-{PeriodPart(inputs)}-{inputs.Language}{amendment}-{hash[..8]}";
    }

    /// <summary>Returns <c>202612</c> for a calendar month, else the UTC start and end, to the second.</summary>
    private static string PeriodPart(ReportInputs inputs)
    {
        bool month = inputs.PeriodLabel.Length == 7 && inputs.PeriodLabel[4] == '-'
            && inputs.PeriodLabel.Remove(4, 1).All(char.IsAsciiDigit);
        if (month)
        {
            return inputs.PeriodLabel.Remove(4, 1);
        }

        return Utc(inputs.PeriodStart) + "-" + Utc(inputs.PeriodEnd);
    }

    private static string Utc(DateTimeOffset at) => at.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    private static void Field(StringBuilder seed, string name, string value) => seed.Append(name).Append('=').Append(value).Append('\n');
}
