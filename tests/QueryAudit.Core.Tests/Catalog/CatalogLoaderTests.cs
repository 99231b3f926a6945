using System.Diagnostics;
using Microsoft.Extensions.Time.Testing;
using NUnit.Framework;
using QueryAudit.Core.Catalog;
using QueryAudit.Sql;

namespace QueryAudit.Core.Tests.Catalog;

public class CatalogLoaderTests
{
    private const string MigrationHeader = "/* queryaudit\napproved-by: h.tanaka\napproved-at: 2026-12-01T09:00+09:00\n*/\n";

    private const string OperationHeader = """
        /* queryaudit
        ticket: OPS-2026-1301
        approved-by: [k.suzuki]
        executor: [dba_bob]
        window: 2026-12-05T04:00+09:00/2026-12-05T06:00+09:00
        target: billing-prod/billing
        */

        """;

    private static readonly CatalogOptions Options = new()
    {
        TimeProvider = new FakeTimeProvider(new DateTimeOffset(2026, 12, 10, 0, 0, 0, TimeSpan.Zero)),
        ReadGitProvenance = false,
    };

    [TestCase("V001__create_billing_core.sql", 4)]
    [TestCase("V002__invoice_status_and_indexes.sql", 6)]
    [TestCase("V003__proc_close_overdue_invoices.sql", 2)]
    [TestCase("V004__seed_reference_data.sql", 3)]
    [TestCase("OPS-2026-1201__fix_negative_balances.sql", 1)]
    [TestCase("OPS-2026-1202__void_invoice_1042.sql", 4)]
    [TestCase("OPS-2026-1203__archive_paid_invoices_2025q1.sql", 2)]
    [TestCase("OPS-2026-1204__rename_customer_7_jp.sql", 2)]
    [TestCase("OPS-2026-1205__customer_12_contact_notes.sql", 2)]
    [TestCase("OPS-2026-1206__close_overdue_invoices.sql", 2)]
    public void Load_Fixture_StatementCountsMatchScripts(string fileName, int statements)
    {
        ApprovedCatalog catalog = CatalogLoader.Load(CatalogFixture.Directory, Options);

        CatalogScript script = catalog.Scripts.Single(s => s.RelativePath.EndsWith("/" + fileName, StringComparison.Ordinal));
        Assert.That(script.Statements, Has.Count.EqualTo(statements));
        Assert.That(script.IsApproved, Is.True);
    }

    [Test]
    public void Load_Fixture_HasNoProblems()
    {
        ApprovedCatalog catalog = CatalogLoader.Load(CatalogFixture.Directory, Options);

        Assert.That(catalog.Problems, Is.Empty, string.Join("\n", catalog.Problems));
        Assert.That(catalog.Scripts, Has.Count.EqualTo(10));
        Assert.That(catalog.Scripts.Select(s => Path.GetFileName(s.RelativePath)[..4]), Is.EqualTo((string[])["V001", "V002", "V003", "V004", "OPS-", "OPS-", "OPS-", "OPS-", "OPS-", "OPS-"]));
        Assert.That(catalog.ContentHash, Has.Length.EqualTo(64));
    }

    [Test]
    public void Load_SharedCorpusCatalog_MatchesFixture()
    {
        string fixture = CatalogFixture.Directory;
        string shared = Path.GetFullPath(Path.Combine(fixture, "..", "..", "..", "shared", "corpus", "real-mariadb", "approved"));
        if (!Directory.Exists(shared))
        {
            Assert.Ignore($"The shared corpus catalog is not at {shared}; the fixture copy in sql-fixtures/catalog is tested instead.");
        }

        ApprovedCatalog catalog = CatalogLoader.Load(shared, Options);
        ApprovedCatalog copy = CatalogLoader.Load(fixture, Options);

        Assert.That(catalog.Problems, Is.Empty, string.Join("\n", catalog.Problems));
        Assert.That(catalog.Scripts.Select(s => (s.RelativePath, s.Statements.Count)), Is.EqualTo(copy.Scripts.Select(s => (s.RelativePath, s.Statements.Count))));
        Assert.That(catalog.Statements.Select(s => s.ExactHash), Is.EqualTo(copy.Statements.Select(s => s.ExactHash)));
    }

