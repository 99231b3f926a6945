using System.CommandLine;

namespace QueryAudit.Worker.Commands;

/// <summary>
/// <c>queryaudit reconcile</c>: reads audit logs, reconciles them and writes the report folder.
/// </summary>
internal static class ReconcileCommand
{
    public static Command Create()
    {
        Command command = new("reconcile", "Reconcile audit log files against an approved catalog and policy, and write findings, approved executions, report.pdf and manifest.json.");
        command.SetAction((parseResult, cancellationToken) => Task.FromResult(2));
        return command;
    }
}
