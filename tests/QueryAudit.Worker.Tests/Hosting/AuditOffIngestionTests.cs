using QueryAudit.Core.Reconciliation;
using QueryAudit.Core.State;
using QueryAudit.Worker.Reconcile;
using QueryAudit.Worker.Tests.Reconcile;

namespace QueryAudit.Worker.Tests.Hosting;

/// <summary>
/// The fixture logs switch audit logging off for three seconds. Ingestion by the service must store that interval
/// and its critical <c>log_gap</c> finding as <c>reconcile --store</c> does, in small batches that split it.
/// </summary>
[NonParallelizable]
public class AuditOffIngestionTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(4);
    private static readonly DateTimeOffset Off = new(2026, 12, 4, 19, 54, 4, TimeSpan.Zero);
    private static readonly DateTimeOffset On = new(2026, 12, 4, 19, 54, 7, TimeSpan.Zero);

    [Test]
    public async Task Run_FixtureLogs_StoresAuditOffGap()
    {
        ServiceFixture fixture = new("audit-off");
        using (WorkerProcess worker = WorkerProcess.Start(
            fixture.Folder, fixture.Arguments("--Ingestion:BatchLines=50", "--Health:Port=0", "--Ingestion:WorkerId=audit-off")))
        {
            await ServiceFixture.WaitUntilAsync(
                async () => worker.HasExited || await fixture.StoredEventsAsync() >= ServiceFixture.TotalLines, Patience, "all fixture events");
            worker.Signal("TERM");
            Assert.That(await worker.WaitForExitAsync(Patience), Is.True);
            Assert.That(worker.ExitCode, Is.Zero, worker.Output);
        }

        await using IStateStore ingested = await fixture.OpenStoreAsync();
        IReadOnlyList<(string Instance, DateTimeOffset Off, DateTimeOffset? On)> intervals =
            await ingested.AuditOffIntervalsAsync(DateTimeOffset.MinValue.AddYears(1), DateTimeOffset.MaxValue.AddYears(-1), CancellationToken.None);
        Assert.That(intervals, Has.Count.EqualTo(1));
        Assert.That(intervals[0].Off, Is.EqualTo(Off));
        Assert.That(intervals[0].On, Is.EqualTo(On));

        Finding gap = (await ingested.FindFindingsAsync(new FindingFilter { Kinds = [FindingKinds.LogGap] }, CancellationToken.None)).Single().Finding;
        Assert.That(gap.Severity, Is.EqualTo(Severity.Critical));
        Assert.That(gap.OccurredAt, Is.EqualTo(Off));
        Assert.That(gap.EndsAt, Is.EqualTo(On));

        // reconcile --store over the same files stores the same finding under the same id.
        string reconcileStore = "sqlite:" + Path.Combine(fixture.Folder, "reconcile.db");
        ReconcileSettings reconcile = ReconcileRunner.Settings(fixture.Logs, Path.Combine(fixture.Folder, "report")) with { Store = reconcileStore };
        Assert.That(await ReconcileRunner.RunAsync(reconcile), Is.AnyOf(0, ReconcileJob.FindingsAtOrAboveThreshold));
        await using IStateStore reconciled = await Storage.StateStoreLocation.OpenAsync(reconcileStore, TimeProvider.System, CancellationToken.None);
        IReadOnlyList<StoredFinding> reconciledGaps = await reconciled.FindFindingsAsync(new FindingFilter { Kinds = [FindingKinds.LogGap] }, CancellationToken.None);
        Assert.That(reconciledGaps.Select(f => f.Finding.Id), Does.Contain(gap.Id));
        Assert.That(reconciledGaps.Single(f => f.Finding.Id == gap.Id).Finding.Reason, Is.EqualTo(gap.Reason));
    }
}
