using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using MySqlConnector;
using QueryAudit.Core.Reconciliation;
using QueryAudit.Core.State;
using QueryAudit.Worker.Hosting.Jobs;
using QueryAudit.Worker.Reconcile;
using QueryAudit.Worker.Tests.Reconcile;

namespace QueryAudit.Worker.Tests.Hosting;

/// <summary>
/// Runs two workers as child processes on one MariaDB store and the same two folder sources, with schedules that
/// fire every few seconds, kills one with SIGKILL while it holds a lease and the next fire of the monthly report, and
/// checks that the other takes the lease over after it expires and finishes: every event stored once, each scheduled
/// fire run by one worker only, the report frozen once, and the findings and counters of one
/// <c>queryaudit reconcile</c> per folder.
/// </summary>
[NonParallelizable]
public partial class ScaleTests
{
    private const string MySqlVariable = "QUERYAUDIT_TEST_MYSQL";
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(5);

    [Test]
    public async Task TwoWorkers_OneKilled_EachEventAndFireOnce()
    {
        string connectionString = await CreateDatabaseAsync();
        string store = "mysql:" + connectionString;
        string folder = TestPaths.NewTempFolder("scale");
        string[] sources = [Path.Combine(folder, "logs-a"), Path.Combine(folder, "logs-b")];
        string[] files = Directory.GetFiles(Path.Combine(TestPaths.Fixtures, "logs", "mariadb")).Order(StringComparer.Ordinal).ToArray();
        for (int i = 0; i < files.Length; i++)
        {
            string target = sources[i % 2];
            Directory.CreateDirectory(target);
            File.Copy(files[i], Path.Combine(target, Path.GetFileName(files[i])));
        }

        using WorkerProcess first = WorkerProcess.Start(folder, Arguments(store, sources, folder, "scale-1"));
        using WorkerProcess second = WorkerProcess.Start(folder, Arguments(store, sources, folder, "scale-2"));
        // Kill a worker that holds a lease and has taken the next fire of the monthly report (Quartz takes a fire
        // ahead of its time), so that the other must take over both the source and the fire. One worker may take
        // both folders before the other starts, but the two take the report's fires in turn.
        string victimId = "";
        await ServiceFixture.WaitUntilAsync(
            async () =>
            {
                if (first.HasExited || second.HasExited || await StoredEventsAsync(store) < 100)
                {
                    return first.HasExited || second.HasExited;
                }

                victimId = await LeaseHolderWithReportFireAsync(store, connectionString) ?? "";
                return victimId.Length > 0;
            },
            Patience,
            "a worker with a lease and the next monthly report fire",
            200);
        Assert.That(first.HasExited, Is.False, first.Output);
        Assert.That(second.HasExited, Is.False, second.Output);
        WorkerProcess victim = victimId == "scale-1" ? first : second;
        WorkerProcess survivor = victim == first ? second : first;
        int survivorResumes = Count(survivor.Output, 7107);
        victim.Signal("KILL");
        Assert.That(await victim.WaitForExitAsync(Patience), Is.True);

        long totalLines = ServiceFixture.TotalLines;
        await ServiceFixture.WaitUntilAsync(
            async () => survivor.HasExited || await StoredEventsAsync(store) >= totalLines, Patience, "all fixture events", 2000);

        // The fires the victim had taken stay with it until the survivor's cluster check-in finds it dead and frees
        // them. The survivor's scheduler may also sleep through its idle wait first, so this took 30 to 60 seconds here.
        // The store is asked rather than the logs, because a SIGKILL can drop the victim's last log lines.
        string month = MonthlyReportJob.PreviousMonth(DateTimeOffset.UtcNow, "UTC");
        // The survivor replays the committed lines of the taken-over source before it logs event 7107. A stop during
        // the replay would end it unlogged, so wait for the log line too.
        int survivorDigests = DigestWindowEnds(survivor.Output).Count;
        await ServiceFixture.WaitUntilAsync(
            async () => survivor.HasExited ||
                (DigestWindowEnds(survivor.Output).Count >= survivorDigests + 2 && Count(survivor.Output, 7107) > survivorResumes
                    && await FrozenAsync(store, month)),
            Patience,
            "the taken-over source, a frozen monthly report and two more digests on the survivor");
        survivor.Signal("TERM");
        Assert.That(await survivor.WaitForExitAsync(Patience), Is.True);
        Assert.That(survivor.ExitCode, Is.Zero, survivor.Output);

        Assert.That(await StoredEventsAsync(store), Is.EqualTo(totalLines));
        Assert.That(Count(survivor.Output, 7107), Is.GreaterThan(survivorResumes), "the survivor must rebuild the taken-over source from its checkpoint");

        // Each fire of the digest has its own window end; a fire run by both workers would log the same end twice.
        List<string> digests = [.. DigestWindowEnds(first.Output), .. DigestWindowEnds(second.Output)];
        Assert.That(digests, Has.Count.GreaterThanOrEqualTo(3), "the digest schedule did not fire during the test");
        Assert.That(digests, Is.Unique);
        // Event 7303 starts a report and 7307 freezes it. The victim may have died while writing, so the survivor may
        // start it once more, but the month is frozen once.
        Assert.That(await FrozenAsync(store, month), Is.True, "the monthly report was not frozen");
        Assert.That(Count(first.Output, 7307) + Count(second.Output, 7307), Is.LessThanOrEqualTo(1), "the monthly report must be frozen by one worker once");
        Assert.That(Count(survivor.Output, 7303), Is.LessThanOrEqualTo(1), "the survivor wrote the monthly report more than once");
        Assert.That(Count(first.Output, 7308) + Count(second.Output, 7308), Is.Zero);

        await AssertSameAsReconcileAsync(store, sources, folder);
    }

