using NUnit.Framework;
using QueryAudit.Core.Catalog;

namespace QueryAudit.Core.Tests.Catalog;

public class MigrationNameTests
{
    [TestCase("V1__create_billing_core.sql", MigrationStyle.Flyway, MigrationDirection.Up, "1", "create_billing_core")]
    [TestCase("V1.2__add_index.sql", MigrationStyle.Flyway, MigrationDirection.Up, "1.2", "add_index")]
    [TestCase("V1_2__add_index.sql", MigrationStyle.Flyway, MigrationDirection.Up, "1_2", "add_index")]
    [TestCase("V001__create_billing_core.sql", MigrationStyle.Flyway, MigrationDirection.Up, "001", "create_billing_core")]
    [TestCase("V2026.12.04.1__hotfix.sql", MigrationStyle.Flyway, MigrationDirection.Up, "2026.12.04.1", "hotfix")]
    [TestCase("U1.2__add_index.sql", MigrationStyle.Flyway, MigrationDirection.Down, "1.2", "add_index")]
    [TestCase("R__refresh_views.sql", MigrationStyle.Flyway, MigrationDirection.Repeatable, null, "refresh_views")]
    [TestCase("V3__proc.SQL", MigrationStyle.Flyway, MigrationDirection.Up, "3", "proc")]
    [TestCase("000012_add_status.up.sql", MigrationStyle.GolangMigrate, MigrationDirection.Up, "000012", "add_status")]
    [TestCase("000012_add_status.down.sql", MigrationStyle.GolangMigrate, MigrationDirection.Down, "000012", "add_status")]
    [TestCase("20240131120000_create_users.up.sql", MigrationStyle.GolangMigrate, MigrationDirection.Up, "20240131120000", "create_users")]
    [TestCase("0003-add-notes.sql", MigrationStyle.Numbered, MigrationDirection.Up, "0003", "add-notes")]
    [TestCase("012_seed.sql", MigrationStyle.Numbered, MigrationDirection.Up, "012", "seed")]
    [TestCase("7.sql", MigrationStyle.Numbered, MigrationDirection.Up, "7", "")]
    public void TryParse_SupportedName_ReadsParts(string fileName, MigrationStyle style, MigrationDirection direction, string? version, string description)
    {
        MigrationName? name = MigrationName.TryParse(fileName);

        Assert.That(name, Is.Not.Null);
        Assert.That(name!.Style, Is.EqualTo(style));
        Assert.That(name.Direction, Is.EqualTo(direction));
        Assert.That(name.Version?.Text, Is.EqualTo(version));
        Assert.That(name.Description, Is.EqualTo(description));
    }

    [TestCase("create_tables.sql")]
    [TestCase("V__no_version.sql")]
    [TestCase("V1_no_double_underscore.sql")]
    [TestCase("V1.__trailing_dot.sql")]
    [TestCase("R1__repeatable_with_version.sql")]
    [TestCase("v1__lower_case_prefix.sql")]
    [TestCase("V1__desc.txt")]
    public void TryParse_UnsupportedName_ReturnsNull(string fileName)
    {
        Assert.That(MigrationName.TryParse(fileName), Is.Null);
    }

    [TestCase("1.9", "1.10", -1)]
    [TestCase("1", "1.0", 0)]
    [TestCase("001", "1", 0)]
    [TestCase("2", "10", -1)]
    [TestCase("1_2", "1.2", 0)]
    [TestCase("20240131120000", "20240131120001", -1)]
    [TestCase("99999999999999999999999", "100000000000000000000000", -1)]
    public void MigrationVersion_Compare_OrdersNumerically(string left, string right, int expected)
    {
        MigrationVersion a = MigrationVersion.TryParse(left)!;
        MigrationVersion b = MigrationVersion.TryParse(right)!;

        Assert.That(Math.Sign(a.CompareTo(b)), Is.EqualTo(expected));
        Assert.That(Math.Sign(b.CompareTo(a)), Is.EqualTo(-expected));
        Assert.That(a.Equals(b), Is.EqualTo(expected == 0));
        if (expected == 0)
        {
            Assert.That(a.GetHashCode(), Is.EqualTo(b.GetHashCode()));
        }
    }
}
