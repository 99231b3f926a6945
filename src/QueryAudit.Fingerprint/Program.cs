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
        IReadOnlyList<string> unknownOptions = CommandLineErrors.UnknownOptions(parsed);
        if (parsed.Errors.Count > 0 || unknownOptions.Count > 0)
        {
            foreach (System.CommandLine.Parsing.ParseError error in parsed.Errors)
            {
                await Console.Error.WriteLineAsync($"error: {CommandLineErrors.Describe(error)}").ConfigureAwait(false);
            }

            foreach (string message in unknownOptions)
            {
                await Console.Error.WriteLineAsync($"error: {message}").ConfigureAwait(false);
            }

            await Console.Error.WriteLineAsync("Run 'queryaudit-fingerprint --help' for the options.").ConfigureAwait(false);
            return UsageError;
        }

        return await parsed.InvokeAsync().ConfigureAwait(false);
    }
}
