using System.Diagnostics;
using System.Globalization;
using QueryAudit.Core.Pipeline;

namespace QueryAudit.Worker.Reconcile;

/// <summary>
/// Shows lines read and the rate on standard error, at most twice a second, only when standard error is a terminal.
/// </summary>
internal sealed class ConsoleProgress : IProgress<PipelineProgress>
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private long _lastShownMs = -1000;
    private bool _progressShown;

    public static bool IsTerminal => !Console.IsErrorRedirected;

    public void Report(PipelineProgress value)
    {
        long now = _clock.ElapsedMilliseconds;
        if (now - _lastShownMs < 500)
        {
            return;
        }

        _lastShownMs = now;
        _progressShown = true;
        double seconds = Math.Max(0.001, now / 1000.0);
        string line = string.Create(
            CultureInfo.InvariantCulture,
            $"\rread {value.Lines:N0} lines ({value.Lines / seconds:N0}/s), {value.Unparsed:N0} unparsed: {Path.GetFileName(value.Source)}");
        Console.Error.Write(line.Length > 120 ? line[..120] : line.PadRight(120));
    }

    /// <summary>Ends the progress line so that later output starts on a fresh line.</summary>
    public void Finish()
    {
        if (_progressShown)
        {
            Console.Error.WriteLine();
        }
    }
}
