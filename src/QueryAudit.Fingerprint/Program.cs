using System.CommandLine;
using QueryAudit.Worker.Commands;

namespace QueryAudit.Fingerprint;

internal static class Program
{
    /// <summary>Exit code for an invalid command line, as the worker's.</summary>
    private const int UsageError = 2;

    private static async Task<int> Main(string[] args)
    {
        RootCommand root = FingerprintCommand.CreateRoot();
        ParseResult parsed = root.Parse(args);
        if (await CommandLineErrors.WriteErrorsAsync(parsed, Console.Error, "Run 'queryaudit-fingerprint --help' for the options.").ConfigureAwait(false))
        {
            return UsageError;
        }

        return await parsed.InvokeAsync().ConfigureAwait(false);
    }
}