    private static List<string> Arguments(string store, string[] sources, string folder, string workerId) =>
    [
        "--Store=" + store,
        "--Sources:0=" + sources[0],
        "--Sources:1=" + sources[1],
        "--Catalog=" + ReconcileRunner.Catalog,
        "--Policy=" + ReconcileRunner.Policy,
        "--Report:OutputDirectory=" + Path.Combine(folder, "reports"),
        "--Health:Port=0",
        "--Ingestion:BatchLines=50",
        "--Ingestion:PollInterval=00:00:01",
        "--Ingestion:LeaseTtl=00:00:10",
        "--Ingestion:MaxLag=3650.00:00:00",
        "--Ingestion:WorkerId=" + workerId,
        "--Schedules:TimeZone=UTC",
        "--Schedules:DailyDigest=0/4 * * * * ?",
        "--Schedules:MonthlyReport=0/10 * * * * ?",
    ];

    private static async Task AssertSameAsReconcileAsync(string store, string[] sources, string folder)
    {
        List<string> expectedFindings = [];
        List<ReconcileCounters> expectedCounters = [];
        foreach (string source in sources)
        {
            string reconcileStore = "sqlite:" + Path.Combine(folder, Path.GetFileName(source) + ".db");
            ReconcileSettings reconcile = new()
            {
                Inputs = [source],
                CatalogDirectory = ReconcileRunner.Catalog,
                PolicyFile = ReconcileRunner.Policy,
                Period = "2026-12",
                TimeZone = "UTC",
                OutputDirectory = Path.Combine(folder, "reconcile-" + Path.GetFileName(source)),
                Store = reconcileStore,
                Progress = false,
            };
            Assert.That(await ReconcileRunner.RunAsync(reconcile), Is.AnyOf(0, ReconcileJob.FindingsAtOrAboveThreshold));
            await using IStateStore reconciled = await OpenAsync(reconcileStore);
            expectedFindings.AddRange(await FindingsAsync(reconciled));
            expectedCounters.Add(await reconciled.CountersAsync("reconcile:2026-12", CancellationToken.None));
        }

        await using IStateStore ingested = await OpenAsync(store);
        List<ReconcileCounters> actualCounters = [];
        foreach (string source in sources)
        {
            actualCounters.Add(await ingested.CountersAsync("ingest:folder:" + Path.GetFullPath(source), CancellationToken.None));
        }

        expectedFindings.Sort(StringComparer.Ordinal);
        Assert.That(await FindingsAsync(ingested), Is.EqualTo(expectedFindings));
        Assert.That(actualCounters.Select(c => JsonSerializer.Serialize(c)), Is.EqualTo(expectedCounters.Select(c => JsonSerializer.Serialize(c))));
    }

