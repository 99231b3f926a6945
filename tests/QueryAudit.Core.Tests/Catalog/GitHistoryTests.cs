using NUnit.Framework;
using QueryAudit.Core.Catalog;
using QueryAudit.Core.Catalog.Git;

namespace QueryAudit.Core.Tests.Catalog;

public class GitHistoryTests
{
    private const string V1 = "migrations/V1__create_invoices.sql";
    private const string V2 = "migrations/V2__add_status.sql";
    private const string Ops = "operations/OPS-7__void_invoice.sql";

    private TempGitRepository repository = null!;
    private string initial = "";
    private string feature = "";
    private string featureComment = "";
    private string merge = "";
    private string hotfixComment = "";

    [OneTimeSetUp]
    public void BuildRepository()
    {
        repository = new TempGitRepository();
        repository.Write("README.md", "scripts\n");
        repository.Write("db/" + V1, "CREATE TABLE invoices (id INT PRIMARY KEY);\n");
        initial = repository.Commit("Create invoices", "Aki Sato", "2026-12-01T10:00:00+09:00");

        repository.Git("checkout", "--quiet", "-b", "feature/status");
        repository.Write("db/" + V2, "-- add status\nALTER TABLE invoices ADD COLUMN status VARCHAR(8) NOT NULL DEFAULT 'OPEN';\n");
        repository.Write("db/" + Ops, "/* queryaudit\nticket: OPS-7\napproved-by: k.suzuki\nexecutor: dba_bob\nwindow: 2026-12-05T04:00+09:00/PT2H\ntarget: billing-prod/billing\n*/\nUPDATE invoices SET status = 'VOID' WHERE id = 1042;\n");
        feature = repository.Commit("Add invoice status\n\nCo-authored-by: Dana Ito <dana.ito@example.com>", "Bob Kato", "2026-12-02T10:00:00+09:00");
        repository.Write("db/" + V2, "-- add status (OPEN, PAID, VOID)\nALTER TABLE invoices ADD COLUMN status VARCHAR(8) NOT NULL DEFAULT 'OPEN';\n");
        featureComment = repository.Commit("Explain status values", "Bob Kato", "2026-12-02T11:00:00+09:00");

        repository.Git("checkout", "--quiet", "main");
        merge = repository.Merge(
            "feature/status",
            "Merge pull request #7 from feature/status\n\nApproved-by: Kenji Suzuki <k.suzuki@example.com>\nReviewed-by: h.tanaka",
            "Carol Mori",
            "2026-12-03T09:00:00+09:00");

        repository.Write("db/" + V2, "-- add status; values OPEN, PAID, VOID\nALTER TABLE invoices ADD COLUMN status VARCHAR(8) NOT NULL DEFAULT 'OPEN';\n");
        hotfixComment = repository.Commit("Reword a comment", "Aki Sato", "2026-12-04T10:00:00+09:00");

        // Working-tree state: one edited script and one new, untracked one.
        repository.Write("db/" + V1, "CREATE TABLE invoices (id BIGINT PRIMARY KEY);\n");
        repository.Write("db/operations/OPS-8__draft.sql", "UPDATE invoices SET status = 'PAID' WHERE id = 7;\n");
    }

    [OneTimeTearDown]
    public void DeleteRepository() => repository.Dispose();

    [Test]
    public void TryOpen_OutsideRepository_ReturnsNull()
    {
        string folder = Path.Combine(Path.GetTempPath(), "queryaudit-nogit-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            List<CatalogProblem> problems = [];

            Assert.That(GitHistory.TryOpen(folder, CatalogOptions.Default, problems), Is.Null);
            Assert.That(problems, Is.Empty);
        }
        finally
        {
            Directory.Delete(folder);
        }
    }

    [Test]
    public void TryOpen_MissingGitExecutable_Warns()
    {
        List<CatalogProblem> problems = [];
        CatalogOptions options = CatalogOptions.Default with { GitExecutable = "/nonexistent/git" };

        GitHistory? history = GitHistory.TryOpen(Path.Combine(repository.Root, "db"), options, problems);

        Assert.That(history, Is.Null);
        Assert.That(problems.Single().Code, Is.EqualTo(CatalogProblemCodes.GitUnavailable));
        Assert.That(problems.Single().Severity, Is.EqualTo(CatalogProblemSeverity.Warning));
    }

    [Test]
    public void HeadCommit_IsHead()
    {
        Assert.That(Open().HeadCommit, Is.EqualTo(hotfixComment));
    }

