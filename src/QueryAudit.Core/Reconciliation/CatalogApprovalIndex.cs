using QueryAudit.Core.Catalog;

namespace QueryAudit.Core.Reconciliation;

/// <summary>
/// Builds the reconciler's <see cref="ApprovalIndex"/> from a loaded catalog. Scripts without approval evidence
/// (a malformed header, or a migration with neither header nor git provenance) contribute nothing, so their
/// statements are reported as unapproved.
/// </summary>
public static class CatalogApprovalIndex
{
    public static ApprovalIndex Build(ApprovedCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        List<ApprovedStatement> statements = [];
        foreach (CatalogScript script in catalog.Scripts)
        {
            if (script.Approval is not { } approval)
            {
                continue;
            }

            Approval converted = new()
            {
                Script = script.RelativePath,
                IsMigration = script.Kind == CatalogScriptKind.Migration,
                Ticket = approval.Ticket,
                Approvers = approval.Approvers,
                Executors = approval.Executors,
                WindowStart = approval.WindowStart,
                WindowEnd = approval.WindowEnd,
                WindowText = approval.FormatWindow(),
                ApprovedAt = approval.ApprovedAt,
                Targets = approval.Targets.Select(t => new ApprovalTarget(t.Cluster, t.Database)).ToList(),
                MaxRuns = approval.MaxRuns,
            };
            foreach (CatalogStatement statement in script.Statements)
            {
                statements.Add(new ApprovedStatement(converted, statement.Index, statement.Line, statement.Normalized));
            }
        }

        return new ApprovalIndex(statements);
    }
}
