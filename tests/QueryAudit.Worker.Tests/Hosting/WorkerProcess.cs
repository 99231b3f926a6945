using System.Diagnostics;
using System.Globalization;

namespace QueryAudit.Worker.Tests.Hosting;

/// <summary>
/// The built worker (<c>queryaudit.dll</c> next to the tests) running <c>queryaudit run</c> as a child process, with
/// its standard output collected and committed batches counted.
/// </summary>
internal sealed class WorkerProcess : IDisposable
{
    private readonly Process _process;
    private readonly List<string> _output = [];
    private readonly Lock _lock = new();
    private int _batches;
    private int _killAfterBatches = int.MaxValue;

    private WorkerProcess(Process process)
    {
        _process = process;
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Standard output so far, one JSON log object or metric line per line.</summary>
    public string Output
    {
        get
        {
            lock (_lock)
            {
                return string.Join('\n', _output);
            }
        }
    }

    /// <summary>Starts the worker in <paramref name="workingDirectory"/> with <paramref name="arguments"/> after <c>run</c>.</summary>
    public static WorkerProcess Start(string workingDirectory, IEnumerable<string> arguments)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
        {
            Assert.Ignore("These tests send POSIX signals; they run on Linux and macOS only.");
        }

        string worker = Path.Combine(AppContext.BaseDirectory, "queryaudit.dll");
        Assert.That(File.Exists(worker), Is.True, $"The worker was not built next to the tests: {worker}");
        ProcessStartInfo start = new("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        start.ArgumentList.Add(worker);
        start.ArgumentList.Add("run");
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        WorkerProcess started = new(Process.Start(start)!);
        started._process.OutputDataReceived += (_, line) => started.Collect(line.Data);
        started._process.ErrorDataReceived += (_, line) => started.Collect(line.Data);
        started._process.BeginOutputReadLine();
        started._process.BeginErrorReadLine();
        return started;
    }

    /// <summary>Waits until the worker has logged <paramref name="count"/> committed batches or has exited.</summary>
    public async Task WaitForBatchesAsync(int count, TimeSpan timeout)
    {
        using CancellationTokenSource deadline = new(timeout);
        while (Volatile.Read(ref _batches) < count && !_process.HasExited)
        {
            if (deadline.IsCancellationRequested)
            {
                Assert.Fail($"Timed out after {timeout} waiting for {count} committed batches; output:\n{Output}");
            }

            await Task.Delay(20);
        }
    }

    /// <summary>
    /// Kills the worker with SIGKILL as soon as its output shows <paramref name="count"/> committed batches, from the
    /// output reader itself so that little else happens in between.
    /// </summary>
    public void KillAfterBatches(int count)
    {
        Volatile.Write(ref _killAfterBatches, count);
        if (Volatile.Read(ref _batches) >= count)
        {
            KillNow();
        }
    }

    /// <summary>Sends <c>kill -SIGNAL</c> to the worker.</summary>
    public void Signal(string signal)
    {
        using Process kill = Process.Start("kill", ["-" + signal, _process.Id.ToString(CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
        Assert.That(kill.ExitCode, Is.Zero, $"kill -{signal} {_process.Id} failed");
    }

    /// <summary>Waits for the worker to exit; returns false when it still runs after <paramref name="timeout"/>.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using CancellationTokenSource limit = new(timeout);
        try
        {
            await _process.WaitForExitAsync(limit.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
    }

    private void Collect(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_lock)
        {
            _output.Add(line);
        }

        // Event 7114 is a committed batch.
        if (line.Contains("\"EventId\":7114", StringComparison.Ordinal) &&
            Interlocked.Increment(ref _batches) >= Volatile.Read(ref _killAfterBatches))
        {
            KillNow();
        }
    }

    private void KillNow()
    {
        try
        {
            // Process.Kill sends SIGKILL on Linux and macOS.
            _process.Kill();
        }
        catch (InvalidOperationException)
        {
            // The worker has already exited.
        }
    }
}
