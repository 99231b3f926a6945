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
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
        {
            Assert.Ignore("SIGTERM is a POSIX signal; this test runs on Linux and macOS only.");
        }

        string worker = Path.Combine(AppContext.BaseDirectory, "queryaudit.dll");
        Assert.That(File.Exists(worker), Is.True, $"The worker was not built next to the tests: {worker}");
        ServiceFixture fixture = new("sigterm");
        ProcessStartInfo start = new("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = fixture.Folder,
        };
        start.ArgumentList.Add(worker);
        start.ArgumentList.Add("run");
        foreach (string argument in fixture.Arguments("--Ingestion:BatchLines=200", "--Health:Port=0"))
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start)!;
        TaskCompletionSource firstBatch = new(TaskCreationOptions.RunContinuationsAsynchronously);
        List<string> output = [];
        process.OutputDataReceived += (_, line) =>
        {
            if (line.Data is null)
            {
                return;
            }

            lock (output)
            {
                output.Add(line.Data);
            }

            // Event 7114 is a committed batch.
            if (line.Data.Contains("\"EventId\":7114", StringComparison.Ordinal))
            {
                firstBatch.TrySetResult();
            }
        };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        try
        {
            await firstBatch.Task.WaitAsync(StartPatience);
            SendSigterm(process.Id);
            Stopwatch stopping = Stopwatch.StartNew();
            using (CancellationTokenSource limit = new(StopLimit))
            {
                await process.WaitForExitAsync(limit.Token);
            }

            Assert.That(process.ExitCode, Is.Zero);
            Assert.That(stopping.Elapsed, Is.LessThan(StopLimit));
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        string log;
        lock (output)
        {
            log = string.Join('\n', output);
        }

        Assert.That(log, Does.Contain("\"EventId\":7102"), "the source did not log its clean stop");
        await using IStateStore store = await fixture.OpenStoreAsync();
        IReadOnlyList<SourceCheckpoint> checkpoints = await store.CheckpointsAsync(CancellationToken.None);
        Assert.That(checkpoints, Is.Not.Empty);
        Assert.That(await fixture.StoredEventsAsync(), Is.LessThan(ServiceFixture.TotalLines), "the worker read every log before SIGTERM; the test needs a stop mid-way");
        long committedLines = checkpoints.Sum(c => System.Text.Json.JsonDocument.Parse(c.StateJson).RootElement.GetProperty("line").GetInt64());
        Assert.That(await fixture.StoredEventsAsync(), Is.EqualTo(committedLines), "stored events must match the committed checkpoints");
    }

    private static void SendSigterm(int processId)
    {
        using Process kill = Process.Start("kill", ["-TERM", processId.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
        Assert.That(kill.ExitCode, Is.Zero, $"kill -TERM {processId} failed");
    }
}
