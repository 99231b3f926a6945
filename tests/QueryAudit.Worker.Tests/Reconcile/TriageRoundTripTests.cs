namespace QueryAudit.Worker.Tests.Reconcile;

/// <summary>
/// The DBA workflow from the README: reconcile into a store, triage a finding, reconcile again, and the report shows
/// the decision.
/// </summary>
[NonParallelizable]
public class TriageRoundTripTests
{
    [Test]
    public async Task ReconcileTriageReconcile_ReportShowsDisposition()
    {
        string folder = TestPaths.NewTempFolder("triage-round-trip");
        string store = "sqlite:" + Path.Combine(folder, "queryaudit.db");
        string logs = Path.Combine(TestPaths.Fixtures, "logs", "mariadb");
        string first = Path.Combine(folder, "first");
        string second = Path.Combine(folder, "second");

        Assert.That(await ReconcileRunner.RunAsync(ReconcileRunner.Settings(logs, first) with { Store = store }), Is.Zero);
        string id = CsvTable.Read(Path.Combine(first, "findings.csv")).Rows
            .First(r => r["kind"] == "unapproved_read" && r["account"] == "investigator")["id"];

        (int explainExit, string explainOutput) = await RunAsync(
            ["findings", "explain", id, "--ticket", "AUD-77", "--note", "quarterly balance review", "--reviewer", "k.suzuki", "--policy", ReconcileRunner.Policy, "--store", store]);
        Assert.That(explainExit, Is.Zero, explainOutput);

        Assert.That(await ReconcileRunner.RunAsync(ReconcileRunner.Settings(logs, second) with { Store = store }), Is.Zero);
        IReadOnlyDictionary<string, string> row = CsvTable.Read(Path.Combine(second, "findings.csv")).Rows.Single(r => r["id"] == id);
        Assert.That(row["status"], Is.EqualTo("explained"));
        Assert.That(CsvTable.Read(Path.Combine(second, "findings.csv")).Rows.Count(r => r["status"] == "open"), Is.GreaterThan(10));
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string[] args)
    {
        StringWriter output = new();
        TextWriter previousError = Console.Error;
        TextWriter previousOut = Console.Out;
        Console.SetError(output);
        Console.SetOut(output);
        try
        {
            return (await Program.RunAsync(args), output.ToString());
        }
        finally
        {
            Console.SetError(previousError);
            Console.SetOut(previousOut);
        }
    }
}
