using System.Text.Json;
using QueryAudit.Core.Reconciliation;
using QueryAudit.Core.State;

namespace QueryAudit.Worker.Tests.Hosting;

/// <summary>
/// Kills the built worker with SIGKILL at 20 points during ingestion of the fixture logs, restarting it each time,
/// and compares the final store with that of one uninterrupted run: the same findings, counters and event counts.
/// </summary>
[NonParallelizable]
public class CrashTests
{
    private const int Kills = 20;
    // Overrides of the batch size for a larger log set (see ServiceFixture.LogsVariable), so that 20 kills after one
    // to three batches each still come before the end of the logs.
    private const string BatchLinesVariable = "QUERYAUDIT_TEST_CRASH_BATCH_LINES";
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(20);

    // A fixed worker id stands for the same task restarting, so a restart takes its leases back at once.
    private static readonly string[] Settings =
    [
        "--Ingestion:BatchLines=" + (Environment.GetEnvironmentVariable(BatchLinesVariable) is { Length: > 0 } lines ? lines : "100"),
        "--Health:Port=0",
        "--Ingestion:WorkerId=crash-test",
    ];

    [Test]
    public async Task Sigkill_TwentyTimes_SameStateAsOneRun()
    {
        ServiceFixture uninterrupted = new("crash");
        await RunToEndAsync(uninterrupted);

        ServiceFixture crashed = uninterrupted.WithOwnStore("killed");
        Random random = new(20261204);
        int killedMidway = 0;
        for (int kill = 0; kill < Kills; kill++)
        {
            using WorkerProcess worker = WorkerProcess.Start(crashed.Folder, crashed.Arguments(Settings));
            worker.KillAfterBatches(random.Next(1, 4));

            Assert.That(await worker.WaitForExitAsync(Patience), Is.True);
            if (worker.ExitCode != 0)
            {
                killedMidway++;
            }
        }

        Assert.That(killedMidway, Is.EqualTo(Kills));
        Assert.That(await crashed.StoredEventsAsync(), Is.LessThan(ServiceFixture.TotalLines), "the kills came after the end of the logs; use smaller batches");
        await RunToEndAsync(crashed);

        Assert.That(await crashed.StoredEventsAsync(), Is.EqualTo(ServiceFixture.TotalLines));
        await using IStateStore expected = await uninterrupted.OpenStoreAsync();
        await using IStateStore actual = await crashed.OpenStoreAsync();
        Assert.That(await FindingsAsync(actual), Is.EqualTo(await FindingsAsync(expected)));
        Assert.That(await CountersAsync(actual), Is.EqualTo(await CountersAsync(expected)));
        Assert.That(await HourlyCountsAsync(actual), Is.EqualTo(await HourlyCountsAsync(expected)));
    }

    private static async Task RunToEndAsync(ServiceFixture fixture)
    {
        using WorkerProcess worker = WorkerProcess.Start(fixture.Folder, fixture.Arguments(Settings));
        await ServiceFixture.WaitUntilAsync(
            async () => worker.HasExited || await fixture.StoredEventsAsync() >= ServiceFixture.TotalLines, Patience, "all fixture events");
        worker.Signal("TERM");
        Assert.That(await worker.WaitForExitAsync(Patience), Is.True);
        Assert.That(worker.ExitCode, Is.Zero, worker.Output);
    }

    private static async Task<List<string>> FindingsAsync(IStateStore store)
    {
        IReadOnlyList<StoredFinding> findings = await store.FindFindingsAsync(FindingFilter.All, CancellationToken.None);
        return findings.Select(f => $"{f.Finding.Id} {f.Finding.Kind} {f.Finding.Severity} {f.Finding.Source}").Order(StringComparer.Ordinal).ToList();
    }

    private static async Task<List<string>> CountersAsync(IStateStore store)
    {
        List<string> counters = [];
        foreach (SourceCheckpoint checkpoint in await store.CheckpointsAsync(CancellationToken.None))
        {
            ReconcileCounters values = await store.CountersAsync("ingest:" + checkpoint.SourceKey, CancellationToken.None);
            // The period start in the checkpoint is the time of the first read, which differs between the two runs.
            using JsonDocument state = JsonDocument.Parse(checkpoint.StateJson);
            counters.Add(checkpoint.SourceKey + " " + state.RootElement.GetProperty("files").GetRawText() + " " + JsonSerializer.Serialize(values));
        }

        counters.Sort(StringComparer.Ordinal);
        return counters;
    }

    private static async Task<List<string>> HourlyCountsAsync(IStateStore store)
    {
        IReadOnlyList<HourlyEventCount> counts = await store.EventCountsAsync(DateTimeOffset.MinValue.AddYears(1), DateTimeOffset.MaxValue.AddYears(-1), CancellationToken.None);
        return counts.Select(c => $"{c.Instance} {c.HourStart:O} {c.Events}").ToList();
    }
}
