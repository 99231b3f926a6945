using System.CommandLine;
using QueryAudit.Worker.Commands;

namespace QueryAudit.Worker;

internal static class Program
{
    private static async Task<int> Main(string[] args)
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

        return await root.Parse(args).InvokeAsync().ConfigureAwait(false);
    }
}
