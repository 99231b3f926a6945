namespace QueryAudit.Core.Catalog;

/// <summary>
/// The two kinds of approved script, which differ in what approval evidence they need.
/// </summary>
public enum CatalogScriptKind
{
    /// <summary>A schema or data migration below the migrations folder; approved when merged, or by its header.</summary>
    Migration,

    /// <summary>A one-off data fix or batch job below the operations folder; approved only by its header.</summary>
    Operation,
}
