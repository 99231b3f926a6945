using Microsoft.Extensions.Time.Testing;
using NUnit.Framework;
using QueryAudit.Core.Catalog;

namespace QueryAudit.Core.Tests.Catalog;

public class ApprovalDriftTests
{
    private const string Script = "operations/OPS-9__reset_balance.sql";

    private const string Approved = """
        /* queryaudit
        ticket: OPS-9
        approved-by: k.suzuki
        executor: dba_bob
        window: 2026-12-05T04:00+09:00/2026-12-05T06:00+09:00
        target: billing-prod/billing
        */
        -- reset the balance finance confirmed
        UPDATE customers SET balance = 0.00 WHERE customer_id = 19;
        UPDATE customers SET balance = 0.00 WHERE customer_id = 20;
        """;

    private static readonly CatalogOptions Options = new()
    {
        TimeProvider = new FakeTimeProvider(new DateTimeOffset(2026, 12, 10, 0, 0, 0, TimeSpan.Zero)),
    };

    // Each row: the text that replaces the approved one in a later commit without an approver trailer, and the
    // expected problem (null when the approval must stand) with its line.
    [TestCase("-- reset the balance finance confirmed", "-- reset the balance finance confirmed (FIN-8812)", null, 0)]
    [TestCase("UPDATE customers SET balance = 0.00 WHERE customer_id = 19;", "update customers\n   set balance = 0.00\n where customer_id = 19;", null, 0)]
    [TestCase("purpose-free", "", null, 0)]
    [TestCase("customer_id = 20;", "customer_id = 21;", "statement 2 differs", 10)]
    [TestCase("balance = 0.00 WHERE customer_id = 19", "balance = 0.01 WHERE customer_id = 19", "statement 1 differs", 9)]
    [TestCase("UPDATE customers SET balance = 0.00 WHERE customer_id = 20;", "UPDATE customers SET balance = 0.00 WHERE customer_id = 20;\nDELETE FROM customers WHERE customer_id = 21;", "statement 3 was added", 11)]
    [TestCase("2026-12-05T06:00+09:00", "2026-12-06T06:00+09:00", "approval header changed", 1)]
    [TestCase("executor: dba_bob", "executor: [dba_bob, dba_carol]", "approval header changed", 1)]
    public void Load_ChangeAfterApprovedMerge_FlagsOnlyStatementChanges(string find, string replace, string? problem, int line)
    {
        using TempGitRepository repository = new();
        repository.Write(Script, Approved);
        repository.Commit("Add OPS-9\n\nApproved-by: k.suzuki", "Bob Kato", "2026-12-03T10:00:00+09:00");
        string edited = find == "purpose-free"
            ? Approved.Replace("target: billing-prod/billing", "target: billing-prod/billing\npurpose: finance request", StringComparison.Ordinal)
            : Approved.Replace(find, replace, StringComparison.Ordinal);
        Assert.That(edited, Is.Not.EqualTo(Approved), "the row must change the script");
        repository.Write(Script, edited);
        repository.Commit("Tidy OPS-9", "Bob Kato", "2026-12-04T10:00:00+09:00");

        ApprovedCatalog catalog = CatalogLoader.Load(repository.Root, Options);

        CatalogScript script = catalog.Scripts.Single();
        if (problem is null)
        {
            Assert.That(catalog.Problems, Is.Empty, string.Join("\n", catalog.Problems));
            Assert.That(script.IsApproved, Is.True);
            Assert.That(script.Approval!.Evidence, Is.EqualTo("header+git"));
            return;
        }

        CatalogProblem reported = catalog.Problems.Single();
        Assert.That(reported.Code, Is.EqualTo(CatalogProblemCodes.ChangedAfterApproval));
        Assert.That(reported.Message, Does.Contain(problem));
        Assert.That(reported.Line, Is.EqualTo(line));
        Assert.That(script.IsApproved, Is.False);
    }