    [Test]
    public void Load_FixtureWithGit_HasNoErrors()
    {
        ApprovedCatalog catalog = CatalogLoader.Load(CatalogFixture.Directory, Options with { ReadGitProvenance = true });

        Assert.That(catalog.HasErrors, Is.False, string.Join("\n", catalog.Problems));
        Assert.That(catalog.Scripts, Has.Count.EqualTo(10));
        Assert.That(catalog.Scripts.All(s => s.IsApproved), Is.True);
        Assert.That(catalog.Scripts[0].Approval!.ApprovedAt, Is.EqualTo(new DateTimeOffset(2026, 12, 4, 9, 0, 0, TimeSpan.Zero)), "the header's approved-at wins");
        Assert.That(catalog.Scripts.Where(s => s.Kind == CatalogScriptKind.Operation).Select(s => s.Approval!.ApprovedAt), Is.All.Null);
    }

    [Test]
    public void Load_FixtureProcedure_IsSplitFromDrop()
    {
        ApprovedCatalog catalog = CatalogLoader.Load(CatalogFixture.Directory, Options);
        CatalogScript v003 = catalog.Scripts.Single(s => s.RelativePath == "migrations/V003__proc_close_overdue_invoices.sql");

        Assert.That(v003.Statements[0].Normalized.ExactForm, Does.StartWith("DROP PROCEDURE IF EXISTS"));
        Assert.That(v003.Statements[0].Line, Is.EqualTo(11));
        Assert.That(v003.Statements[1].Normalized.ExactForm, Does.StartWith("CREATE PROCEDURE"));
        Assert.That(v003.Statements[1].Text, Does.EndWith("END"));
        Assert.That(v003.Statements[1].Line, Is.EqualTo(14));
        Assert.That(v003.Approval!.Ticket, Is.EqualTo("DBCHG-4103"));
        Assert.That(v003.Approval.ApprovedAt, Is.EqualTo(new DateTimeOffset(2026, 12, 4, 9, 0, 0, TimeSpan.Zero)));
    }

    [TestCase("close_overdue_invoices")]
    [TestCase("CLOSE_OVERDUE_INVOICES")]
    [TestCase("`close_overdue_invoices`")]
    [TestCase("billing.close_overdue_invoices")]
    public void FindRoutineDefinitions_Fixture_FindsCreateProcedure(string routine)
    {
        ApprovedCatalog catalog = CatalogLoader.Load(CatalogFixture.Directory, Options);

        IReadOnlyList<CatalogStatement> definitions = catalog.FindRoutineDefinitions(routine);

        Assert.That(definitions, Has.Count.EqualTo(1));
        Assert.That(definitions[0].ToString(), Is.EqualTo("migrations/V003__proc_close_overdue_invoices.sql#2"));
    }

    [Test]
    public void FindByExactHash_LoggedSpelling_FindsStatement()
    {
        ApprovedCatalog catalog = CatalogLoader.Load(CatalogFixture.Directory, Options);
        NormalizedStatement logged = SqlNormalizer.Normalize(
            "update customers set balance = 0.00 where customer_id in (19, 20, 116, 117) and balance < 0");

        IReadOnlyList<CatalogStatement> found = catalog.FindByExactHash(logged.ExactHash);

        Assert.That(found.Select(s => s.ToString()), Is.EqualTo((string[])["operations/OPS-2026-1201__fix_negative_balances.sql#1"]));
        Assert.That(catalog.FindByTemplateHash(logged.TemplateHash), Has.Count.GreaterThanOrEqualTo(1));
        Assert.That(catalog.FindByExactHash("0000"), Is.Empty);
    }

