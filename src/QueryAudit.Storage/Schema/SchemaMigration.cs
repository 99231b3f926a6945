namespace QueryAudit.Storage.Schema;

/// <summary>
/// One step of a store's schema: applied once, in version order, and recorded in <c>schema_version</c>.
/// Published steps are never edited; a change is a new step.
/// </summary>
/// <param name="Version">1-based version the schema has after this step.</param>
/// <param name="Description">What the step adds, recorded with it.</param>
/// <param name="Statements">The DDL statements, run in order.</param>
internal sealed record SchemaMigration(int Version, string Description, IReadOnlyList<string> Statements);
