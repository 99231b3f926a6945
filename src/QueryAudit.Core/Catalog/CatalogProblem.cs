namespace QueryAudit.Core.Catalog;

/// <summary>
/// One problem found while loading a catalog, pointing at a file and line.
/// </summary>
/// <param name="File">Catalog-relative path with <c>/</c> separators; empty for a problem with the catalog as a whole.</param>
/// <param name="Line">1-based line in the file; 0 when the problem concerns the whole file or catalog.</param>
/// <param name="Severity">Whether the problem voids the script's approval.</param>
/// <param name="Code">Stable kebab-case identifier from <see cref="CatalogProblemCodes"/>, for machines.</param>
/// <param name="Message">What is wrong and how to fix it, in words.</param>
public sealed record CatalogProblem(string File, int Line, CatalogProblemSeverity Severity, string Code, string Message)
{
    /// <summary>Formats the problem as <c>file:line: message</c>, the form editors and CI annotators link to the line.</summary>
    public override string ToString() => $"{File}:{Line}: {Message}";
}