    [Test]
    public void Load_EveryNamingStyle_OrdersByVersion()
    {
        using TempCatalog folder = new TempCatalog()
            .Write("migrations/flyway/V1.10__later.sql", MigrationHeader + "CREATE TABLE b (id INT);")
            .Write("migrations/flyway/V1.9__earlier.sql", MigrationHeader + "CREATE TABLE a (id INT);")
            .Write("migrations/flyway/U1.9__earlier.sql", MigrationHeader + "DROP TABLE a;")
            .Write("migrations/flyway/R__views.sql", MigrationHeader + "CREATE OR REPLACE VIEW v AS SELECT 1;")
            .Write("migrations/golang/000012_add_status.up.sql", MigrationHeader + "ALTER TABLE a ADD COLUMN s INT;")
            .Write("migrations/golang/000012_add_status.down.sql", MigrationHeader + "ALTER TABLE a DROP COLUMN s;")
            .Write("migrations/plain/0003-add-notes.sql", MigrationHeader + "CREATE TABLE notes (id INT);")
            .Write("migrations/README.md", "not a script")
            .Write("migrations/.backup/V9__old.sql", "DROP TABLE everything;")
            .Write("operations/2026/12/fix.sql", OperationHeader + "UPDATE a SET id = 2 WHERE id = 1;")
            .Write("operations/2026/11/fix.sql", OperationHeader + "UPDATE a SET id = 3 WHERE id = 1;");

        ApprovedCatalog catalog = CatalogLoader.Load(folder.Root, Options);

        Assert.That(catalog.Problems, Is.Empty, string.Join("\n", catalog.Problems));
        Assert.That(catalog.Scripts.Select(s => s.RelativePath), Is.EqualTo((string[])
        [
            "migrations/flyway/V1.9__earlier.sql",
            "migrations/flyway/U1.9__earlier.sql",
            "migrations/flyway/V1.10__later.sql",
            "migrations/plain/0003-add-notes.sql",
            "migrations/golang/000012_add_status.up.sql",
            "migrations/golang/000012_add_status.down.sql",
            "migrations/flyway/R__views.sql",
            "operations/2026/11/fix.sql",
            "operations/2026/12/fix.sql",
        ]));
        Assert.That(catalog.Scripts[0].Migration!.Style, Is.EqualTo(MigrationStyle.Flyway));
        Assert.That(catalog.Scripts[4].Migration!.Style, Is.EqualTo(MigrationStyle.GolangMigrate));
        Assert.That(catalog.Scripts[3].Migration!.Style, Is.EqualTo(MigrationStyle.Numbered));
        Assert.That(catalog.Scripts[7].Kind, Is.EqualTo(CatalogScriptKind.Operation));
        Assert.That(catalog.Scripts[7].Description, Is.EqualTo("fix"));
    }

    [Test]
    public void Load_DuplicateVersion_ReportsBothFiles()
    {
        using TempCatalog folder = new TempCatalog()
            .Write("migrations/V2__a.sql", MigrationHeader + "CREATE TABLE a (id INT);")
            .Write("migrations/0002_b.sql", MigrationHeader + "CREATE TABLE b (id INT);");

        ApprovedCatalog catalog = CatalogLoader.Load(folder.Root, Options);

        Assert.That(catalog.Problems.Select(p => (p.File, p.Code)), Is.EquivalentTo(new[]
        {
            ("migrations/0002_b.sql", CatalogProblemCodes.DuplicateMigrationVersion),
            ("migrations/V2__a.sql", CatalogProblemCodes.DuplicateMigrationVersion),
        }));
        Assert.That(catalog.Scripts.All(s => !s.IsApproved), Is.True);
    }

