namespace QueryAudit.Core.Catalog;

/// <summary>
/// The file naming convention a migration follows, which decides how its version and direction are read.
/// </summary>
public enum MigrationStyle
{
    /// <summary>Flyway: <c>V1.2__desc.sql</c>, undo <c>U1.2__desc.sql</c>, repeatable <c>R__desc.sql</c>.</summary>
    Flyway,

    /// <summary>golang-migrate: <c>000012_desc.up.sql</c> and <c>000012_desc.down.sql</c>.</summary>
    GolangMigrate,

    /// <summary>A plain number followed by a separator and a description: <c>0003-desc.sql</c>, <c>012_desc.sql</c>.</summary>
    Numbered,
}
