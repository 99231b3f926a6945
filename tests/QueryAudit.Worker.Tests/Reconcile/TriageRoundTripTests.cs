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

    [Test]
    public async Task DispositionWrittenAroundTrail_FailsVerifyAndReport()
    {
        string folder = TestPaths.NewTempFolder("triage-tamper");
        string database = Path.Combine(folder, "queryaudit.db");
        string store = "sqlite:" + database;
        string logs = Path.Combine(TestPaths.Fixtures, "logs", "mariadb");
        string first = Path.Combine(folder, "first");
        Assert.That(await ReconcileRunner.RunAsync(ReconcileRunner.Settings(logs, first) with { Store = store }), Is.Zero);
        string id = CsvTable.Read(Path.Combine(first, "findings.csv")).Rows.First(r => r["kind"] == "unapproved_ddl")["id"];

        // Close a finding by writing the table directly, as someone with database access could, bypassing the tool.
        await using (Microsoft.Data.Sqlite.SqliteConnection connection = new($"Data Source={database};Pooling=False"))
        {
            await connection.OpenAsync();
            await using Microsoft.Data.Sqlite.SqliteCommand insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO dispositions VALUES ($id, 'dismissed', '[\"k.suzuki\"]', NULL, NULL, NULL, NULL, 0)";
            insert.Parameters.AddWithValue("$id", id);
            await insert.ExecuteNonQueryAsync();
        }

        (int verifyExit, string verifyOutput) = await RunAsync(["trail", "verify", "--store", store]);
        int reportExit = await ReconcileRunner.RunAsync(ReconcileRunner.Settings(logs, Path.Combine(folder, "second")) with { Store = store });

        // The trail command writes through its own console environment, so only its exit code is checked here.
        Assert.That(verifyExit, Is.EqualTo(1), verifyOutput);
        Assert.That(reportExit, Is.EqualTo(1), "a report must not show a decision the trail does not back");
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