    // Each row: a script body (after a valid header), the statements expected, and the first line of each.
    [TestCase(
        "DELIMITER //\nCREATE TRIGGER trg_notes_bi BEFORE INSERT ON customer_notes\nFOR EACH ROW\nBEGIN\n  IF NEW.note = '' THEN\n    SET NEW.note = 'n/a';\n  END IF;\nEND//\nDELIMITER ;\nINSERT INTO customer_notes (customer_id, note, created_by) VALUES (1, '', 'x');",
        new[] { "CREATE TRIGGER", "INSERT INTO" }, new[] { 9, 17 })]
    [TestCase(
        "DELIMITER $$\nDROP PROCEDURE IF EXISTS p$$\nCREATE PROCEDURE p()\nBEGIN\n  SELECT 1;\n  SELECT 2;\nEND$$\nDELIMITER ;\nCALL p();",
        new[] { "DROP PROCEDURE", "CREATE PROCEDURE", "CALL" }, new[] { 9, 10, 16 })]
    [TestCase(
        "CREATE EVENT ev_purge ON SCHEDULE EVERY 1 DAY DO\nBEGIN\n  DELETE FROM sessions WHERE expires_at < NOW();\nEND;",
        new[] { "CREATE EVENT" }, new[] { 8 })]
    [TestCase(
        "UPDATE notes SET body = 'a; b' WHERE id = 1; -- trailing; comment\nUPDATE `order` SET `note;` = \"x;y\" WHERE id = 2;",
        new[] { "UPDATE", "UPDATE" }, new[] { 8, 9 })]
    [TestCase(
        "/*!40101 SET NAMES utf8mb4 */;\n/* a comment; with a semicolon */\nUPDATE notes SET body = 'x' WHERE id = 1;",
        new[] { "SET NAMES", "UPDATE" }, new[] { 8, 10 })]
    public void Load_ScriptWithStoredPrograms_SplitsStatements(string body, string[] starts, int[] lines)
    {
        using TempCatalog folder = new TempCatalog().Write("operations/ops.sql", OperationHeader + body);

        ApprovedCatalog catalog = CatalogLoader.Load(folder.Root, Options);

        CatalogScript script = catalog.Scripts.Single();
        Assert.That(catalog.Problems, Is.Empty, string.Join("\n", catalog.Problems));
        Assert.That(script.Statements, Has.Count.EqualTo(starts.Length));
        for (int i = 0; i < starts.Length; i++)
        {
            Assert.That(script.Statements[i].Normalized.ExactForm, Does.StartWith(starts[i]), $"statement {i + 1}");
            Assert.That(script.Statements[i].Line, Is.EqualTo(lines[i]), $"line of statement {i + 1}");
            Assert.That(script.Statements[i].Index, Is.EqualTo(i + 1));
        }
    }

    [Test]
    public void Load_UnterminatedString_ReportsIncompleteStatement()
    {
        using TempCatalog folder = new TempCatalog().Write("operations/ops.sql", OperationHeader + "UPDATE notes SET body = 'x WHERE id = 1;\n");

        ApprovedCatalog catalog = CatalogLoader.Load(folder.Root, Options);

        CatalogProblem problem = catalog.Problems.Single();
        Assert.That(problem.Code, Is.EqualTo(CatalogProblemCodes.IncompleteStatement));
        Assert.That(problem.Line, Is.EqualTo(8));
        Assert.That(catalog.Scripts.Single().IsApproved, Is.False);
    }

    [Test]
    public void Load_HeaderOnlyScript_WarnsNoStatements()
    {
        using TempCatalog folder = new TempCatalog().Write("operations/ops.sql", OperationHeader + "-- nothing yet\n");

        ApprovedCatalog catalog = CatalogLoader.Load(folder.Root, Options);

        Assert.That(catalog.Problems.Single().Code, Is.EqualTo(CatalogProblemCodes.NoStatements));
        Assert.That(catalog.Problems.Single().Severity, Is.EqualTo(CatalogProblemSeverity.Warning));
        Assert.That(catalog.Scripts.Single().IsApproved, Is.True);
    }