    private static async Task<List<string>> FindingsAsync(IStateStore store)
    {
        string[] reportOnly = [FindingKinds.LogGap, FindingKinds.CatalogProblem, FindingKinds.UnparsedLines];
        IReadOnlyList<StoredFinding> findings = await store.FindFindingsAsync(FindingFilter.All, CancellationToken.None);
        return findings
            .Select(f => f.Finding)
            .Where(f => !reportOnly.Contains(f.Kind))
            .Select(f => string.Create(CultureInfo.InvariantCulture, $"{f.Id} {f.Kind} {f.Severity} {f.Source} {f.EventCount}"))
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    private static async Task<long> StoredEventsAsync(string store)
    {
        await using IStateStore state = await OpenAsync(store);
        IReadOnlyList<HourlyEventCount> counts = await state.EventCountsAsync(DateTimeOffset.MinValue.AddYears(1), DateTimeOffset.MaxValue.AddYears(-1), CancellationToken.None);
        return counts.Sum(c => c.Events);
    }

    /// <summary>
    /// Returns the worker that holds an unexpired lease and has taken a fire of the monthly report, or null. Quartz
    /// names each task by its worker id in its cluster tables, which it creates on start.
    /// </summary>
    private static async Task<string?> LeaseHolderWithReportFireAsync(string store, string connectionString)
    {
        HashSet<string> holders;
        await using (IStateStore state = await OpenAsync(store))
        {
            IReadOnlyList<SourceLease> leases = await state.LeasesAsync(CancellationToken.None);
            holders = leases.Where(l => l.ExpiresAt > DateTimeOffset.UtcNow.AddSeconds(2)).Select(l => l.Owner).ToHashSet(StringComparer.Ordinal);
        }

        await using MySqlConnection connection = new(connectionString);
        await connection.OpenAsync();
        await using MySqlCommand tables = new(
            "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = 'QRTZ_FIRED_TRIGGERS'", connection);
        if (Convert.ToInt64(await tables.ExecuteScalarAsync(), CultureInfo.InvariantCulture) == 0)
        {
            return null;
        }

        await using MySqlCommand fired = new("SELECT INSTANCE_NAME FROM QRTZ_FIRED_TRIGGERS WHERE TRIGGER_NAME = 'monthly-report'", connection);
        await using MySqlDataReader reader = await fired.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            string instance = reader.GetString(0);
            if (holders.Contains(instance))
            {
                return instance;
            }
        }

        return null;
    }

    private static async Task<bool> FrozenAsync(string store, string month)
    {
        await using IStateStore state = await OpenAsync(store);
        return await state.GetReportFreezeAsync(month, CancellationToken.None) is not null;
    }

    private static Task<IStateStore> OpenAsync(string store) => Storage.StateStoreLocation.OpenAsync(store, TimeProvider.System, CancellationToken.None);

    private static List<string> DigestWindowEnds(string output) =>
        output.Split('\n').Where(line => line.Contains("\"EventId\":7312", StringComparison.Ordinal))
            .Select(line => DigestEnd().Match(line).Groups[1].Value)
            .ToList();

    private static int Count(string output, int eventId) =>
        output.Split('\n').Count(line => line.Contains($"\"EventId\":{eventId},", StringComparison.Ordinal));

    [GeneratedRegex("\"To\":\"([^\"]+)\"")]
    private static partial Regex DigestEnd();

    /// <summary>Creates an empty database on the test server and returns its connection string.</summary>
    private static async Task<string> CreateDatabaseAsync()
    {
        string? server = Environment.GetEnvironmentVariable(MySqlVariable);
        if (string.IsNullOrEmpty(server))
        {
            string message = $"{MySqlVariable} is not set, so the scale test has no MariaDB server. Run: eval \"$(scripts/start-test-mariadb.sh)\" (scripts/test.sh does this).";
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            {
                Assert.Fail(message);
            }

            Assert.Ignore(message);
        }

        string database = "queryaudit_test_" + Guid.NewGuid().ToString("N")[..16];
        await using (MySqlConnection connection = new(server))
        {
            await connection.OpenAsync();
            await using MySqlCommand command = new($"CREATE DATABASE `{database}` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin", connection);
            await command.ExecuteNonQueryAsync();
        }

        return new MySqlConnectionStringBuilder(server) { Database = database }.ConnectionString;
    }
}
