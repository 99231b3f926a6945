using System.Diagnostics;
using QueryAudit.Core.State;

namespace QueryAudit.Worker.Tests.Hosting;

/// <summary>
/// Starts the built worker as a child process, as ECS does, and stops it with SIGTERM in the middle of ingestion.
/// </summary>
[NonParallelizable]
public class SigtermTests
{
    private static readonly TimeSpan StartPatience = TimeSpan.FromMinutes(2);

    // ECS sends SIGKILL 30 s after SIGTERM; the service must be done well before.
    private static readonly TimeSpan StopLimit = TimeSpan.FromSeconds(10);

    [Test]
    public async Task Sigterm_DuringIngestion_CommitsAndExitsZero()
    {
        ServiceFixture fixture = new("sigterm");
        using (WorkerProcess worker = WorkerProcess.Start(fixture.Folder, fixture.Arguments("--Ingestion:BatchLines=200", "--Health:Port=0")))
        {
            await worker.WaitForBatchesAsync(1, StartPatience);
            worker.Signal("TERM");
            Stopwatch stopping = Stopwatch.StartNew();
            bool exited = await worker.WaitForExitAsync(StopLimit);

            Assert.That(exited, Is.True, $"the worker still ran {StopLimit} after SIGTERM");
            Assert.That(worker.ExitCode, Is.Zero, worker.Output);
            Assert.That(stopping.Elapsed, Is.LessThan(StopLimit));
            Assert.That(worker.Output, Does.Contain("\"EventId\":7102"), "the source did not log its clean stop");
        }

        await using IStateStore store = await fixture.OpenStoreAsync();
        IReadOnlyList<SourceCheckpoint> checkpoints = await store.CheckpointsAsync(CancellationToken.None);
        Assert.That(checkpoints, Is.Not.Empty);
        long stored = await fixture.StoredEventsAsync();
        Assert.That(stored, Is.LessThan(ServiceFixture.TotalLines), "the worker read every log before SIGTERM; the test needs a stop mid-way");
        long committedLines = checkpoints.Sum(c => System.Text.Json.JsonDocument.Parse(c.StateJson).RootElement.GetProperty("files")
            .EnumerateArray().Sum(file => file.GetProperty("line").GetInt64()));
        Assert.That(stored, Is.EqualTo(committedLines), "stored events must match the committed checkpoints");
    }
}
