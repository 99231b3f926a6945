using System.Globalization;
using System.Text.Json;
using QueryAudit.Core.Reconciliation;
using QueryAudit.Core.State;
using QueryAudit.Worker.Commands;
using QueryAudit.Worker.Reconcile;
using QueryAudit.Worker.Tests.Reconcile;

namespace QueryAudit.Worker.Tests.Hosting;

/// <summary>
/// <c>queryaudit run</c> over a folder where one file's lines are a prefix of another's (a live log downloaded twice,
/// a copy of the active file next to its rotated version) stores what <c>queryaudit reconcile --store</c> over the
/// same folder stores: the same findings, approved executions, counters and hourly event counts, each line once.
/// </summary>
public class OverlappingFolderTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(40);

    // Kinds that only a report adds (from gaps, the catalog and the unparsed-line count), never a pipeline.
    private static readonly string[] ReportOnlyKinds = [FindingKinds.LogGap, FindingKinds.CatalogProblem, FindingKinds.UnparsedLines];

    private static readonly string[] Lines = FixtureLines();

    [TestCase("a_audit.log", false, 3000, "b_audit.log", false, -1, TestName = "Run_PlainPrefixBeforeWhole_SameAsReconcile")]
    [TestCase("a_audit.log.gz", true, 3000, "b_audit.log", false, -1, TestName = "Run_GzipPrefixBeforePlainWhole_SameAsReconcile")]
    [TestCase("a_audit.log", false, 3000, "b_audit.log.gz", true, -1, TestName = "Run_PlainPrefixBeforeGzipWhole_SameAsReconcile")]
    [TestCase("a_audit.log", false, -1, "b_audit.log.gz", true, 3000, TestName = "Run_PrefixAfterWhole_SameAsReconcile")]
    [TestCase("server_audit.log.1", false, -1, "server_audit.log", false, -1, TestName = "Run_RotatedFileAndLiveCopy_SameAsReconcile")]
    public async Task Run_PrefixCopy_SameAsReconcile(string firstName, bool firstGzip, int firstLines, string secondName, bool secondGzip, int secondLines)
    {
        Folder folder = new("run-overlap");
        Write(folder.Logs, firstName, firstGzip, Take(firstLines));
        Write(folder.Logs, secondName, secondGzip, Take(secondLines));

        await using (Run run = Run.Start(folder))
        {
            await run.WaitForCommittedLinesAsync(Lines.Length);
        }

        await AssertSameAsReconcileAsync(folder, "reconcile", compareSources: true);
    }

    [Test]
    public async Task Run_LongerFileAfterCommit_SameAfterRestart()
    {
        // The live file was read and committed. Then its rotated, compressed version, with the same lines and more, is
        // put next to it while no task runs, and the next task takes the folder over from the checkpoint.
        Folder folder = new("run-overlap-late");
        Write(folder.Logs, "a_audit.log", false, Take(3000));
        await using (Run run = Run.Start(folder))
        {
            await run.WaitForCommittedLinesAsync(3000);
        }

        await AssertSameAsReconcileAsync(folder, "before", compareSources: true);

        Write(folder.Logs, "b_audit.log.gz", true, Lines);
        await using (Run run = Run.Start(folder))
        {
            await run.WaitForCommittedLinesAsync(Lines.Length);
        }

        await AssertSameAsReconcileAsync(folder, "after", compareSources: true);
    }

    [Test]
    public async Task Run_PrefixCopyAfterCommit_EachLineOnce()
    {
        // Reconcile reads the copy's lines from the copy, because it sorts first. Run read them from the whole file
        // before the copy came, so the findings stored then keep pointing there. Everything else must be the same.
        Folder folder = new("run-overlap-copy-late");
        Write(folder.Logs, "b_audit.log", false, Lines);
        await using (Run run = Run.Start(folder))
        {
            await run.WaitForCommittedLinesAsync(Lines.Length);
            Write(folder.Logs, "a_audit.log.gz", true, Take(3000));
            await run.WaitForPollsAsync();
        }

        await using (Run run = Run.Start(folder))
        {
            await run.WaitForCommittedLinesAsync(Lines.Length);
            await run.WaitForPollsAsync();
        }

        await AssertSameAsReconcileAsync(folder, "reconcile", compareSources: false);
    }

    [TestCase(5000, 3000, TestName = "Run_ShorterCopyGrowsPastWhole_SameAsReconcile")]
    [TestCase(3000, 5000, TestName = "Run_LiveFileGrowsBesideCopy_SameAsReconcile")]
    public async Task Run_GrowingFile_SameAsReconcile(int firstLines, int secondLines)
    {
        // The second file in reading order grows while run follows the folder, as a live server_audit.log does.
        Folder folder = new("run-overlap-growing");
        Write(folder.Logs, "a_audit.log", false, Lines[..firstLines]);
        string growing = Write(folder.Logs, "b_audit.log", false, Lines[..secondLines]);
        await using (Run run = Run.Start(folder))
        {
            await run.WaitForCommittedLinesAsync(Math.Max(firstLines, secondLines));
            await AssertSameAsReconcileAsync(folder, "before", compareSources: true);

            await File.AppendAllTextAsync(growing, string.Join("\n", Lines[secondLines..]) + "\n");
            await run.WaitForCommittedLinesAsync(Lines.Length);
        }

        await AssertSameAsReconcileAsync(folder, "after", compareSources: true);
    }

    /// <summary>
    /// Runs reconcile with a store over the folder as it is now and compares what it stored with what run stored.
    /// Finding sources (<c>file:line</c>) are compared when the lines were read from the same files.
    /// </summary>
    private static async Task AssertSameAsReconcileAsync(Folder folder, string name, bool compareSources)
    {
        string reconcileStore = "sqlite:" + Path.Combine(folder.Root, name + ".db");
        ReconcileSettings reconcile = new()
        {
            Inputs = [folder.Logs],
            CatalogDirectory = ReconcileRunner.Catalog,
            PolicyFile = ReconcileRunner.Policy,
            Period = "2026-12",
            TimeZone = "UTC",
            OutputDirectory = Path.Combine(folder.Root, name),
            Store = reconcileStore,
            Progress = false,
        };
        Assert.That(await ReconcileRunner.RunAsync(reconcile), Is.AnyOf(0, ReconcileJob.FindingsAtOrAboveThreshold));

        await using IStateStore ingested = await OpenAsync(folder.Store);
        await using IStateStore reconciled = await OpenAsync(reconcileStore);
        List<string> expectedFindings = await FindingsAsync(reconciled, compareSources);
        Assert.That(expectedFindings, Is.Not.Empty);
        Assert.That(await FindingsAsync(ingested, compareSources), Is.EqualTo(expectedFindings), "findings");
        Assert.That(await ApprovalsAsync(ingested), Is.EqualTo(await ApprovalsAsync(reconciled)), "approved executions");
        Assert.That(await HoursAsync(ingested), Is.EqualTo(await HoursAsync(reconciled)), "hourly event counts");

        IReadOnlyList<SourceCheckpoint> checkpoints = await ingested.CheckpointsAsync(CancellationToken.None);
        Assert.That(checkpoints, Has.Count.EqualTo(1));
        ReconcileCounters ingestCounters = await ingested.CountersAsync("ingest:" + checkpoints[0].SourceKey, CancellationToken.None);
        ReconcileCounters reconcileCounters = await reconciled.CountersAsync("reconcile:2026-12", CancellationToken.None);
        Assert.That(JsonSerializer.Serialize(ingestCounters), Is.EqualTo(JsonSerializer.Serialize(reconcileCounters)), "counters");
    }

    private static async Task<List<string>> FindingsAsync(IStateStore store, bool withSources)
    {
        IReadOnlyList<StoredFinding> findings = await store.FindFindingsAsync(FindingFilter.All, CancellationToken.None);
        return findings
            .Select(f => f.Finding)
            .Where(f => !ReportOnlyKinds.Contains(f.Kind))
            .Select(f => string.Create(
                CultureInfo.InvariantCulture,
                $"{f.Id} {f.Kind} {f.Severity} {(withSources ? f.Source : "")} {f.EventCount} {f.OccurredAt:O} {f.Reason}"))
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    private static async Task<List<string>> ApprovalsAsync(IStateStore store)
    {
        IReadOnlyList<ApprovedExecution> approvals = await store.ApprovedExecutionsAsync(
            DateTimeOffset.MinValue.AddYears(1), DateTimeOffset.MaxValue.AddYears(-1), CancellationToken.None);
        return approvals
            .Select(a => string.Create(CultureInfo.InvariantCulture, $"{a.Source} {a.Script}#{a.ScriptStatement} run {a.Run} {a.Match}"))
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    private static async Task<List<string>> HoursAsync(IStateStore store)
    {
        IReadOnlyList<HourlyEventCount> counts = await store.EventCountsAsync(
            DateTimeOffset.MinValue.AddYears(1), DateTimeOffset.MaxValue.AddYears(-1), CancellationToken.None);
        return counts
            .Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Instance} {c.HourStart:O} {c.Events}"))
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    private static Task<IStateStore> OpenAsync(string store) =>
        Storage.StateStoreLocation.OpenAsync(store, TimeProvider.System, CancellationToken.None);

    /// <summary>The first <paramref name="count"/> fixture lines; all of them for -1.</summary>
    private static string[] Take(int count) => count < 0 ? Lines : Lines[..count];

    private static string[] FixtureLines() => AuditLogFiles.ReadGzipLines(Path.Combine(TestPaths.Fixtures, "logs", "mariadb", "server_audit.log.004.gz"));

    private static string Write(string folder, string name, bool gzip, string[] lines) => AuditLogFiles.Write(folder, name, gzip, lines);

    /// <summary>A temporary folder with an empty <c>logs</c> folder and a SQLite store path.</summary>
    private sealed class Folder
    {
        public Folder(string name)
        {
            Root = TestPaths.NewTempFolder(name);
            Logs = Path.Combine(Root, "logs");
            Directory.CreateDirectory(Logs);
            Store = "sqlite:" + Path.Combine(Root, "queryaudit.db");
        }

        public string Root { get; }

        public string Logs { get; }

        public string Store { get; }
    }

    /// <summary><c>queryaudit run</c> in process over <see cref="Folder.Logs"/>; disposing stops it and checks its exit code.</summary>
    private sealed class Run : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly StringWriter _output = new();
        private readonly StringWriter _errors = new();
        private readonly Folder _folder;
        private readonly Task<int> _task;

        private Run(Folder folder)
        {
            _folder = folder;
            _task = RunCommand.RunAsync(
                null,
                [
                    "--Store=" + folder.Store,
                    "--Sources:0=" + folder.Logs,
                    "--Catalog=" + ReconcileRunner.Catalog,
                    "--Policy=" + ReconcileRunner.Policy,
                    "--Health:Port=0",
                    "--Ingestion:BatchLines=700",
                    "--Ingestion:MaxLag=3650.00:00:00",
                    "--Ingestion:PollInterval=00:00:00.200",
                ],
                _output,
                _errors,
                _stop.Token);
        }

        public static Run Start(Folder folder) => new(folder);

        /// <summary>
        /// Waits until the checkpoint contains <paramref name="lines"/> lines in all. A reader that loses lines never gets
        /// there; the comparison with reconcile that follows then names what differs.
        /// </summary>
        public async Task WaitForCommittedLinesAsync(long lines)
        {
            using CancellationTokenSource deadline = new(Patience);
            while (!_task.IsCompleted && !deadline.IsCancellationRequested && await CommittedLinesAsync() != lines)
            {
                await Task.Delay(200);
            }

            Assert.That(_task.IsCompleted, Is.False, () => "run ended early: " + _errors);
        }

        /// <summary>Lets a few polls of the folder go by, for a change that must not add lines.</summary>
        public Task WaitForPollsAsync() => Task.Delay(TimeSpan.FromSeconds(2));

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            int exitCode = await _task;
            _stop.Dispose();
            Assert.That(exitCode, Is.Zero, _errors.ToString());
        }

        private async Task<long> CommittedLinesAsync()
        {
            if (!File.Exists(_folder.Store["sqlite:".Length..]))
            {
                return 0;
            }

            await using IStateStore store = await OpenAsync(_folder.Store);
            IReadOnlyList<SourceCheckpoint> checkpoints = await store.CheckpointsAsync(CancellationToken.None);
            if (checkpoints.Count == 0)
            {
                return 0;
            }

            using JsonDocument checkpoint = JsonDocument.Parse(checkpoints[0].StateJson);
            return checkpoint.RootElement.GetProperty("files").EnumerateArray().Sum(f => f.GetProperty("line").GetInt64());
        }
    }
}
