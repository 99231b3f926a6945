using System.Globalization;
using System.Text.Json;
using QueryAudit.Worker.Commands;
using QueryAudit.Sql;
using QueryAudit.Worker.Reconcile;

namespace QueryAudit.Worker.Tests.Reconcile;

/// <summary>
/// Runs <c>queryaudit reconcile</c> on the real MariaDB capture and checks its ground truth: every expected exception
/// found in the log is a finding of a fitting kind on one of its connections, no finding falls on an approved run, and
/// every approved run is listed as approved executions.
/// </summary>
public class GroundTruthTests
{
    private static readonly string[] LoginKinds = ["failed_login", "failed_login_burst"];

    [TestCase("mariadb")]
    [TestCase("aurora")]
    public async Task Reconcile_FixtureMonth_MeetsGroundTruth(string layout)
    {
        string output = TestPaths.NewTempFolder("fixture-" + layout);

        int exitCode = await Run(Path.Combine(TestPaths.Fixtures, "logs", layout), TestPaths.Fixtures, output);

        Assert.That(exitCode, Is.Zero);
        Check(GroundTruth.Load(TestPaths.Fixtures), output, "sql-fixtures " + layout);
    }

    [TestCase("run1")]
    [TestCase("aurora")]
    public async Task Reconcile_FullSharedCapture_MeetsGroundTruth(string folder)
    {
        string capture = TestPaths.SharedCorpus;
        if (!Directory.Exists(capture))
        {
            Assert.Ignore($"The shared corpus is not beside the repository ({capture}); the sql-fixtures copy is tested instead.");
        }

        string output = TestPaths.NewTempFolder("shared-" + folder);
        int exitCode = await Run(Path.Combine(capture, folder), TestPaths.Fixtures, output);

        Assert.That(exitCode, Is.Zero);
        Check(GroundTruth.Load(TestPaths.Fixtures), output, "shared capture " + folder);
    }

    private static Task<int> Run(string logs, string fixtures, string output) =>
        ReconcileCommand.RunAsync(
            new ReconcileSettings
            {
                Inputs = [logs],
                CatalogDirectory = Path.Combine(fixtures, "catalog"),
                PolicyFile = Path.Combine(fixtures, "policy.yaml"),
                // The workload journal's exact window. The log has whole-second timestamps, and the last bootstrap
                // statements (admin's sysbench prepare) are stamped 19:51:13 though they ran before 19:51:13.387.
                From = "2026-12-04T19:51:13.387Z",
                To = "2026-12-04T20:01:13.439Z",
                Cluster = "billing-prod",
                OutputDirectory = output,
                Progress = false,
            },
            CancellationToken.None);

    private static void Check(GroundTruth truth, string output, string label)
    {
        CsvTable findings = CsvTable.Read(Path.Combine(output, "findings.csv"));
        CsvTable approved = CsvTable.Read(Path.Combine(output, "approved-executions.csv"));
        List<(string Account, long Connection, string Kind, string Source)> rows = findings.Rows
            .Select(r => (r["account"], long.Parse(r["connection_id"], CultureInfo.InvariantCulture), r["kind"], r["source"]))
            .ToList();

        List<ExpectedException> expected = truth.Exceptions.Where(e => e.FoundLines > 0).ToList();
        List<string> missed = expected
            .Where(e => !rows.Any(r => r.Account == e.Account && e.Connections.Contains(r.Connection) && Fits(e, r.Kind)))
            .Select(e => $"{e.Id} ({e.Account}, connections {string.Join(' ', e.Connections)})")
            .ToList();

        HashSet<(string, long)> expectedConnections = expected.SelectMany(e => e.Connections.Select(c => (e.Account, c))).ToHashSet();
        HashSet<long> approvedConnections = truth.ApprovedRuns.SelectMany(r => r.Connections).ToHashSet();
        List<string> onApprovedRuns = rows
            .Where(r => approvedConnections.Contains(r.Connection) && r.Account.Length > 0)
            .Select(r => $"{r.Kind} on connection {r.Connection} by {r.Account} at {r.Source}")
            .ToList();
        List<string> falsePositives = rows
            .Where(r => r.Account.Length > 0 && !expectedConnections.Contains((r.Account, r.Connection)))
            .Select(r => $"{r.Kind} on connection {r.Connection} by {r.Account} at {r.Source}")
            .ToList();
        List<string> runsMissing = truth.ApprovedRuns
            .Where(run => !approved.Rows.Any(a => a["account"] == run.Account
                && run.Connections.Contains(long.Parse(a["connection_id"], CultureInfo.InvariantCulture))
                && a["script"].Contains(run.Script, StringComparison.Ordinal)))
            .Select(run => run.Script)
            .ToList();

        // Every QUERY record of an approved run is an approved execution, except transaction control, which never is one.
        List<string> countsDiffer = truth.ApprovedRuns
            .Select(run => (run, approvedCount: approved.Rows.Count(a => run.Connections.Contains(long.Parse(a["connection_id"], CultureInfo.InvariantCulture)))))
            .Where(p => p.approvedCount != p.run.QueryLines - TransactionControlLines(p.run.Script))
            .Select(p => $"{p.run.Script}: {p.approvedCount} approved executions for {p.run.QueryLines} QUERY lines")
            .ToList();

        TestContext.Out.WriteLine($"{label}: recall {expected.Count - missed.Count}/{expected.Count}, false positives {falsePositives.Count}, findings on approved runs {onApprovedRuns.Count}, approved runs listed {truth.ApprovedRuns.Count - runsMissing.Count}/{truth.ApprovedRuns.Count}");
        foreach (string line in falsePositives.Concat(onApprovedRuns))
        {
            TestContext.Out.WriteLine("  " + line);
        }

        using JsonDocument manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "manifest.json")));
        long unparsed = manifest.RootElement.GetProperty("counts").GetProperty("unparsedLines").GetInt64();

        Assert.That(missed, Is.Empty, "expected exceptions without a fitting finding");
        Assert.That(onApprovedRuns, Is.Empty, "findings on the connections of approved runs");
        Assert.That(falsePositives, Is.Empty, "findings on connections with no expected exception");
        Assert.That(runsMissing, Is.Empty, "approved runs missing from approved-executions.csv");
        Assert.That(countsDiffer, Is.Empty, "approved executions per run");
        Assert.That(unparsed, Is.Zero, "unparsed lines");
    }

    /// <summary>Counts the transaction-control statements (START TRANSACTION, COMMIT, ...) of the fixture script.</summary>
    private static int TransactionControlLines(string script)
    {
        string path = Directory.GetFiles(Path.Combine(TestPaths.Fixtures, "catalog"), script + ".sql", SearchOption.AllDirectories).Single();
        return SqlSplitter.SplitScript(File.ReadAllText(path))
            .Count(statement => SqlNormalizer.Normalize(statement.Text).Kind == StatementKind.Transaction);
    }

    private static bool Fits(ExpectedException expected, string kind) =>
        expected.IsFailedLogin ? LoginKinds.Contains(kind) : !LoginKinds.Contains(kind) && kind != "log_gap";
}