    [Test]
    public void Read_DirectCommit_LandsItself()
    {
        ScriptProvenance provenance = Open().Read(V1);

        Assert.That(provenance.Committed, Is.True);
        Assert.That(provenance.ModifiedInWorkingTree, Is.True);
        Assert.That(provenance.Added!.Sha, Is.EqualTo(initial));
        Assert.That(provenance.LastChanged!.Sha, Is.EqualTo(initial));
        Assert.That(provenance.Merge!.Sha, Is.EqualTo(initial));
        Assert.That(provenance.ApprovedCommit!.Sha, Is.EqualTo(initial));
        Assert.That(provenance.Approvers, Is.Empty);
        Assert.That(provenance.Added.AuthorName, Is.EqualTo("Aki Sato"));
        Assert.That(provenance.Added.AuthorEmail, Is.EqualTo("aki.sato@example.com"));
        Assert.That(provenance.Added.AuthoredAt, Is.EqualTo(new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.FromHours(9))));
    }

    [Test]
    public void Read_MergedScript_HasMergeAndApprovers()
    {
        ScriptProvenance provenance = Open().Read(Ops);

        Assert.That(provenance.Committed, Is.True);
        Assert.That(provenance.ModifiedInWorkingTree, Is.False);
        Assert.That(provenance.Added!.Sha, Is.EqualTo(feature));
        Assert.That(provenance.LastChanged!.Sha, Is.EqualTo(feature));
        Assert.That(provenance.Merge!.Sha, Is.EqualTo(merge));
        Assert.That(provenance.Merge.IsMerge, Is.True);
        Assert.That(provenance.Merge.CommitterName, Is.EqualTo("Carol Mori"));
        Assert.That(provenance.Merge.CommittedAt, Is.EqualTo(new DateTimeOffset(2026, 12, 3, 9, 0, 0, TimeSpan.FromHours(9))));
        Assert.That(provenance.ApprovedCommit!.Sha, Is.EqualTo(merge));
        Assert.That(provenance.Approvers.Select(a => (a.Name, a.Email, a.Trailer, a.CommitSha)), Is.EqualTo(new[]
        {
            ("Kenji Suzuki", (string?)"k.suzuki@example.com", "Approved-by", merge),
            ("h.tanaka", null, "Reviewed-by", merge),
            ("Dana Ito", "dana.ito@example.com", "Co-authored-by", feature),
        }));
    }

    [Test]
    public void Read_ChangedAfterMerge_KeepsApprovingMerge()
    {
        ScriptProvenance provenance = Open().Read(V2);

        Assert.That(provenance.Added!.Sha, Is.EqualTo(feature));
        Assert.That(provenance.LastChanged!.Sha, Is.EqualTo(hotfixComment));
        Assert.That(provenance.Merge!.Sha, Is.EqualTo(hotfixComment), "a commit pushed straight to main lands itself");
        Assert.That(provenance.ApprovedCommit!.Sha, Is.EqualTo(merge), "the newest landing with an approver trailer is the approval");
        Assert.That(provenance.Approvers.Select(a => a.CommitSha), Is.EqualTo(new[] { merge, merge, feature }));
    }

    [Test]
    public void ReadContentAt_ReturnsVersionAtCommit()
    {
        GitHistory history = Open();

        byte[]? atMerge = history.ReadContentAt(merge, V2);
        byte[]? atFeature = history.ReadContentAt(feature, V2);
        byte[]? atFeatureComment = history.ReadContentAt(featureComment, V2);

        Assert.That(System.Text.Encoding.UTF8.GetString(atMerge!), Does.StartWith("-- add status (OPEN, PAID, VOID)"));
        Assert.That(System.Text.Encoding.UTF8.GetString(atFeature!), Does.StartWith("-- add status\n"));
        Assert.That(System.Text.Encoding.UTF8.GetString(atFeatureComment!), Does.StartWith("-- add status (OPEN, PAID, VOID)"));
        Assert.That(history.ReadContentAt(initial, V2), Is.Null);
    }

    [Test]
    public void Read_UntrackedScript_IsNotCommitted()
    {
        ScriptProvenance provenance = Open().Read("operations/OPS-8__draft.sql");

        Assert.That(provenance.Committed, Is.False);
        Assert.That(provenance.Added, Is.Null);
        Assert.That(provenance.ApprovedCommit, Is.Null);
    }

    private GitHistory Open()
    {
        List<CatalogProblem> problems = [];
        GitHistory? history = GitHistory.TryOpen(Path.Combine(repository.Root, "db"), CatalogOptions.Default, problems);
        Assert.That(problems, Is.Empty);
        return history!;
    }
}
