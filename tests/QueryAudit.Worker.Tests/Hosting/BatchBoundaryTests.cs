using System.Globalization;
using System.Text.Json;
using QueryAudit.Core.Reconciliation;
using QueryAudit.Core.State;
using QueryAudit.Worker.Reconcile;
using QueryAudit.Worker.Tests.Reconcile;

namespace QueryAudit.Worker.Tests.Hosting;

/// <summary>
/// Ingests the fixture logs in batches of 7 lines, so that statements, logins and failed-login bursts straddle batch
/// boundaries, with a SIGTERM and a SIGKILL in between, and checks that the store then contains what one
/// <c>queryaudit reconcile</c> over the same files stores: the same findings, approved executions and counters.
/// </summary>
[NonParallelizable]
public class BatchBoundaryTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(4);

    // Kinds that only a report adds (from gaps, the catalog and the unparsed-line count), never a pipeline.
    private static readonly string[] ReportOnlyKinds = [FindingKinds.LogGap, FindingKinds.CatalogProblem, FindingKinds.UnparsedLines];

    [Test]
    public async Task TinyBatches_WithStops_SameAsReconcile()
    {
        ServiceFixture fixture = new("tiny-batches");
        string[] settings = ["--Ingestion:BatchLines=7", "--Health:Port=0", "--Ingestion:WorkerId=tiny-batches"];

        using (WorkerProcess stopped = WorkerProcess.Start(fixture.Folder, fixture.Arguments(settings)))
        {
            await stopped.WaitForBatchesAsync(40, Patience);
            stopped.Signal("TERM");
            Assert.That(await stopped.WaitForExitAsync(Patience), Is.True);
            Assert.That(stopped.ExitCode, Is.Zero, stopped.Output);
        }

        using (WorkerProcess killed = WorkerProcess.Start(fixture.Folder, fixture.Arguments(settings)))
        {
            killed.KillAfterBatches(300);
            Assert.That(await killed.WaitForExitAsync(Patience), Is.True);
            Assert.That(killed.ExitCode, Is.Not.Zero, "the worker read every line before the kill; kill it earlier");
        }

        using (WorkerProcess last = WorkerProcess.Start(fixture.Folder, fixture.Arguments(settings)))
        {
            await ServiceFixture.WaitUntilAsync(
                async () => last.HasExited || await fixture.StoredEventsAsync() >= ServiceFixture.TotalLines, Patience, "all fixture events", 2000);
            await WaitForIdleAsync(fixture);
            last.Signal("TERM");
            Assert.That(await last.WaitForExitAsync(Patience), Is.True);
            Assert.That(last.ExitCode, Is.Zero, last.Output);
        }

        string reconcileStore = "sqlite:" + Path.Combine(fixture.Folder, "reconcile.db");
        ReconcileSettings reconcile = new()
        {
            Inputs = [fixture.Logs],
            CatalogDirectory = ReconcileRunner.Catalog,
            PolicyFile = ReconcileRunner.Policy,
            Period = "2026-12",
            TimeZone = "UTC",
            OutputDirectory = Path.Combine(fixture.Folder, "report"),
            Store = reconcileStore,
            Progress = false,
        };
        Assert.That(await ReconcileRunner.RunAsync(reconcile), Is.AnyOf(0, ReconcileJob.FindingsAtOrAboveThreshold));

        await using IStateStore ingested = await fixture.OpenStoreAsync();
        await using IStateStore reconciled = await Storage.StateStoreLocation.OpenAsync(reconcileStore, TimeProvider.System, CancellationToken.None);
        List<string> expectedFindings = await FindingsAsync(reconciled);
        Assert.That(expectedFindings, Is.Not.Empty);
        Assert.That(await FindingsAsync(ingested), Is.EqualTo(expectedFindings));
        Assert.That(await ApprovalsAsync(ingested), Is.EqualTo(await ApprovalsAsync(reconciled)));

        IReadOnlyList<SourceCheckpoint> checkpoints = await ingested.CheckpointsAsync(CancellationToken.None);
        Assert.That(checkpoints, Has.Count.EqualTo(1));
        ReconcileCounters ingestCounters = await ingested.CountersAsync("ingest:" + checkpoints[0].SourceKey, CancellationToken.None);
        ReconcileCounters reconcileCounters = await reconciled.CountersAsync("reconcile:2026-12", CancellationToken.None);
        Assert.That(JsonSerializer.Serialize(ingestCounters), Is.EqualTo(JsonSerializer.Serialize(reconcileCounters)));
        Assert.That(ingestCounters.Statements, Is.GreaterThan(0));
    }

    /// <summary>Waits until the checkpoint stops moving, so that the last batch of the folder is committed.</summary>
    private static async Task WaitForIdleAsync(ServiceFixture fixture)
    {
        string? previous = null;
        await ServiceFixture.WaitUntilAsync(
            async () =>
            {
                await using IStateStore store = await fixture.OpenStoreAsync();
                IReadOnlyList<SourceCheckpoint> checkpoints = await store.CheckpointsAsync(CancellationToken.None);
                string now = string.Join("\n", checkpoints.Select(c => c.StateJson));
                bool idle = now == previous;
                previous = now;
                return idle;
            },
            Patience,
            "the checkpoint to stop moving",
            2500);
    }

    private static async Task<List<string>> FindingsAsync(IStateStore store)
    {
        IReadOnlyList<StoredFinding> findings = await store.FindFindingsAsync(FindingFilter.All, CancellationToken.None);
        return findings
            .Select(f => f.Finding)
            .Where(f => !ReportOnlyKinds.Contains(f.Kind))
            .Select(f => string.Create(CultureInfo.InvariantCulture, $"{f.Id} {f.Kind} {f.Severity} {f.Source} {f.EventCount} {f.OccurredAt:O} {f.Reason}"))
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    private static async Task<List<string>> ApprovalsAsync(IStateStore store)
    {
        IReadOnlyList<ApprovedExecution> approvals = await store.ApprovedExecutionsAsync(
            DateTimeOffset.MinValue.AddYears(1), DateTimeOffset.MaxValue.AddYears(-1), CancellationToken.None);
        return approvals
            .Select(a => string.Create(CultureInfo.InvariantCulture, $"{a.Source} {a.Script}#{a.ScriptStatement} run {a.Run} {a.Match}"))
            .Order(StringComparer.Ordinal)
            .ToList();
    }
}
