using System.CommandLine;
using QueryAudit.Worker.Commands;
using QueryAudit.Worker.Hosting;

namespace QueryAudit.Worker;

internal static class Program
{
    /// <summary>Exit code for an invalid command line.</summary>
    public const int UsageError = 2;

    private static Task<int> Main(string[] args) => RunAsync(args);

    /// <summary>Parses and runs a command line; returns the process exit code.</summary>
    internal static async Task<int> RunAsync(string[] args)
    {
        RootCommand root = new("QueryAudit: reconcile Aurora MySQL / MariaDB audit logs against approved change scripts and write the monthly exception report.");

        // Each command lives in Commands/ and is added here, one line each.
        root.Subcommands.Add(ReconcileCommand.Create());
        root.Subcommands.Add(VerifyCommand.Create());
        root.Subcommands.Add(HealthCommand.Create());
        root.Subcommands.Add(FindingsCommand.Create());
        root.Subcommands.Add(TrailCommand.Create());
        root.Subcommands.Add(CatalogCommand.Create());
        root.Subcommands.Add(FingerprintCommand.Create());
        root.Subcommands.Add(RunCommand.Create());
        CommandLineErrors.GuardValidators(root);

        ParseResult parsed = root.Parse(args);

        // Exit code 2 is for an invalid command line, so scripts can tell it from invalid input (1).
        if (await CommandLineErrors.WriteErrorsAsync(
                parsed, new StandardErrorWriter(), "Run 'queryaudit --help' or 'queryaudit COMMAND --help' for the options.").ConfigureAwait(false))
        {
            return UsageError;
        }

        // On SIGTERM, queryaudit run commits the batch in hand, which can take up to the host's shutdown timeout.
        // The parser's own signal handler returns exit code 143 when its timeout passes first, and its default is 2 s.
        RecordingOutputWriter output = new(Console.Out);
        InvocationConfiguration invocation = new()
        {
            ProcessTerminationTimeout = ServiceHost.ShutdownTimeout + TimeSpan.FromSeconds(1),
            Output = output,
        };
        int exitCode = await parsed.InvokeAsync(invocation).ConfigureAwait(false);
        if (output.Failure is not null)
        {
            // The help or the version could not be written.
            FingerprintRunner.WriteOutputError(new StandardErrorWriter(), output.Failure);
            return 1;
        }

        return exitCode;
    }
}
