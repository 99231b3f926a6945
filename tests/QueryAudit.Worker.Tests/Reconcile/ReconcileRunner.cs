using QueryAudit.Worker.Commands;
using QueryAudit.Worker.Reconcile;

namespace QueryAudit.Worker.Tests.Reconcile;

/// <summary>
/// Runs <c>queryaudit reconcile</c> in process on the fixture catalog and policy.
/// </summary>
internal static class ReconcileRunner
{
    public static string Catalog => Path.Combine(TestPaths.Fixtures, "catalog");

    public static string Policy => Path.Combine(TestPaths.Fixtures, "policy.yaml");

    public static Task<int> RunAsync(ReconcileSettings settings) => ReconcileCommand.RunAsync(settings, CancellationToken.None);

    public static ReconcileSettings Settings(string input, string output) => new()
    {
        Inputs = [input],
        CatalogDirectory = Catalog,
        PolicyFile = Policy,
        From = "2026-12-04T19:51:13.387Z",
        To = "2026-12-04T20:01:13.439Z",
        Cluster = "billing-prod",
        OutputDirectory = output,
        Progress = false,
    };
}
