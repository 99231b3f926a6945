using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
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
/// <see cref="AuditPipeline.ReorderWindow"/> puts a table record that CloudWatch Logs delivered after later records of
/// its instance back before its QUERY record, even when another instance was read first up to a later time, as the
/// CloudWatch source does when it reads one stream's window after another's.
/// </summary>
public class AuditPipelineReorderTests
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(8);

    // 2026-12-04T10:00:00Z in epoch microseconds.
    private const long Start = 1_796_378_400_000_000;

    private static string Fixtures => Path.Combine(RepositoryPaths.Root, "sql-fixtures");

    [TestCase(0)]
    [TestCase(10)]
    [TestCase(60)]
    public async Task Reorder_LateTableRecord_JoinsItsQuery(int otherInstanceMinutes)
    {
        // Instance 1 is read first, up to otherInstanceMinutes past the start, as a whole CloudWatch window of its stream.
        List<RawAuditLine> lines = [.. Enumerable.Range(0, otherInstanceMinutes + 1).Select(m => Query("instance-1", Start + (m * 60_000_000L), 3, 100 + m))];

        // Instance 2 wrote WRITE 11, QUERY 11, WRITE 12, QUERY 12, because MariaDB logs table records first.
        // The first WRITE was ingested late, so CloudWatch Logs delivers it last.
        long first = Start + 1_000_000;
        lines.Add(Query("instance-2", first + 1, 7, 11));
        lines.Add(Write("instance-2", first + 2, 7, 12));
        lines.Add(Query("instance-2", first + 3, 7, 12));
        lines.Add(Write("instance-2", first, 7, 11));

        AuditPipeline pipeline = CreatePipeline();
        await pipeline.ReadAsync(new ListSource(lines), CancellationToken.None);
        ReconciliationResult result = pipeline.Complete();

        Assert.That(pipeline.AssemblerCounts.OrphanTableRecords, Is.Zero);
        Assert.That(pipeline.AssemblerCounts.JoinedTableRecords, Is.EqualTo(2));
        Assert.That(result.Counters.OrphanTableRecords, Is.Zero);
        Assert.That(result.Counters.Statements, Is.EqualTo(otherInstanceMinutes + 1 + 2));
    }

    [Test]
    public async Task Reorder_BeyondWindow_StaysOrphan()
    {
        // The window is measured against the newest record of the same instance. A table record that comes after its
        // instance has moved on by more than the window is assembled where it comes, so it misses its QUERY record.
        List<RawAuditLine> lines =
        [
            Query("instance-2", Start + 1, 7, 11),
            Query("instance-2", Start + 2, 7, 12),
            Query("instance-2", Start + (long)(Window + TimeSpan.FromMinutes(1)).TotalMicroseconds, 7, 13),
            Write("instance-2", Start, 7, 11),
        ];

        AuditPipeline pipeline = CreatePipeline();
        await pipeline.ReadAsync(new ListSource(lines), CancellationToken.None);
        ReconciliationResult result = pipeline.Complete();

        Assert.That(pipeline.AssemblerCounts.OrphanTableRecords, Is.EqualTo(1));
        Assert.That(result.Counters.OrphanTableRecords, Is.EqualTo(1));
    }

    private static RawAuditLine Query(string instance, long micros, long connection, long query) =>
        Line(instance, micros, connection, query, $"QUERY,billing,'UPDATE invoices SET paid = 1 WHERE id = {query}',0");

    private static RawAuditLine Write(string instance, long micros, long connection, long query) =>
        Line(instance, micros, connection, query, "WRITE,billing,invoices,");

    private static RawAuditLine Line(string instance, long micros, long connection, long query, string rest)
    {
        string text = string.Create(CultureInfo.InvariantCulture, $"{micros},{instance},app,10.0.0.5,{connection},{query},{rest}");
        return new RawAuditLine(Encoding.UTF8.GetBytes(text), new SourcePosition("cloudwatch:billing-prod", 0, text), instance, AuditLogFormat.Aurora);
    }

    private static AuditPipeline CreatePipeline()
    {
        AuditPolicy policy = PolicyLoader.Load(Path.Combine(Fixtures, "policy.yaml"));
        SqlNormalizerOptions sql = SqlNormalizerOptions.Default with { ServerVersion = policy.ServerVersion, LogByteLimit = policy.QueryLogLimit };
        ApprovedCatalog catalog = CatalogLoader.Load(Path.Combine(Fixtures, "catalog"), new CatalogOptions
        {
            SqlOptions = sql,
            MaxOperationWindow = policy.MaxOperationWindow,
            Reviewers = policy.Reviewers.ToDictionary(r => r.Name, r => r.Accounts, StringComparer.Ordinal),
        });
        ReconcileOptions options = new() { PeriodStart = DateTimeOffset.MinValue, PeriodEnd = DateTimeOffset.MaxValue, Cluster = "billing-prod", Sql = sql };
        return new AuditPipeline(policy, CatalogApprovalIndex.Build(catalog), options, new AuditLineParserOptions { QueryLogLimitBytes = policy.QueryLogLimit })
        {
            ReorderWindow = Window,
        };
    }

    private sealed class ListSource(IReadOnlyList<RawAuditLine> lines) : IAuditLineSource
    {
        public string Name => "cloudwatch:billing-prod";

        public async IAsyncEnumerable<RawAuditLine> ReadLinesAsync([EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await Task.Yield();
            foreach (RawAuditLine line in lines)
            {
                cancellationToken.ThrowIfCancellationRequested();
                yield return line;
            }
        }
    }
}
