using QueryAudit.Core.Audit;
using QueryAudit.Core.Catalog;
using QueryAudit.Core.Policy;
using QueryAudit.Core.Reconciliation;
using QueryAudit.Core.Reporting;
using QueryAudit.Sql;

namespace QueryAudit.Worker.Hosting;

/// <summary>
/// Policy, approved catalog and parser settings, loaded once when the service starts and shared by every source.
/// </summary>
internal sealed class ReconcileContext
{
    private ReconcileContext(AuditPolicy policy, ApprovedCatalog catalog, SqlNormalizerOptions sql, AuditLineParserOptions parser)
    {
        Policy = policy;
        Catalog = catalog;
        Approvals = CatalogApprovalIndex.Build(catalog);
        Sql = sql;
        Parser = parser;
    }

    public AuditPolicy Policy { get; }

    public ApprovedCatalog Catalog { get; }

    public ApprovalIndex Approvals { get; }

    public SqlNormalizerOptions Sql { get; }

    public AuditLineParserOptions Parser { get; }

    /// <summary>Loads the policy file and the catalog folder.</summary>
    /// <exception cref="PolicyException">The policy file is invalid.</exception>
    public static ReconcileContext Load(string policyFile, string catalogFolder)
    {
        AuditPolicy policy = PolicyLoader.Load(policyFile);
        SqlNormalizerOptions sql = SqlNormalizerOptions.Default with
        {
            ServerVersion = policy.ServerVersion,
            LogByteLimit = policy.QueryLogLimit,
        };
        ApprovedCatalog catalog = CatalogLoader.Load(catalogFolder, new CatalogOptions
        {
            SqlOptions = sql,
            MaxOperationWindow = policy.MaxOperationWindow,
            Reviewers = policy.Reviewers.ToDictionary(r => r.Name, r => r.Accounts, StringComparer.Ordinal),
        });
        AuditLineParserOptions parser = new()
        {
            LogTimeZone = ReportingPeriod.FindZone(policy.LogTimeZone),
            QueryLogLimitBytes = policy.QueryLogLimit,
        };
        return new ReconcileContext(policy, catalog, sql, parser);
    }
}
