using System.Text.Json;
using QueryAudit.Core.State;
using QueryAudit.Worker.Hosting;

namespace QueryAudit.Worker.Tests.Hosting;

/// <summary>
/// A task that finds its source leased by another task (for example its own dead predecessor) logs the holder and the
/// lease's end once, instead of waiting silently until the lease expires.
/// </summary>
[NonParallelizable]
public class LeaseWaitLogTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    [Test]
    public async Task LeasedSource_LogsHolderOnce()
    {
        ServiceFixture fixture = new("lease-wait");
        string key = FolderCheckpoint.SourceKeyOf(fixture.Logs);
        await using (IStateStore store = await fixture.OpenStoreAsync())
        {
            Assert.That(await store.TryAcquireLeaseAsync(key, "dead-task", TimeSpan.FromHours(1), CancellationToken.None), Is.True);
        }

        using WorkerProcess worker = WorkerProcess.Start(fixture.Folder, fixture.Arguments("--Ingestion:WorkerId=restarted", "--Health:Port=0"));
        await ServiceFixture.WaitUntilAsync(
            () => Task.FromResult(worker.HasExited || worker.Output.Contains("\"EventId\":7115", StringComparison.Ordinal)), Patience, "the lease log line");

        // Three more polls at one second each, which must not repeat the line for the same holder.
        await Task.Delay(TimeSpan.FromSeconds(3));
        worker.Signal("TERM");
        Assert.That(await worker.WaitForExitAsync(Patience), Is.True);

        string[] lines = worker.Output.Split('\n').Where(line => line.Contains("\"EventId\":7115", StringComparison.Ordinal)).ToArray();
        Assert.That(lines, Has.Length.EqualTo(1), worker.Output);
        JsonElement state = JsonDocument.Parse(lines[0]).RootElement.GetProperty("State");
        Assert.That(state.GetProperty("Owner").GetString(), Is.EqualTo("dead-task"));
        Assert.That(state.GetProperty("Source").GetString(), Is.EqualTo(fixture.Logs));
        Assert.That(await fixture.StoredEventsAsync(), Is.Zero, "the leased source must not be read");
    }
}
