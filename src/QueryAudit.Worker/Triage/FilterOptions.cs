using System.CommandLine;
using QueryAudit.Core.Reconciliation;
using QueryAudit.Core.Reporting;
using QueryAudit.Core.State;
using QueryAudit.Core.Triage;

namespace QueryAudit.Worker.Triage;

/// <summary>
/// The finding filter options of <c>findings list</c> and of the bulk triage commands.
/// </summary>
internal sealed class FilterOptions
{
    public Option<string?> Period { get; } = new("--period") { Description = "Calendar month YYYY-MM in the time zone (see --time-zone)." };

    public Option<string[]> Severity { get; } = new("--severity")
    {
        Description = "Severities to include: info, low, medium, high, critical (repeat or separate with commas).",
        AllowMultipleArgumentsPerToken = true,
    };

    public Option<string[]> Kind { get; } = new("--kind") { Description = "Finding kinds to include, e.g. unapproved_write (repeat or separate with commas).", AllowMultipleArgumentsPerToken = true };

    public Option<string[]> Account { get; } = new("--account") { Description = "Database accounts to include (repeat or separate with commas).", AllowMultipleArgumentsPerToken = true };

    public Option<string[]> Instance { get; } = new("--instance") { Description = "DB instances to include (repeat or separate with commas).", AllowMultipleArgumentsPerToken = true };

    public Option<string[]> Status { get; } = new("--status")
    {
        Description = "Statuses to include: open, pending_review, escalated, explained, dismissed, suppressed (repeat or separate with commas).",
        AllowMultipleArgumentsPerToken = true,
    };

    public Option<string?> Template { get; } = new("--template") { Description = "SHA-256 of the statement template (as findings show prints it)." };

    public Option<string?> Text { get; } = new("--text") { Description = "Text to find in the statement, reason, account, script or source (case-insensitive)." };

    public FilterOptions()
    {
        // Values of the wrong form are command-line errors (exit 2), found before any store or policy is opened.
        AddValueCheck(Severity, value => ParseSeverity(value));
        AddValueCheck(Status, value => CheckStatus(value));
        Template.Validators.Add(result => Check(result, () => CheckTemplate(result.GetValueOrDefault<string?>() ?? "")));
        Period.Validators.Add(result => Check(result, () =>
        {
            string month = result.GetValueOrDefault<string?>() ?? "";
            try
            {
                // The form only; the month is placed in the time zone later.
                ReportingPeriod.Month(month, "UTC");
            }
            catch (FormatException)
            {
                throw new TriageException($"Invalid --period '{month}': write the month as YYYY-MM, e.g. 2026-12.");
            }
        }));
    }

    public void AddTo(Command command)
    {
        foreach (Option option in (Option[])[Period, Severity, Kind, Account, Instance, Status, Template, Text])
        {
            command.Options.Add(option);
        }
    }

    /// <summary>Tells whether any filter option was given, so that a bulk command never acts on every finding by accident.</summary>
    public bool AnyGiven(ParseResult parseResult) => AnyGiven(parseResult.CommandResult);

    /// <summary>Tells whether any filter option was given to the command of <paramref name="command"/>.</summary>
    public bool AnyGiven(System.CommandLine.Parsing.CommandResult command)
    {
        if (command.GetValue(Period) is not null || command.GetValue(Template) is not null || command.GetValue(Text) is not null)
        {
            return true;
        }

        Option<string[]>[] lists = [Severity, Kind, Account, Instance, Status];
        return lists.Any(option => Split(command.GetValue(option)).Any());
    }

    /// <summary>Builds the store filter; throws <see cref="TriageException"/> for an invalid value, naming it.</summary>
    public FindingFilter Build(ParseResult parseResult, string timeZoneId, IReadOnlyList<string> ids, int? limit)
    {
        FindingFilter filter = new()
        {
            Ids = ids,
            Limit = limit,
            Severities = List(parseResult, Severity).Select(ParseSeverity).ToList(),
            Kinds = List(parseResult, Kind),
            Accounts = List(parseResult, Account),
            Instances = List(parseResult, Instance),
            Statuses = List(parseResult, Status).Select(CheckStatus).ToList(),
            TemplateHash = parseResult.GetValue(Template) is { } template ? CheckTemplate(template) : null,
            Text = parseResult.GetValue(Text),
        };

        if (parseResult.GetValue(Period) is { } month)
        {
            ReportingPeriod period;
            try
            {
                period = ReportingPeriod.Month(month, timeZoneId);
            }
            catch (FormatException e)
            {
                throw new TriageException(e.Message, e);
            }

            filter = filter with { From = period.Start, To = period.End };
        }

        return filter;
    }

    private static void AddValueCheck(Option<string[]> option, Action<string> check) =>
        option.Validators.Add(result =>
        {
            foreach (string value in Split(result.GetValueOrDefault<string[]>()))
            {
                if (!Check(result, () => check(value)))
                {
                    return;
                }
            }
        });

    /// <summary>Runs <paramref name="check"/> and adds its <see cref="TriageException"/> as a parse error. Returns false on an error.</summary>
    internal static bool Check(System.CommandLine.Parsing.OptionResult result, Action check)
    {
        try
        {
            check();
            return true;
        }
        catch (TriageException e)
        {
            result.AddError(e.Message);
            return false;
        }
    }

    private static List<string> List(ParseResult parseResult, Option<string[]> option) => Split(parseResult.GetValue(option)).ToList();

    private static IEnumerable<string> Split(string[]? values) =>
        (values ?? []).SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    private static Severity ParseSeverity(string value) =>
        Enum.TryParse(value, ignoreCase: true, out Severity severity) && !int.TryParse(value, out _)
            ? severity
            : throw new TriageException($"Invalid --severity '{value}': use info, low, medium, high or critical.");

    private static string CheckStatus(string value) =>
        FindingStatuses.All.Contains(value, StringComparer.Ordinal)
            ? value
            : throw new TriageException($"Invalid --status '{value}': use {string.Join(", ", FindingStatuses.All)}.");

    private static string CheckTemplate(string value) =>
        value.Length == 64 && value.All(char.IsAsciiHexDigit)
            ? value.ToLowerInvariant()
            : throw new TriageException($"Invalid --template '{value}': give the 64 hex digits of the template's SHA-256, as findings show prints it.");
}
