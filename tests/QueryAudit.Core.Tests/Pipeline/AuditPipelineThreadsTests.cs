using System.Runtime.CompilerServices;
using System.Text.Json;
using NUnit.Framework;
using QueryAudit.Core.Audit;
using QueryAudit.Core.Catalog;
using QueryAudit.Core.Pipeline;
using QueryAudit.Core.Policy;
using QueryAudit.Core.Reconciliation;
using QueryAudit.Core.Tests.Audit;
using QueryAudit.Sql;

namespace QueryAudit.Core.Tests.Pipeline;

/// <summary>
/// <see cref="AuditPipeline.Threads"/> 1 and 2 give the same results, errors and statistics on the fixture capture,
/// and a failure on either thread ends the read without leaving the other thread running.
/// </summary>
public class AuditPipelineThreadsTests
{
    private static readonly DateTimeOffset PeriodStart = DateTimeOffset.Parse("2026-12-04T19:51:13.387Z", System.Globalization.CultureInfo.InvariantCulture);
    private static readonly DateTimeOffset PeriodEnd = DateTimeOffset.Parse("2026-12-04T20:01:13.439Z", System.Globalization.CultureInfo.InvariantCulture);

    private static string Fixtures => Path.Combine(RepositoryPaths.Root, "sql-fixtures");

    [TestCase(0)]
    [TestCase(300)]
    public async Task FixtureRotation_SameResultForOneAndTwoThreads(int reorderSeconds)
    {
        IReadOnlyList<IAuditLineSource> sources = AuditInputs.Expand([Path.Combine(Fixtures, "logs", "mariadb")]).Sources;
        TimeSpan reorderWindow = TimeSpan.FromSeconds(reorderSeconds);

        string one = await RunAsync(threads: 1, sources, reorderWindow);
        string two = await RunAsync(threads: 2, sources, reorderWindow);

        Assert.That(sources, Has.Count.EqualTo(6), "the rotation of six files, so statements cross file ends");
        Assert.That(one, Does.Contain("\"Kind\":\"audit_config_change\""), "the summary holds findings to compare");
        Assert.That(two, Is.EqualTo(one));
    }

    [Test]
    public async Task SourceFailsMidway_SameLinesThenSameError()
    {
        List<byte[]> lines = await ReadLinesAsync(Path.Combine(Fixtures, "logs", "aurora", "billing-prod-instance-1.audit.log.gz"));
        ListSource failing = new("failing.log", lines, failAfter: 20_000);

        string one = await RunAsync(threads: 1, [failing]);
        string two = await RunAsync(threads: 2, [failing]);

        Assert.That(one, Does.Contain("error AuditInputException after 20000 lines"));
        Assert.That(two, Is.EqualTo(one));
    }

    [TestCase(1)]
    [TestCase(2)]
    public async Task QuarantineSinkThrows_ReadEndsWithItsError(int threads)
    {
        List<byte[]> lines = await ReadLinesAsync(Path.Combine(Fixtures, "logs", "aurora", "billing-prod-instance-1.audit.log.gz"));
        lines.Insert(5_000, "not an audit line"u8.ToArray());
        AuditPipeline pipeline = CreatePipeline(threads, _ => throw new InvalidOperationException("the quarantine file is full"));

        Assert.That(
            async () => await pipeline.ReadAsync(new ListSource("broken.log", lines), CancellationToken.None),
            Throws.InvalidOperationException.With.Message.EqualTo("the quarantine file is full"));
        Assert.That(pipeline.Statistics[^1].Lines, Is.EqualTo(5_001), "reading stopped at the line that failed");
        Assert.That(pipeline.Complete().Counters.QueryRecords, Is.GreaterThan(0), "the records before the failure were reconciled");
    }

    [TestCase(1)]
    [TestCase(2)]
    public async Task CancelledMidway_ReadEndsWithCancellation(int threads)
    {
        List<byte[]> lines = await ReadLinesAsync(Path.Combine(Fixtures, "logs", "aurora", "billing-prod-instance-1.audit.log.gz"));
        using CancellationTokenSource cancel = new();
        ListSource source = new("cancelled.log", lines, onLine: line =>
        {
            if (line == 3_000)
            {
                cancel.Cancel();
            }
        });
        AuditPipeline pipeline = CreatePipeline(threads);

        Assert.That(async () => await pipeline.ReadAsync(source, cancel.Token), Throws.InstanceOf<OperationCanceledException>());
        Assert.That(pipeline.Statistics[^1].Lines, Is.LessThan(lines.Count), "reading stopped early");
    }

    /// <summary>
    /// A source that fails after 50 lines gets a row for its unread rest, unless its last line read was itself
    /// quarantined (a gzip file cut inside that line), so that one damaged line is counted once.
    /// </summary>
    [TestCase(10, new long[] { 10, 51 })]
    [TestCase(50, new long[] { 50 })]
    public async Task SourceError_AfterQuarantinedLine_RowsOnce(int garbageLine, long[] expectedRows)
    {
        List<byte[]> lines = (await ReadLinesAsync(Path.Combine(Fixtures, "logs", "aurora", "billing-prod-instance-1.audit.log.gz")))[..60];
        lines[garbageLine - 1] = "not an audit line"u8.ToArray();
        List<QuarantinedLine> quarantined = [];
        AuditPipeline pipeline = CreatePipeline(1, quarantined.Add);
        ListSource source = new("cut.log", lines, failAfter: 50);

        AuditInputException failure = Assert.ThrowsAsync<AuditInputException>(async () => await pipeline.ReadAsync(source, CancellationToken.None))!;
        pipeline.AddSourceError(source, failure.Message);

        Assert.That(quarantined.Select(q => q.Source.Line), Is.EqualTo(expectedRows));
        Assert.That(pipeline.Statistics[^1].Unparsed, Is.EqualTo(expectedRows.Length));
    }