    [Test]
    public void Load_InvalidUtf8_ReportsUnreadableFile()
    {
        using TempCatalog folder = new TempCatalog().WriteBytes("operations/ops.sql", [0x55, 0x50, 0x44, 0xC3, 0x28, 0x3B]);

        ApprovedCatalog catalog = CatalogLoader.Load(folder.Root, Options);

        Assert.That(catalog.Problems.Single().Code, Is.EqualTo(CatalogProblemCodes.UnreadableFile));
        Assert.That(catalog.Problems.Single().Message, Does.Contain("offset 3"));
    }

    [Test]
    public void Load_UnrecognisedMigrationName_ReportsError()
    {
        using TempCatalog folder = new TempCatalog().Write("migrations/create_tables.sql", MigrationHeader + "CREATE TABLE a (id INT);");

        ApprovedCatalog catalog = CatalogLoader.Load(folder.Root, Options);

        Assert.That(catalog.Problems.Single().Code, Is.EqualTo(CatalogProblemCodes.UnrecognisedMigrationName));
        Assert.That(catalog.Scripts.Single().Migration, Is.Null);
    }

    [Test]
    public void Load_StrayScriptAtRoot_Warns()
    {
        using TempCatalog folder = new TempCatalog()
            .Write("fix.sql", "UPDATE a SET b = 1;")
            .Write("operations/ops.sql", OperationHeader + "UPDATE a SET b = 2;");

        ApprovedCatalog catalog = CatalogLoader.Load(folder.Root, Options);

        Assert.That(catalog.Problems.Single().Code, Is.EqualTo(CatalogProblemCodes.StrayScript));
        Assert.That(catalog.Scripts, Has.Count.EqualTo(1));
    }

    [Test]
    public void Load_MissingFolder_ReportsError()
    {
        ApprovedCatalog catalog = CatalogLoader.Load(Path.Combine(Path.GetTempPath(), "queryaudit-missing-" + Guid.NewGuid().ToString("N")), Options);

        Assert.That(catalog.Problems.Single().Code, Is.EqualTo(CatalogProblemCodes.FolderNotFound));
        Assert.That(catalog.HasErrors, Is.True);
        Assert.That(catalog.Scripts, Is.Empty);
    }

    [Test]
    public void Load_CustomFolderNames_FindsScripts()
    {
        using TempCatalog folder = new TempCatalog()
            .Write("schema/V1__a.sql", MigrationHeader + "CREATE TABLE a (id INT);")
            .Write("runbooks/fix.sql", OperationHeader + "UPDATE a SET id = 2;");

        ApprovedCatalog catalog = CatalogLoader.Load(folder.Root, Options with { MigrationsFolder = "schema", OperationsFolder = "runbooks" });

        Assert.That(catalog.Problems, Is.Empty);
        Assert.That(catalog.Scripts.Select(s => s.Kind), Is.EqualTo(new[] { CatalogScriptKind.Migration, CatalogScriptKind.Operation }));
    }

    [Test]
    public void ContentHash_ChangesWithAnyByte()
    {
        using TempCatalog folder = new TempCatalog().Write("operations/ops.sql", OperationHeader + "UPDATE a SET b = 1;");
        string before = CatalogLoader.Load(folder.Root, Options).ContentHash;

        folder.Write("operations/ops.sql", OperationHeader + "UPDATE a SET b = 1; -- reviewed");
        string after = CatalogLoader.Load(folder.Root, Options).ContentHash;

        Assert.That(after, Is.Not.EqualTo(before));
    }

    [Test]
    public void ContentHash_MatchesShellRecipe()
    {
        if (!File.Exists("/bin/sh") || !File.Exists("/usr/bin/sha256sum"))
        {
            Assert.Ignore("The shell recipe needs /bin/sh and sha256sum (GNU coreutils).");
        }

        ApprovedCatalog catalog = CatalogLoader.Load(CatalogFixture.Directory, Options);
        ProcessStartInfo start = new("/bin/sh")
        {
            WorkingDirectory = CatalogFixture.Directory,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("find migrations operations -iname '*.sql' -not -path '*/.*' -print0 | LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum");

        using Process process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();

        Assert.That(output.Split(' ')[0], Is.EqualTo(catalog.ContentHash));
    }
}
