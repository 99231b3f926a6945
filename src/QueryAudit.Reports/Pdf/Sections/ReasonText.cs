using System.Globalization;
using System.Text.RegularExpressions;
using QueryAudit.Core.Reconciliation;

namespace QueryAudit.Reports.Pdf.Sections;

/// <summary>
/// Words a finding's reason in the report language from its code, arguments and notes (the <c>reason.CODE</c>
/// templates of the resource files), with UTC instants shown in the report's time zone and lengths in the
/// language's units.
/// </summary>
internal static partial class ReasonText
{
    // Position of the window among the arguments of FindingReasons.FailedLoginBurst.
    private const int BurstWindowArgument = 2;

    /// <summary>Returns the reason to print, or an empty string when there is nothing to add to the kind's description.</summary>
    public static string Format(ReportContext context, Finding finding)
    {
        string key = "reason." + finding.ReasonCode;
        string[] arguments = [.. finding.ReasonArguments.Select(argument => LocalizeArgument(context, argument))];

        // The burst window is the policy's compact duration (1m), not a length of the "42 s" form.
        if (finding.ReasonCode == "failed_login_burst" && arguments.Length > BurstWindowArgument)
        {
            arguments[BurstWindowArgument] = PolicyText.Duration(context, finding.ReasonArguments[BurstWindowArgument]);
        }

        if (finding.ReasonCode.Length == 0 || !context.Text.Has(key) || PlaceholderCount(context.Text[key]) > arguments.Length)
        {
            return EnglishOnly(context, finding);
        }

        string reason = string.Format(CultureInfo.InvariantCulture, context.Text[key], arguments);
        foreach (string note in finding.ReasonNotes)
        {
            if (context.Text.Has("reason." + note))
            {
                // A note's only value is the finding's own error number.
                string error = finding.RetCode?.ToString(CultureInfo.InvariantCulture) ?? "?";
                reason += string.Format(CultureInfo.InvariantCulture, context.Text["reason." + note], error);
            }
        }

        return reason;
    }

    /// <summary>
    /// Handles a reason without a known code, which exists only in English: an English report prints it, another
    /// relies on the kind's description above the table and adds only how many events the finding covers.
    /// </summary>
    private static string EnglishOnly(ReportContext context, Finding finding)
    {
        if (context.Text.Language == "en")
        {
            return finding.Reason;
        }

        return finding.EventCount > 1 ? context.Text.Format("exceptions.event_count", finding.EventCount) : "";
    }

    /// <summary>Rewrites an argument that is a UTC instant or a length into the report's zone and language; keeps any other.</summary>
    internal static string LocalizeArgument(ReportContext context, string argument)
    {
        if (argument.Length == 20 && argument[^1] == 'Z'
            && DateTimeOffset.TryParseExact(argument, "yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset instant))
        {
            return context.Clock.DateTime(instant);
        }

        Match length = LengthPattern().Match(argument);
        if (length.Success)
        {
            string unit = length.Groups["unit"].Value switch
            {
                "s" => "unit.seconds",
                "min" => "unit.minutes",
                "h" => "unit.hours",
                "day" => "unit.day",
                _ => "unit.days",
            };
            return context.Text.Format(unit, length.Groups["value"].Value);
        }

        return argument;
    }

    private static int PlaceholderCount(string template) =>
        PlaceholderPattern().Matches(template).Select(match => int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) + 1).DefaultIfEmpty(0).Max();

    // Lengths as the report model words them: "42 s", "12.5 min", "3 h", "1 day", "4.2 days".
    [GeneratedRegex(@"^(?<value>\d+(\.\d+)?) (?<unit>s|min|h|day|days)$", RegexOptions.CultureInvariant)]
    private static partial Regex LengthPattern();

    [GeneratedRegex(@"\{(\d+)\}", RegexOptions.CultureInvariant)]
    private static partial Regex PlaceholderPattern();
}
