using System.Globalization;
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
/// Every reconciled statement of the fixture capture ends in exactly one outcome counter, so the report's population
/// rows add up to the statements reconciled.
/// </summary>
public class StatementOutcomeCountTests
{
    private static readonly DateTimeOffset PeriodStart = DateTimeOffset.Parse("2026-12-04T19:51:13.387Z", CultureInfo.InvariantCulture);
    private static readonly DateTimeOffset PeriodEnd = DateTimeOffset.Parse("2026-12-04T20:01:13.439Z", CultureInfo.InvariantCulture);

    private static string Fixtures => Path.Combine(RepositoryPaths.Root, "sql-fixtures");

    [TestCase("mariadb")]
    [TestCase("aurora")]
    public async Task FixtureCapture_OutcomesAddUpToStatements(string layout)
    {
        AuditPipeline pipeline = CreatePipeline();
        foreach (IAuditLineSource source in AuditInputs.Expand([Path.Combine(Fixtures, "logs", layout)]).Sources)
        {
            await pipeline.ReadAsync(source, CancellationToken.None);
        }

        ReconcileCounters counters = pipeline.Complete().Counters;
        long outcomes = counters.Approved + counters.Application + counters.System + counters.InformationalReads
            + counters.SessionOrTransaction + counters.Noise + counters.Bookkeeping + counters.StatementExceptions;

        Assert.That(counters.Statements, Is.GreaterThan(0));
        Assert.That(counters.StatementExceptions, Is.GreaterThan(0), "the capture holds unapproved statements");
        Assert.That(counters.SessionOrTransaction + counters.Noise, Is.GreaterThan(0), "the capture holds statements that need no approval");
        Assert.That(outcomes, Is.EqualTo(counters.Statements));
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
        ReconcileOptions options = new() { PeriodStart = PeriodStart, PeriodEnd = PeriodEnd, Cluster = "billing-prod", Sql = sql };
        return new AuditPipeline(policy, CatalogApprovalIndex.Build(catalog), options, new AuditLineParserOptions { QueryLogLimitBytes = policy.QueryLogLimit });
    }
}
