using System.Text.Json;

namespace QueryAudit.Worker.Tests.Hosting;

/// <summary>
/// The committed-batch log line of a folder source names the file and line that the batch ends at.
/// </summary>
[NonParallelizable]
public class BatchLogTests
{
    private static readonly TimeSpan StartPatience = TimeSpan.FromMinutes(2);

    [Test]
    public async Task EndOfScanBatch_NamesFileAndLine()
    {
        ServiceFixture fixture = new("batch-log");

        // Batches larger than all the fixture logs, so the only commit is the one at the end of the scan.
        using WorkerProcess worker = WorkerProcess.Start(fixture.Folder, fixture.Arguments("--Ingestion:BatchLines=1000000", "--Health:Port=0"));
        await worker.WaitForBatchesAsync(1, StartPatience);
        worker.Signal("TERM");
        await worker.WaitForExitAsync(TimeSpan.FromSeconds(30));

        string batchLine = worker.Output.Split('\n').First(line => line.Contains("\"EventId\":7114", StringComparison.Ordinal));
        JsonElement state = JsonDocument.Parse(batchLine).RootElement.GetProperty("State");
        string file = state.GetProperty("File").GetString()!;
        Assert.That(file, Does.StartWith(fixture.Logs + Path.DirectorySeparatorChar), batchLine);
        Assert.That(File.Exists(file), Is.True, batchLine);
        Assert.That(state.GetProperty("Line").GetInt64(), Is.GreaterThan(0), batchLine);
    }
}
