using System.CommandLine;
using System.Globalization;
using QueryAudit.Core.Policy;
using QueryAudit.Core.Reporting;
using QueryAudit.Core.State;
using QueryAudit.Core.Triage;
using QueryAudit.Worker.Triage;

namespace QueryAudit.Worker.Commands;

/// <summary>
/// <c>queryaudit trail</c>: print and verify the append-only triage trail.
/// </summary>
internal static class TrailCommand
{
    public static Command Create() => Create(CliEnvironment.System);

    public static Command Create(CliEnvironment environment)
    {
        Command command = new("trail", "Print or verify the hash-chained trail of triage actions.");
        command.Subcommands.Add(Verify(environment));
        command.Subcommands.Add(List(environment));
        return command;
    }

    private static Command Verify(CliEnvironment environment)
    {
        TriageSettings settings = new();
        Command command = new("verify", "Recompute the SHA-256 chain of the trail; exit 1 and name the first entry that was changed, removed or added out of order.");
        settings.AddTo(command, withReviewer: false);
        command.SetAction((parseResult, cancellationToken) => FindingsCommand.RunAsync(environment, async () =>
        {
            await using IStateStore store = await TriageSettings.OpenStoreAsync(settings.StoreLocation(parseResult, environment), environment.Time, cancellationToken).ConfigureAwait(false);
            IReadOnlyList<TrailEntry> entries = await store.TrailAsync(cancellationToken).ConfigureAwait(false);
            TrailHead head = await store.TrailHeadAsync(cancellationToken).ConfigureAwait(false);
            TrailVerification result = TrailChain.Verify(entries, head);
            if (!result.IsIntact)
            {
                await environment.Error.WriteLineAsync(string.Create(
                    CultureInfo.InvariantCulture, $"FAILED: the trail of {store.Description} is broken at entry {result.BrokenAt}: {result.Problem}")).ConfigureAwait(false);
                return 1;
            }

            IReadOnlyList<string> mismatches = TrailDispositionCheck.Mismatches(entries, await store.ReportDispositionsAsync(cancellationToken).ConfigureAwait(false));
            if (mismatches.Count > 0)
            {
                await environment.Error.WriteLineAsync(string.Create(
                    CultureInfo.InvariantCulture, $"FAILED: the trail of {store.Description} is intact, but {mismatches.Count} disposition(s) were written around it:")).ConfigureAwait(false);
                foreach (string mismatch in mismatches)
                {
                    await environment.TextError.WriteLineAsync("  " + mismatch).ConfigureAwait(false);
                }

                return 1;
            }

            string last = entries.Count == 0 ? "" : $", last hash {entries[^1].Hash}";
            await environment.Output.WriteLineAsync(string.Create(
                CultureInfo.InvariantCulture, $"verified: {entries.Count} trail entries of {store.Description} form an unbroken chain{last}, and every disposition matches it")).ConfigureAwait(false);
            return 0;
        }));
        return command;
    }

    private static Command List(CliEnvironment environment)
    {
        TriageSettings settings = new();
        Command command = new("list", "Print every trail entry: sequence, time, reviewer, action, findings and the state after.");
        settings.AddTo(command, withReviewer: false);
        command.SetAction((parseResult, cancellationToken) => FindingsCommand.RunAsync(environment, async () =>
        {
            AuditPolicy? policy = settings.LoadPolicy(parseResult, environment);
            TimeZoneInfo zone = ReportingPeriod.FindZone(settings.TimeZoneId(parseResult, policy));

            await using IStateStore store = await TriageSettings.OpenStoreAsync(settings.StoreLocation(parseResult, environment), environment.Time, cancellationToken).ConfigureAwait(false);
            foreach (TrailEntry entry in await store.TrailAsync(cancellationToken).ConfigureAwait(false))
            {
                await environment.TextOutput.WriteLineAsync(string.Create(
                    CultureInfo.InvariantCulture,
                    $"#{entry.Sequence} {FindingsOutput.LocalTime(entry.At, zone)} {zone.Id} {entry.Actor} {entry.Action} {string.Join(",", entry.FindingIds)} {entry.After} {entry.Hash[..12]}")).ConfigureAwait(false);
            }

            return 0;
        }));
        return command;
    }
}
