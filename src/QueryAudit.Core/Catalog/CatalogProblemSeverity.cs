namespace QueryAudit.Core.Catalog;

/// <summary>
/// How serious a catalog problem is.
/// </summary>
public enum CatalogProblemSeverity
{
    /// <summary>Worth fixing, but the script is still approved (for example a merge without a named approver).</summary>
    Warning,

    /// <summary>The script is not approved: the reconciler treats its statements as unapproved, and <c>catalog check</c> fails.</summary>
    Error,
}
