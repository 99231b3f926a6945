using System.Text.RegularExpressions;

namespace QueryAudit.Reports.Pdf.Sections;

/// <summary>
/// Words the rows of the applied-policy table and compact policy durations (<c>15m</c>, <c>7d</c>) in the report
/// language. The report model carries these rows as the English text that ReportBuilder writes:
/// <c>account NAME</c> = <c>CLASS[ hosts A, B]</c>, <c>failed-login-burst</c> = <c>N within D</c>.
/// </summary>
internal static partial class PolicyText
{
    /// <summary>Returns the setting's name and value in the report language; a row of another form is kept as it is.</summary>
    public static (string Name, string Value) Localize(ReportContext context, string name, string value)
    {
        if (name.StartsWith("account ", StringComparison.Ordinal))
        {
            return (context.Text.Format("policy.account", name["account ".Length..]), AccountValue(context, value));
        }

        Match burst = BurstPattern().Match(value);
        if (name == "failed-login-burst" && burst.Success)
        {
            return (name, context.Text.Format("policy.failed_login_burst", burst.Groups["count"].Value, Duration(context, burst.Groups["window"].Value)));
        }

        return (name, Duration(context, value));
    }

    /// <summary>
    /// Returns a compact duration as DurationParser.Format writes it (a whole number and one of s, m, h, d) in the
    /// report language; returns any other text unchanged.
    /// </summary>
    public static string Duration(ReportContext context, string value)
    {
        Match duration = CompactDurationPattern().Match(value);
        return duration.Success ? context.Text.Format("duration.compact." + duration.Groups["unit"].Value, duration.Groups["value"].Value) : value;
    }

    private static string AccountValue(ReportContext context, string value)
    {
        Match account = AccountPattern().Match(value);
        if (!account.Success || !context.Text.Has("policy.class." + account.Groups["class"].Value))
        {
            return value;
        }

        string accountClass = context.Text["policy.class." + account.Groups["class"].Value];
        return account.Groups["hosts"].Success ? context.Text.Format("policy.account_hosts", accountClass, account.Groups["hosts"].Value) : accountClass;
    }

    [GeneratedRegex(@"^(?<value>\d+)(?<unit>[smhd])$", RegexOptions.CultureInvariant)]
    private static partial Regex CompactDurationPattern();

    [GeneratedRegex(@"^(?<count>\d+) within (?<window>\S+)$", RegexOptions.CultureInvariant)]
    private static partial Regex BurstPattern();

    [GeneratedRegex(@"^(?<class>[a-z]+)( hosts (?<hosts>.+))?$", RegexOptions.CultureInvariant)]
    private static partial Regex AccountPattern();
}
