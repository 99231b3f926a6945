namespace QueryAudit.Core.Catalog;

/// <summary>
/// Whether a migration applies a change, reverts one, or is re-applied whenever it changes.
/// </summary>
public enum MigrationDirection
{
    /// <summary>A forward migration (Flyway <c>V</c>, golang-migrate <c>.up</c>, plain numbered files).</summary>
    Up,

    /// <summary>A revert (Flyway undo <c>U</c>, golang-migrate <c>.down</c>).</summary>
    Down,

    /// <summary>A Flyway repeatable migration (<c>R__</c>), which has no version.</summary>
    Repeatable,
}
