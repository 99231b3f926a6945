using QueryAudit.Worker.Commands;

namespace QueryAudit.Fingerprint;

/// <summary>
/// <c>queryaudit-fingerprint</c>: <c>queryaudit fingerprint</c> as a native executable. It parses its few arguments
/// itself and runs synchronously, because System.CommandLine and an async <c>Main</c> made the binary 3.51 MB instead of
/// 2.25 MB and a one-statement run 0.55 ms of CPU slower (docs/benchmarks.md).
/// </summary>
internal static class Program
{
    /// <summary>Exit code for an invalid command line, as the worker's.</summary>
    private const int UsageError = 2;

    private const string HelpHint = "Run 'queryaudit-fingerprint --help' for the options.";

    /// <summary>The help, laid out as System.CommandLine lays out the worker's <c>queryaudit fingerprint --help</c>.</summary>
    private const string Help =
        "Description:\n" +
        "  " + FingerprintHelpText.Description + "\n" +
        "\n" +
        "Usage:\n" +
        "  queryaudit-fingerprint [<file>] [options]\n" +
        "\n" +
        "Arguments:\n" +
        "  <file>  " + FingerprintHelpText.File + "\n" +
        "\n" +
        "Options:\n" +
        "  --split         " + FingerprintHelpText.Split + "\n" +
        "  --exact         " + FingerprintHelpText.Exact + "\n" +
        "  -?, -h, --help  Show help and usage information\n" +
        "  --version       Show version information\n" +
        "\n";

    private static int Main(string[] args)
    {
        FingerprintArguments arguments = FingerprintArguments.Parse(args);
        StandardErrorWriter error = new();
        if (arguments.Error is not null)
        {
            error.WriteLine($"error: {arguments.Error}");
            error.WriteLine(HelpHint);
            return UsageError;
        }

        if (arguments.Help)
        {
            return FingerprintRunner.WriteToStandardOutput(Help, error);
        }

        if (arguments.Version)
        {
            return FingerprintRunner.WriteToStandardOutput(BuildVersion.Informational + "\n", error);
        }

        return FingerprintRunner.RunToStandardOutput(arguments.File, arguments.Split, arguments.Exact, error, CancellationToken.None);
    }
}
