using System.Text.RegularExpressions;

namespace QueryAudit.Core.Catalog;

/// <summary>
/// The parts of a migration's file name: naming style, direction, version and description.
/// </summary>
/// <param name="Style">The naming convention the name matched.</param>
/// <param name="Direction">Forward, revert or repeatable.</param>
/// <param name="Version">The version; null only for Flyway repeatable migrations.</param>
/// <param name="Description">The description part with <c>_</c> and <c>-</c> kept as written; empty when the name has none.</param>
public sealed partial record MigrationName(MigrationStyle Style, MigrationDirection Direction, MigrationVersion? Version, string Description)
{
    /// <summary>
    /// Reads a migration file name (without folders). Returns null when the name follows none of the supported styles.
    /// </summary>
    /// <remarks>
    /// Flyway's default prefixes <c>V</c>, <c>U</c>, <c>R</c> and separator <c>__</c> are matched case-sensitively. A
    /// golang-migrate name needs the <c>.up.sql</c> or <c>.down.sql</c> suffix. Any other name that starts with digits is
    /// a plain numbered migration.
    /// </remarks>
    public static MigrationName? TryParse(string fileName)
    {
        ArgumentNullException.ThrowIfNull(fileName);

        Match flyway = FlywayPattern().Match(fileName);
        if (flyway.Success)
        {
            string prefix = flyway.Groups["prefix"].Value;
            string description = flyway.Groups["description"].Value;
            if (prefix == "R")
            {
                return flyway.Groups["version"].Success ? null : new MigrationName(MigrationStyle.Flyway, MigrationDirection.Repeatable, null, description);
            }

            MigrationVersion? version = flyway.Groups["version"].Success ? MigrationVersion.TryParse(flyway.Groups["version"].Value) : null;
            if (version is null)
            {
                return null;
            }

            MigrationDirection direction = prefix == "U" ? MigrationDirection.Down : MigrationDirection.Up;
            return new MigrationName(MigrationStyle.Flyway, direction, version, description);
        }

        Match golang = GolangMigratePattern().Match(fileName);
        if (golang.Success)
        {
            MigrationDirection direction = golang.Groups["direction"].Value == "up" ? MigrationDirection.Up : MigrationDirection.Down;
            MigrationVersion version = MigrationVersion.TryParse(golang.Groups["version"].Value)!;
            return new MigrationName(MigrationStyle.GolangMigrate, direction, version, golang.Groups["description"].Value);
        }

        Match numbered = NumberedPattern().Match(fileName);
        if (numbered.Success)
        {
            MigrationVersion version = MigrationVersion.TryParse(numbered.Groups["version"].Value)!;
            return new MigrationName(MigrationStyle.Numbered, MigrationDirection.Up, version, numbered.Groups["description"].Value);
        }

        return null;
    }

    [GeneratedRegex(@"^(?<prefix>[VUR])(?<version>[0-9][0-9._]*?)?__(?<description>.+)\.(?i:sql)$", RegexOptions.CultureInvariant)]
    private static partial Regex FlywayPattern();

    [GeneratedRegex(@"^(?<version>[0-9]+)_(?<description>.+)\.(?<direction>up|down)\.(?i:sql)$", RegexOptions.CultureInvariant)]
    private static partial Regex GolangMigratePattern();

    [GeneratedRegex(@"^(?<version>[0-9]+)(?:[-_.](?<description>.*?))?\.(?i:sql)$", RegexOptions.CultureInvariant)]
    private static partial Regex NumberedPattern();
}
