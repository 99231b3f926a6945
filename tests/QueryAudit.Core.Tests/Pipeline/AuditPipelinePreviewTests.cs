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
/// <see cref="AuditPipeline.Preview"/> in the middle of the fixture rotation gives what a new pipeline over the lines
/// read so far gives when completed, and leaves the reading pipeline's own result unchanged.
/// </summary>
public class AuditPipelinePreviewTests
{
    // Prime, so that the previews fall at many positions inside statements and connections.
    private const int PreviewEvery = 3_001;

    private static string Fixtures => Path.Combine(RepositoryPaths.Root, "sql-fixtures");

    [Test]
    public async Task PreviewMidway_SameAsCompletedPrefix()
    {
        List<RawAuditLine> lines = [];
        foreach (IAuditLineSource file in AuditInputs.Expand([Path.Combine(Fixtures, "logs", "mariadb")]).Sources)
        {
            await foreach (RawAuditLine line in file.ReadLinesAsync(CancellationToken.None))
            {
                lines.Add(line with { Bytes = line.Bytes.ToArray() });
            }
        }

        AuditPipeline reading = CreatePipeline();
        List<(int Lines, string Preview)> previews = [];
        await reading.ReadAsync(new ListSource(lines, onLine: read =>
        {
            if (read % PreviewEvery == 0)
            {
                previews.Add((read, Summary(reading.Preview())));
            }
        }), CancellationToken.None);
        string whole = Summary(reading.Complete());

        Assert.That(previews, Has.Count.GreaterThan(10));
        foreach ((int read, string preview) in previews)
        {
            AuditPipeline prefix = CreatePipeline();
            await prefix.ReadAsync(new ListSource(lines.GetRange(0, read)), CancellationToken.None);
            Assert.That(preview, Is.EqualTo(Summary(prefix.Complete())), $"preview after {read} lines");
        }

        AuditPipeline uninterrupted = CreatePipeline();
        await uninterrupted.ReadAsync(new ListSource(lines), CancellationToken.None);
        Assert.That(whole, Is.EqualTo(Summary(uninterrupted.Complete())), "previews changed the reading pipeline's result");
        Assert.That(whole, Does.Contain("\"Kind\":\"failed_login_burst\""), "the fixture has a burst, which a preview must resolve");
    }

    private static string Summary(ReconciliationResult result) => JsonSerializer.Serialize(new
    {
        Findings = result.Findings.Select(f => new { f.Id, f.Kind, f.Severity, f.OccurredAt, f.Source, f.Reason, f.EventCount }),
        Approved = result.ApprovedExecutions.Select(a => new { a.ExecutedAt, a.Script, a.ScriptStatement, a.Run, a.Match, a.Source }),
        result.InformationalReads,
        result.AuditOffIntervals,
        result.Counters,
    });

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
        return new AuditPipeline(policy, CatalogApprovalIndex.Build(catalog), options, new AuditLineParserOptions { QueryLogLimitBytes = policy.QueryLogLimit });
    }

    /// <summary>Lines from memory; <c>onLine</c> gets the number of lines already yielded, before the next one.</summary>
    private sealed class ListSource(IReadOnlyList<RawAuditLine> lines, Action<int>? onLine = null) : IAuditLineSource
    {
        public string Name => "rotation";

        public async IAsyncEnumerable<RawAuditLine> ReadLinesAsync([EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await Task.Yield();
            for (int i = 0; i < lines.Count; i++)
            {
                onLine?.Invoke(i);
                yield return lines[i];
            }
        }
    }
}
