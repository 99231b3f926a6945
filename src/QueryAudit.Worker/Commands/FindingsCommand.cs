using System.CommandLine;
using System.Data.Common;
using System.Globalization;
using QueryAudit.Core.Policy;
using QueryAudit.Core.Reporting;
using QueryAudit.Core.State;
using QueryAudit.Core.Triage;
using QueryAudit.Worker.Triage;

namespace QueryAudit.Worker.Commands;

/// <summary>
/// <c>queryaudit findings</c>: list, show and triage the findings in the state store.
/// </summary>
internal static class FindingsCommand
{
    public static Command Create() => Create(CliEnvironment.System);

    public static Command Create(CliEnvironment environment)
    {
        Command command = new("findings", "List, show and triage findings in the state store: explain, dismiss, escalate, reopen and suppress, with a hash-chained trail.");
        command.Subcommands.Add(List(environment));
        command.Subcommands.Add(Show(environment));
        command.Subcommands.Add(Decide(environment, TriageAction.Explain, "explain", "Close findings as explained, with the ticket that covers them."));
        command.Subcommands.Add(Decide(environment, TriageAction.Dismiss, "dismiss", "Close findings as not exceptions, with the reason."));
        command.Subcommands.Add(Decide(environment, TriageAction.Escalate, "escalate", "Hand findings on for investigation, with a note; they stay open."));
        command.Subcommands.Add(Decide(environment, TriageAction.Reopen, "reopen", "Undo an earlier decision; the findings become open again."));
        command.Subcommands.Add(Suppress(environment));
        command.Subcommands.Add(Suppressions(environment));
        return command;
    }

