using System.Diagnostics;

namespace QueryAudit.Tests.Shared;

/// <summary>
/// A runner of command-line programs as child processes, for the tests that check what a program prints and its exit
/// code. Each test project that needs it compiles this file.
/// </summary>
internal static class ChildProcess
{
    /// <summary>
    /// Starts <paramref name="start"/> with its output and errors read, writes <paramref name="input"/> to its standard
    /// input when given and then closes it, and returns its exit code and output. Each chunk after the first is written
    /// a second later, so that the program reads the first one alone. A program still running after two minutes is
    /// killed with its children, and the test fails with a <see cref="TimeoutException"/>.
    /// </summary>
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(ProcessStartInfo start, IReadOnlyList<byte[]>? input)
    {
        start.RedirectStandardInput = input is not null;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        using Process process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        if (input is not null)
        {
            for (int chunk = 0; chunk < input.Count; chunk++)
            {
                if (chunk > 0)
                {
                    await Task.Delay(TimeSpan.FromSeconds(1));
                }

                await process.StandardInput.BaseStream.WriteAsync(input[chunk]);
                await process.StandardInput.BaseStream.FlushAsync();
            }

            process.StandardInput.Close();
        }

        try
        {
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        }
        catch (TimeoutException)
        {
            // A program that reads without end must not outlive the test.
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await output, await error);
    }
}