    /// <summary>A source whose first 1,000 lines were skipped as a repeat names the line after the last one it read.</summary>
    [TestCase(1)]
    [TestCase(2)]
    public async Task SourceError_AfterSkippedLines_NamesTrueLine(int threads)
    {
        List<byte[]> lines = (await ReadLinesAsync(Path.Combine(Fixtures, "logs", "aurora", "billing-prod-instance-1.audit.log.gz")))[..60];
        List<QuarantinedLine> quarantined = [];
        AuditPipeline pipeline = CreatePipeline(threads, quarantined.Add);
        ListSource source = new("cut.log", lines, failAfter: 50, firstLine: 1001);

        AuditInputException failure = Assert.ThrowsAsync<AuditInputException>(async () => await pipeline.ReadAsync(source, CancellationToken.None))!;
        pipeline.AddSourceError(source, failure.Message);

        Assert.That(quarantined.Select(q => q.Source.Line), Is.EqualTo(new long[] { 1051 }));
    }

    private static async Task<string> RunAsync(int threads, IReadOnlyList<IAuditLineSource> sources, TimeSpan reorderWindow = default)
    {
        AuditPipeline pipeline = CreatePipeline(threads, reorderWindow: reorderWindow);
        List<string> errors = [];
        foreach (IAuditLineSource source in sources)
        {
            try
            {
                await pipeline.ReadAsync(source, CancellationToken.None);
            }
            catch (AuditInputException e)
            {
                errors.Add($"error {e.GetType().Name} after {pipeline.Statistics[^1].Lines} lines: {e.Message}");
                pipeline.AddSourceError(source, e.Message);
            }
        }

        ReconciliationResult result = pipeline.Complete();
        var summary = new
        {
            Errors = errors,
            Findings = result.Findings.Select(f => new { f.Id, f.Kind, f.Severity, f.OccurredAt, f.Instance, f.ConnectionId, f.QueryId, f.Source, f.Reason, f.Template, f.EventCount }),
            Approved = result.ApprovedExecutions.Select(a => new { a.ExecutedAt, a.Script, a.ScriptStatement, a.Run, a.Match, a.Source }),
            result.InformationalReads,
            result.AuditOffIntervals,
            result.Counters,
            Statistics = pipeline.Statistics.Select(s => new { s.Name, s.Lines, s.Events, s.Unparsed, Formats = s.Formats.ToList() }),
            pipeline.Completeness.Events,
            pipeline.Completeness.UnparsedLines,
            pipeline.Completeness.EventsOutsidePeriod,
            Coverage = pipeline.Completeness.Coverage(),
            pipeline.AssemblerCounts,
        };
        return JsonSerializer.Serialize(summary);
    }

    private static AuditPipeline CreatePipeline(int threads, Action<QuarantinedLine>? quarantineSink = null, TimeSpan reorderWindow = default)
    {
        AuditPolicy policy = PolicyLoader.Load(Path.Combine(Fixtures, "policy.yaml"));
        SqlNormalizerOptions sql = SqlNormalizerOptions.Default with { ServerVersion = policy.ServerVersion, LogByteLimit = policy.QueryLogLimit };
        ApprovedCatalog catalog = CatalogLoader.Load(Path.Combine(Fixtures, "catalog"), new CatalogOptions
        {
            SqlOptions = sql,
            MaxOperationWindow = policy.MaxOperationWindow,
            Reviewers = policy.Reviewers.ToDictionary(r => r.Name, r => r.Accounts, StringComparer.Ordinal),
        });
        ReconcileOptions options = new() { PeriodStart = PeriodStart, PeriodEnd = PeriodEnd, Cluster = "billing-prod", Sql = sql };
        return new AuditPipeline(policy, CatalogApprovalIndex.Build(catalog), options, new AuditLineParserOptions { QueryLogLimitBytes = policy.QueryLogLimit })
        {
            Threads = threads,
            QuarantineSink = quarantineSink,
            ReorderWindow = reorderWindow,
        };
    }

    private static async Task<List<byte[]>> ReadLinesAsync(string path)
    {
        List<byte[]> lines = [];
        await foreach (RawAuditLine line in new FileAuditLineSource(path).ReadLinesAsync(CancellationToken.None))
        {
            lines.Add(line.Bytes.ToArray());
        }

        return lines;
    }

    /// <summary>Lines from memory in the Aurora layout; optionally fails after some of them, like a damaged file.</summary>
    private sealed class ListSource(string name, IReadOnlyList<byte[]> lines, int failAfter = int.MaxValue, Action<int>? onLine = null, int firstLine = 1) : IAuditLineSource
    {
        public string Name => name;

        public async IAsyncEnumerable<RawAuditLine> ReadLinesAsync([EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await Task.Yield();
            for (int i = 0; i < lines.Count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (i == failAfter)
                {
                    throw new AuditInputException(name, $"'{name}' failed after line {i}.");
                }

                onLine?.Invoke(i + 1);
                yield return new RawAuditLine(lines[i], new SourcePosition(name, firstLine + i), "billing-prod-instance-1", AuditLogFormat.Aurora);
            }
        }
    }
}