    private static Command List(CliEnvironment environment)
    {
        TriageSettings settings = new();
        FilterOptions filters = new();
        Option<string> format = new("--format") { Description = "Output: table, json or csv. Default table.", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json", "csv");
        Option<int?> limit = new("--limit") { Description = "Most findings to print, oldest first. Default: all." };
        limit.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is < 1 and int value)
            {
                result.AddError(string.Create(CultureInfo.InvariantCulture, $"Invalid --limit {value}: give a whole number of findings, at least 1."));
            }
        });

        Command command = new("list", "List findings with their status; statements are printed with literals masked.") { format, limit };
        settings.AddTo(command, withReviewer: false);
        filters.AddTo(command);
        command.SetAction((parseResult, cancellationToken) => RunAsync(environment, async () =>
        {
            AuditPolicy? policy = settings.LoadPolicy(parseResult, environment);
            string timeZoneId = settings.TimeZoneId(parseResult, policy);
            TimeZoneInfo zone = ReportingPeriod.FindZone(timeZoneId);
            FindingFilter filter = filters.Build(parseResult, timeZoneId, [], parseResult.GetValue(limit));

            await using IStateStore store = await TriageSettings.OpenStoreAsync(settings.StoreLocation(parseResult, environment), environment.Time, cancellationToken).ConfigureAwait(false);
            IReadOnlyList<StoredFinding> findings = await store.FindFindingsAsync(filter, cancellationToken).ConfigureAwait(false);
            switch (parseResult.GetValue(format))
            {
                case "json":
                    FindingsOutput.WriteJson(environment.Output, findings);
                    break;
                case "csv":
                    FindingsOutput.WriteCsv(environment.Output, findings);
                    break;
                default:
                    FindingsOutput.WriteTable(environment.TextOutput, findings, zone, environment.OutputWidth);
                    break;
            }

            return 0;
        }));
        return command;
    }

    private static Command Show(CliEnvironment environment)
    {
        TriageSettings settings = new();
        Argument<string> id = new("id") { Description = "Finding id, e.g. F-1a2b3c4d5e6f7a8b." };
        Command command = new("show", "Show one finding in full: the statement with its literals, why it was flagged, its triage history and the connection's other statements.") { id };
        settings.AddTo(command, withReviewer: false);
        command.SetAction((parseResult, cancellationToken) => RunAsync(environment, async () =>
        {
            AuditPolicy? policy = settings.LoadPolicy(parseResult, environment);
            TimeZoneInfo zone = ReportingPeriod.FindZone(settings.TimeZoneId(parseResult, policy));
            string findingId = parseResult.GetValue(id)!;

            await using IStateStore store = await TriageSettings.OpenStoreAsync(settings.StoreLocation(parseResult, environment), environment.Time, cancellationToken).ConfigureAwait(false);
            StoredFinding stored = await store.GetFindingAsync(findingId, cancellationToken).ConfigureAwait(false)
                ?? throw new TriageException($"Finding {findingId} not found in {store.Description}; check the id with queryaudit findings list.");
            IReadOnlyList<ConnectionStatement> context = await store.ConnectionContextAsync(
                stored.Finding.Instance, stored.Finding.ConnectionId, stored.Finding.OccurredAt, FindingDetails.ContextWindow, cancellationToken).ConfigureAwait(false);
            IReadOnlyList<TrailEntry> history = (await store.TrailAsync(cancellationToken).ConfigureAwait(false))
                .Where(e => e.FindingIds.Contains(findingId, StringComparer.Ordinal))
                .ToList();
            SuppressionRule? rule = stored.Disposition?.SuppressionRuleId is { } ruleId
                ? (await store.SuppressionRulesAsync(cancellationToken).ConfigureAwait(false)).FirstOrDefault(r => r.Id == ruleId)
                : null;

            FindingDetails.Write(environment.TextOutput, stored, context, history, rule, zone);
            return 0;
        }));
        return command;
    }

    private static Command Decide(CliEnvironment environment, TriageAction action, string name, string description)
    {
        TriageSettings settings = new();
        FilterOptions filters = new();
        Argument<string[]> ids = new("ids") { Description = "Finding ids. Leave out to act on every finding the filter options match.", Arity = ArgumentArity.ZeroOrMore };
        Option<string?> ticket = new("--ticket") { Description = "Ticket reference, e.g. OPS-2026-1201.", Required = action == TriageAction.Explain };
        Option<string?> note = action == TriageAction.Dismiss
            ? new("--reason") { Description = "Why the findings are not exceptions.", Required = true }
            : new("--note")
            {
                Description = action switch
                {
                    TriageAction.Explain => "The explanation.",
                    TriageAction.Reopen => "Why the earlier decision is undone.",
                    _ => "A note for the record.",
                },

                // The trail must record why a finding was escalated or an earlier decision undone.
                Required = action is TriageAction.Escalate or TriageAction.Reopen,
            };
        Option<bool> yes = new("--yes") { Description = "Apply a bulk action without the confirmation prompt (for scripts)." };

        Command command = new(name, description + " Bulk by --template HASH or other filter options shows a preview and asks for confirmation.") { ids, ticket, note, yes };
        settings.AddTo(command, withReviewer: true);
        filters.AddTo(command);
        command.Validators.Add(result =>
        {
            // Without ids or a filter there is nothing to act on, so this is a command-line error (exit 2).
            if ((result.GetValue(ids) ?? []).Length == 0 && !filters.AnyGiven(result))
            {
                result.AddError($"Give finding ids, or --template HASH or other filter options to {name} findings in bulk.");
            }
        });
        command.SetAction((parseResult, cancellationToken) => RunAsync(environment, async () =>
        {
            AuditPolicy policy = settings.RequirePolicy(parseResult, environment);
            string timeZoneId = settings.TimeZoneId(parseResult, policy);
            string[] findingIds = parseResult.GetValue(ids) ?? [];
            bool anyFilter = filters.AnyGiven(parseResult);
            if (findingIds.Length == 0 && !anyFilter)
            {
                throw new TriageException($"Give finding ids, or --template HASH or other filter options to {name} findings in bulk.");
            }

            FindingFilter filter = filters.Build(parseResult, timeZoneId, findingIds, null);
            TriageRequest request = new(action, settings.ReviewerName(parseResult, environment) ?? "", parseResult.GetValue(ticket), parseResult.GetValue(note));

            await using IStateStore store = await TriageSettings.OpenStoreAsync(settings.StoreLocation(parseResult, environment), environment.Time, cancellationToken).ConfigureAwait(false);
            TriageService service = new(store, policy, environment.Time);
            bool bulk = anyFilter || findingIds.Length > 1;
            if (bulk && !await ConfirmAsync(environment, service, filter, request, name, parseResult.GetValue(yes), cancellationToken).ConfigureAwait(false))
            {
                return 1;
            }

            TriageResult result = await service.ApplyAsync(filter, request, cancellationToken).ConfigureAwait(false);
            return await ReportAsync(environment, result).ConfigureAwait(false);
        }));
        return command;
    }

    private static Command Suppress(CliEnvironment environment)
    {
        TriageSettings settings = new();
        Argument<string> id = new("id") { Description = "The finding whose statement template and account the rule covers." };
        Option<string> until = new("--until")
        {
            Description = "End of the rule: a date YYYY-MM-DD (through the end of that day in the time zone) or an ISO 8601 instant.",
            Required = true,
        };
        until.Validators.Add(result => FilterOptions.Check(result, () => ParseUntil(result.GetValueOrDefault<string>() ?? "", TimeZoneInfo.Utc)));
        Option<string> ticket = new("--ticket") { Description = "Ticket that approves the suppression.", Required = true };
        Option<string?> note = new("--note") { Description = "Why later statements like this one need no review." };

        Command command = new("suppress", "Make a rule from a finding: later statements of its template by its account become suppressed (still listed and counted) until the rule ends.")
        {
            id, until, ticket, note,
        };
        settings.AddTo(command, withReviewer: true);
        command.SetAction((parseResult, cancellationToken) => RunAsync(environment, async () =>
        {
            AuditPolicy policy = settings.RequirePolicy(parseResult, environment);
            TimeZoneInfo zone = ReportingPeriod.FindZone(settings.TimeZoneId(parseResult, policy));
            DateTimeOffset end = ParseUntil(parseResult.GetValue(until)!, zone);

            await using IStateStore store = await TriageSettings.OpenStoreAsync(settings.StoreLocation(parseResult, environment), environment.Time, cancellationToken).ConfigureAwait(false);
            TriageService service = new(store, policy, environment.Time);
            SuppressionRule rule = await service.SuppressAsync(
                parseResult.GetValue(id)!, settings.ReviewerName(parseResult, environment), end, parseResult.GetValue(ticket), parseResult.GetValue(note), cancellationToken).ConfigureAwait(false);

            await environment.TextOutput.WriteLineAsync(
                $"rule {rule.Id}: statements of {rule.Account} with template {rule.TemplateHash[..12]}… are suppressed until {FindingsOutput.LocalTime(rule.ExpiresAt, zone)} {zone.Id} (ticket {rule.Ticket}, approved by {rule.Approver})").ConfigureAwait(false);
            await environment.Output.WriteLineAsync($"finding {rule.SourceFindingId} keeps its status; explain or dismiss it on its own").ConfigureAwait(false);
            return 0;
        }));
        return command;
    }

    private static Command Suppressions(CliEnvironment environment)
    {
        TriageSettings settings = new();
        Command command = new("suppressions", "List the suppression rules, with whether each is still in force.");
        settings.AddTo(command, withReviewer: false);
        command.SetAction((parseResult, cancellationToken) => RunAsync(environment, async () =>
        {
            AuditPolicy? policy = settings.LoadPolicy(parseResult, environment);
            TimeZoneInfo zone = ReportingPeriod.FindZone(settings.TimeZoneId(parseResult, policy));

            await using IStateStore store = await TriageSettings.OpenStoreAsync(settings.StoreLocation(parseResult, environment), environment.Time, cancellationToken).ConfigureAwait(false);
            IReadOnlyList<SuppressionRule> rules = await store.SuppressionRulesAsync(cancellationToken).ConfigureAwait(false);
            DateTimeOffset now = environment.Time.GetUtcNow();
            foreach (SuppressionRule rule in rules)
            {
                string state = rule.ExpiresAt > now ? "active" : "expired";
                await environment.TextOutput.WriteLineAsync(
                    $"{rule.Id}  {state,-7}  {rule.Account}  until {FindingsOutput.LocalTime(rule.ExpiresAt, zone)} {zone.Id}  ticket {rule.Ticket}  approver {rule.Approver}  from {rule.SourceFindingId}  {rule.Template}").ConfigureAwait(false);
            }

            await environment.Output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{rules.Count} rule(s)")).ConfigureAwait(false);
            return 0;
        }));
        return command;
    }

    /// <summary>Prints the preview and asks for confirmation; returns false (with a message) when nothing should be applied.</summary>
    private static async Task<bool> ConfirmAsync(
        CliEnvironment environment, TriageService service, FindingFilter filter, TriageRequest request, string name, bool yes, CancellationToken cancellationToken)
    {
        IReadOnlyList<TriagePlanItem> preview = await service.PreviewAsync(filter, request, cancellationToken).ConfigureAwait(false);
        TextWriter output = environment.TextOutput;
        await output.WriteLineAsync($"Preview of {name} by {request.Reviewer}:").ConfigureAwait(false);
        foreach (TriagePlanItem item in preview)
        {
            await output.WriteLineAsync("  " + Describe(item)).ConfigureAwait(false);
        }

        int applicable = preview.Count(i => !i.IsRejected);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{applicable} of {preview.Count} finding(s) would change.")).ConfigureAwait(false);
        if (applicable == 0)
        {
            await environment.Error.WriteLineAsync("error: the request applies to none of the matched findings; nothing was changed").ConfigureAwait(false);
            return false;
        }

        if (yes)
        {
            return true;
        }

        if (!environment.InputIsTerminal)
        {
            await environment.Error.WriteLineAsync("error: a bulk action needs confirmation; review the preview and run again with --yes").ConfigureAwait(false);
            return false;
        }

        await output.WriteAsync(string.Create(CultureInfo.InvariantCulture, $"Apply {name} to {applicable} finding(s)? [y/N] ")).ConfigureAwait(false);
        string? answer = await environment.Input.ReadLineAsync(cancellationToken).ConfigureAwait(false);
        if (answer?.Trim().ToLowerInvariant() is "y" or "yes")
        {
            return true;
        }

        await environment.Error.WriteLineAsync("nothing was changed").ConfigureAwait(false);
        return false;
    }

    private static async Task<int> ReportAsync(CliEnvironment environment, TriageResult result)
    {
        foreach (TriagePlanItem item in result.Items)
        {
            TextWriter writer = item.IsRejected ? environment.TextError : environment.TextOutput;
            await writer.WriteLineAsync(Describe(item)).ConfigureAwait(false);
        }

        if (result.Trail is { } entry)
        {
            await environment.Output.WriteLineAsync(string.Create(
                CultureInfo.InvariantCulture, $"{result.Applied.Count} finding(s) changed; trail entry #{entry.Sequence} by {entry.Actor}")).ConfigureAwait(false);
        }

        if (result.Rejected.Count > 0)
        {
            await environment.Error.WriteLineAsync(string.Create(
                CultureInfo.InvariantCulture, $"error: {result.Rejected.Count} finding(s) were not changed; see the reasons above")).ConfigureAwait(false);
            return 1;
        }

        return 0;
    }

    private static string Describe(TriagePlanItem item)
    {
        string id = item.Finding.Finding.Id;
        if (item.IsRejected)
        {
            return $"{id}: not changed: {item.Rejection}";
        }

        Disposition after = item.After!;
        string target = after.Status == FindingStatuses.PendingReview
            ? $"{after.Status} (proposed {after.ProposedStatus}; needs a second reviewer)"
            : after.Status;
        return $"{id}: {item.Finding.Status} -> {target}  [{item.Finding.Finding.Severity.ToString().ToLowerInvariant()} {item.Finding.Finding.Kind} by {item.Finding.Finding.Account}]";
    }

    /// <summary>Parses --until: a date means through the end of that day in the time zone; an instant without an offset is local time.</summary>
    private static DateTimeOffset ParseUntil(string text, TimeZoneInfo zone)
    {
        if (DateTime.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateTime date))
        {
            DateTime nextMidnight = date.AddDays(1);
            return new DateTimeOffset(nextMidnight, zone.GetUtcOffset(nextMidnight)).ToUniversalTime();
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset instant)
            && (text.EndsWith('Z') || text.EndsWith('z') || text.LastIndexOfAny(['+', '-']) > 10))
        {
            return instant.ToUniversalTime();
        }

        if (DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out DateTime local))
        {
            return new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
        }

        throw new TriageException($"Invalid --until '{text}': write a date YYYY-MM-DD or an ISO 8601 instant such as 2027-01-31T18:00+09:00.");
    }

    /// <summary>Runs a command body, turning expected failures into one error line and exit code 1.</summary>
    internal static async Task<int> RunAsync(CliEnvironment environment, Func<Task<int>> body)
    {
        try
        {
            return await body().ConfigureAwait(false);
        }
        catch (Exception e) when (e is TriageException or PolicyException or FormatException or DbException or IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException)
        {
            string prefix = e is PolicyException ? "invalid policy file:" + Environment.NewLine : "";
            await environment.Error.WriteLineAsync($"error: {prefix}{e.Message}").ConfigureAwait(false);
            return 1;
        }
    }
}