    [Test]
    public void Load_UncommittedLiteralEdit_Flagged()
    {
        using TempGitRepository repository = new();
        repository.Write(Script, Approved);
        repository.Commit("Add OPS-9", "Bob Kato", "2026-12-03T10:00:00+09:00");
        repository.Write(Script, Approved.Replace("customer_id = 19", "customer_id = 18", StringComparison.Ordinal));

        ApprovedCatalog catalog = CatalogLoader.Load(repository.Root, Options);

        Assert.That(catalog.Problems.Single().Code, Is.EqualTo(CatalogProblemCodes.ChangedAfterApproval));
        Assert.That(catalog.Problems.Single().Line, Is.EqualTo(9));
        Assert.That(catalog.Scripts.Single().Provenance!.ModifiedInWorkingTree, Is.True);
    }

    [Test]
    public void Load_UncommittedCommentEdit_StaysApproved()
    {
        using TempGitRepository repository = new();
        repository.Write(Script, Approved);
        repository.Commit("Add OPS-9", "Bob Kato", "2026-12-03T10:00:00+09:00");
        repository.Write(Script, Approved.Replace("-- reset", "-- Reset", StringComparison.Ordinal));

        ApprovedCatalog catalog = CatalogLoader.Load(repository.Root, Options);

        Assert.That(catalog.Problems, Is.Empty, string.Join("\n", catalog.Problems));
        Assert.That(catalog.Scripts.Single().IsApproved, Is.True);
    }

    [Test]
    public void Load_MigrationMergedWithTrailer_ApprovedByGit()
    {
        using TempGitRepository repository = new();
        repository.Write("README.md", "scripts\n");
        repository.Commit("Start", "Aki Sato", "2026-12-01T09:00:00+09:00");
        repository.Git("checkout", "--quiet", "-b", "feature");
        repository.Write("migrations/V1__create.sql", "CREATE TABLE invoices (id INT PRIMARY KEY);\n");
        repository.Commit("Create invoices", "Bob Kato", "2026-12-02T09:00:00+09:00");
        repository.Git("checkout", "--quiet", "main");
        string merge = repository.Merge("feature", "Merge pull request #1\n\nReviewed-by: Hiro Tanaka <h.tanaka@example.com>", "Carol Mori", "2026-12-03T09:00:00+09:00");

        ApprovedCatalog catalog = CatalogLoader.Load(repository.Root, Options);

        CatalogScript script = catalog.Scripts.Single();
        Assert.That(catalog.Problems, Is.Empty, string.Join("\n", catalog.Problems));
        Assert.That(catalog.Commit, Is.EqualTo(merge));
        Assert.That(script.Approval!.Evidence, Is.EqualTo("git"));
        Assert.That(script.Approval.Approvers, Is.EqualTo((string[])["Hiro Tanaka"]));
        Assert.That(script.Approval.ApprovedCommit, Is.EqualTo(merge));
        Assert.That(script.Approval.ApprovedAt, Is.EqualTo(new DateTimeOffset(2026, 12, 3, 0, 0, 0, TimeSpan.Zero)));
    }

    [Test]
    public void Load_MigrationWithoutHeaderUncommitted_NoApprovalEvidence()
    {
        using TempGitRepository repository = new();
        repository.Write("README.md", "scripts\n");
        repository.Commit("Start", "Aki Sato", "2026-12-01T09:00:00+09:00");
        repository.Write("migrations/V1__create.sql", "CREATE TABLE invoices (id INT PRIMARY KEY);\n");

        ApprovedCatalog catalog = CatalogLoader.Load(repository.Root, Options);

        Assert.That(catalog.Problems.Select(p => p.Code), Is.EquivalentTo(new[] { CatalogProblemCodes.NoApprovalEvidence, CatalogProblemCodes.NotCommitted }));
        Assert.That(catalog.Scripts.Single().IsApproved, Is.False);
    }
}
