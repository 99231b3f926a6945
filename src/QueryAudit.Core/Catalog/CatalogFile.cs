namespace QueryAudit.Core.Catalog;

/// <summary>
/// A script file found below the catalog root, before it is read.
/// </summary>
internal sealed record CatalogFile(string FullPath, string RelativePath, CatalogScriptKind Kind);
