using Microsoft.Extensions.Time.Testing;
using NUnit.Framework;
using QueryAudit.Core.Catalog;
using QueryAudit.Core.Catalog.Git;

namespace QueryAudit.Core.Tests.Catalog;

public class ApprovalResolverTests
{
    private const string File = "operations/OPS-2026-1201__fix_negative_balances.sql";

    private static readonly DateTimeOffset Now = new(2026, 12, 10, 0, 0, 0, TimeSpan.Zero);

    private static readonly string[] ValidOperation =
    [
        "/* queryaudit",
        "ticket: OPS-2026-1201",
        "approved-by: [k.suzuki]",
        "executor: [dba_bob]",
        "window: 2026-12-05T04:00+09:00/2026-12-05T06:00+09:00",
        "target: billing-prod/billing",
        "max-runs: 1",
        "purpose: reset negative balances confirmed by finance",
        "*/",
        "UPDATE customers SET balance = 0.00 WHERE customer_id IN (19, 20) AND balance < 0;",
    ];

    [Test]
    public void Resolve_ValidOperation_ReturnsApproval()
    {
        (CatalogApproval? approval, List<CatalogProblem> problems) = Resolve(CatalogScriptKind.Operation, string.Join('\n', ValidOperation));

        Assert.That(problems, Is.Empty);
        Assert.That(approval, Is.Not.Null);
        Assert.That(approval!.Ticket, Is.EqualTo("OPS-2026-1201"));
        Assert.That(approval.Approvers, Is.EqualTo((string[])["k.suzuki"]));
        Assert.That(approval.Executors, Is.EqualTo((string[])["dba_bob"]));
        Assert.That(approval.MaxRuns, Is.EqualTo(1));
        Assert.That(approval.Evidence, Is.EqualTo("header"));
        Assert.That(approval.FormatWindow(), Is.EqualTo("2026-12-05T04:00:00+09:00/2026-12-05T06:00:00+09:00"));
        Assert.That(approval.AllowsTarget("billing-prod", "billing"), Is.True);
        Assert.That(approval.AllowsTarget("billing-prod", "crm"), Is.False);
        Assert.That(approval.AllowsTime(new DateTimeOffset(2026, 12, 4, 19, 0, 0, TimeSpan.Zero)), Is.True);
        Assert.That(approval.AllowsTime(new DateTimeOffset(2026, 12, 4, 21, 0, 0, TimeSpan.Zero)), Is.False);
    }

    [Test]
    public void Resolve_MaxRunsAbsent_DefaultsToOne()
    {
        string script = string.Join('\n', ValidOperation.Where(line => !line.StartsWith("max-runs", StringComparison.Ordinal)));

        (CatalogApproval? approval, List<CatalogProblem> problems) = Resolve(CatalogScriptKind.Operation, script);

        Assert.That(problems, Is.Empty);
        Assert.That(approval!.MaxRuns, Is.EqualTo(1));
    }

    // Each row replaces (or, with an empty replacement, removes) one header line of a valid operation.
    [TestCase(2, "", CatalogProblemCodes.MissingKey, 1, "lacks 'ticket'")]
    [TestCase(3, "", CatalogProblemCodes.MissingKey, 1, "lacks 'approved-by'")]
    [TestCase(4, "", CatalogProblemCodes.MissingKey, 1, "lacks 'executor'")]
    [TestCase(5, "", CatalogProblemCodes.MissingKey, 1, "lacks 'window'")]
    [TestCase(6, "", CatalogProblemCodes.MissingKey, 1, "lacks 'target'")]
    [TestCase(3, "approved-by: [dba_bob]", CatalogProblemCodes.ApproverIsExecutor, 3, "'dba_bob' is also an executor")]
    [TestCase(3, "approved-by: [k.suzuki, DBA_Bob]", CatalogProblemCodes.ApproverIsExecutor, 3, "'DBA_Bob' is also an executor")]
    [TestCase(3, "approved-by: b.kato", CatalogProblemCodes.ApproverIsExecutor, 3, "owns executor account 'dba_bob'")]
    [TestCase(5, "window: 2026-12-01T00:00+09:00/2026-12-08T00:00:01+09:00", CatalogProblemCodes.WindowTooLong, 5, "longer than the policy's max-operation-window of 7 days")]
    [TestCase(5, "window: 2026-12-01T00:00+09:00/P8D", CatalogProblemCodes.WindowTooLong, 5, "8 days long")]
    [TestCase(7, "approved-at: 2026-12-11T00:00Z", CatalogProblemCodes.ApprovedInFuture, 7, "in the future")]
    [TestCase(7, "approved-at: 2026-12-11T09:00+09:00", CatalogProblemCodes.ApprovedInFuture, 7, "approved-at 2026-12-11T09:00:00+09:00 is in the future (now 2026-12-")]
    public void Resolve_InvalidOperation_ReportsProblemAtLine(int lineToReplace, string replacement, string code, int line, string messagePart)
    {
        List<string> lines = [.. ValidOperation];
        if (replacement.Length == 0)
        {
            lines.RemoveAt(lineToReplace - 1);
        }
        else
        {
            lines[lineToReplace - 1] = replacement;
        }

        (CatalogApproval? _, List<CatalogProblem> problems) = Resolve(CatalogScriptKind.Operation, string.Join('\n', lines));

        Assert.That(problems, Has.Count.EqualTo(1), string.Join("\n", problems));
        Assert.That(problems[0].Code, Is.EqualTo(code));
        Assert.That(problems[0].Line, Is.EqualTo(line));
        Assert.That(problems[0].Severity, Is.EqualTo(CatalogProblemSeverity.Error));
        Assert.That(problems[0].Message, Does.Contain(messagePart));
    }

    [Test]
    public void Resolve_WindowWithinCustomMaximum_Passes()
    {
        CatalogOptions options = Options() with { MaxOperationWindow = TimeSpan.FromHours(2) };

        (CatalogApproval? approval, List<CatalogProblem> problems) = Resolve(CatalogScriptKind.Operation, string.Join('\n', ValidOperation), options: options);

        Assert.That(problems, Is.Empty);
        Assert.That(approval, Is.Not.Null);
    }

    [Test]
    public void Resolve_NoMaximumWindow_AcceptsLongWindow()
    {
        List<string> lines = [.. ValidOperation];
        lines[4] = "window: 2026-01-01T00:00Z/2026-12-31T00:00Z";
        CatalogOptions options = Options() with { MaxOperationWindow = null };

        (_, List<CatalogProblem> problems) = Resolve(CatalogScriptKind.Operation, string.Join('\n', lines), options: options);

        Assert.That(problems, Is.Empty);
    }

    [Test]
    public void Resolve_OperationWithoutHeader_ReportsMissingHeader()
    {
        (CatalogApproval? approval, List<CatalogProblem> problems) = Resolve(CatalogScriptKind.Operation, "-- fix\nUPDATE t SET a = 1;");

        Assert.That(approval, Is.Null);
        Assert.That(problems.Single().Code, Is.EqualTo(CatalogProblemCodes.MissingHeader));
        Assert.That(problems.Single().Line, Is.EqualTo(1));
    }

    [Test]
    public void Resolve_MigrationWithoutEvidence_ReportsError()
    {
        (CatalogApproval? approval, List<CatalogProblem> problems) = Resolve(CatalogScriptKind.Migration, "CREATE TABLE t (id INT);");

        Assert.That(approval, Is.Null);
        Assert.That(problems.Single().Code, Is.EqualTo(CatalogProblemCodes.NoApprovalEvidence));
        Assert.That(problems.Single().Severity, Is.EqualTo(CatalogProblemSeverity.Error));
    }

    [Test]
    public void Resolve_MigrationHeaderWithoutApprovedAt_ReportsMissingKey()
    {
        (CatalogApproval? _, List<CatalogProblem> problems) = Resolve(CatalogScriptKind.Migration, "/* queryaudit\nticket: DBCHG-1\napproved-by: h.tanaka\n*/\nCREATE TABLE t (id INT);");

        Assert.That(problems.Single().Code, Is.EqualTo(CatalogProblemCodes.MissingKey));
        Assert.That(problems.Single().Message, Does.Contain("'approved-at'"));
    }

    [Test]
    public void Resolve_MigrationHeader_UsesHeaderApproval()
    {
        const string script = "/* queryaudit\nticket: DBCHG-4101\napproved-by: [h.tanaka]\napproved-at: 2026-12-04T18:00+09:00\nexecutor: [dba_alice]\ntarget: billing-prod/billing\n*/\nCREATE TABLE t (id INT);";

        (CatalogApproval? approval, List<CatalogProblem> problems) = Resolve(CatalogScriptKind.Migration, script);

        Assert.That(problems, Is.Empty);
        Assert.That(approval!.ApprovedAt, Is.EqualTo(new DateTimeOffset(2026, 12, 4, 9, 0, 0, TimeSpan.Zero)));
        Assert.That(approval.Approvers, Is.EqualTo((string[])["h.tanaka"]));
        Assert.That(approval.WindowStart, Is.Null);
        Assert.That(approval.Evidence, Is.EqualTo("header"));
    }

    [Test]
    public void Resolve_MigrationMergedWithTrailer_UsesGit()
    {
        GitCommit merge = Commit("Merge pull request #12", new GitTrailer("Approved-by", "Kenji Suzuki <k.suzuki@example.com>"));
        ScriptProvenance provenance = new()
        {
            Committed = true,
            Merge = merge,
            ApprovedCommit = merge,
            Approvers = [new GitApprover("Kenji Suzuki", "k.suzuki@example.com", "Approved-by", merge.Sha)],
        };

        (CatalogApproval? approval, List<CatalogProblem> problems) = Resolve(CatalogScriptKind.Migration, "CREATE TABLE t (id INT);", provenance);

        Assert.That(problems, Is.Empty);
        Assert.That(approval!.Evidence, Is.EqualTo("git"));
        Assert.That(approval.Approvers, Is.EqualTo((string[])["k.suzuki"]), "the trailer's e-mail local part names the policy reviewer");
        Assert.That(approval.ApprovedAt, Is.EqualTo(merge.CommittedAt));
        Assert.That(approval.ApprovedCommit, Is.EqualTo(merge.Sha));
    }

    [Test]
    public void Resolve_MigrationMergedWithoutApprover_Warns()
    {
        GitCommit merge = Commit("Merge branch 'feature'");
        ScriptProvenance provenance = new() { Committed = true, Merge = merge, ApprovedCommit = merge };

        (CatalogApproval? approval, List<CatalogProblem> problems) = Resolve(CatalogScriptKind.Migration, "CREATE TABLE t (id INT);", provenance);

        Assert.That(approval, Is.Not.Null);
        Assert.That(problems.Single().Code, Is.EqualTo(CatalogProblemCodes.NoNamedApprover));
        Assert.That(problems.Single().Severity, Is.EqualTo(CatalogProblemSeverity.Warning));
    }

    [Test]
    public void Resolve_GitApproverOwningExecutor_Rejected()
    {
        GitCommit merge = Commit("Merge", new GitTrailer("Reviewed-by", "Bob Kato <b.kato@example.com>"));
        ScriptProvenance provenance = new()
        {
            Committed = true,
            Merge = merge,
            ApprovedCommit = merge,
            Approvers = [new GitApprover("Bob Kato", "b.kato@example.com", "Reviewed-by", merge.Sha)],
        };

        (CatalogApproval? _, List<CatalogProblem> problems) = Resolve(CatalogScriptKind.Operation, string.Join('\n', ValidOperation), provenance);

        Assert.That(problems.Single().Code, Is.EqualTo(CatalogProblemCodes.ApproverIsExecutor));
        Assert.That(problems.Single().Message, Does.Contain("'b.kato' owns executor account 'dba_bob'"));
    }

    [Test]
    public void Resolve_MergedOperation_HasNoApprovalTime()
    {
        GitCommit merge = Commit("Merge", new GitTrailer("Approved-by", "k.suzuki"));
        ScriptProvenance provenance = new() { Committed = true, Merge = merge, ApprovedCommit = merge, Approvers = [new GitApprover("k.suzuki", null, "Approved-by", merge.Sha)] };

        (CatalogApproval? approval, List<CatalogProblem> problems) = Resolve(CatalogScriptKind.Operation, string.Join('\n', ValidOperation), provenance);

        Assert.That(problems, Is.Empty);
        Assert.That(approval!.ApprovedAt, Is.Null, "the window, not the merge time, bounds an operation");
        Assert.That(approval.ApprovedCommit, Is.EqualTo(merge.Sha));
        Assert.That(approval.Approvers, Is.EqualTo((string[])["k.suzuki"]));
    }

    [Test]
    public void Resolve_ApprovedAtAfterMerge_Warns()
    {
        GitCommit merge = Commit("Merge", new GitTrailer("Approved-by", "h.tanaka"));
        ScriptProvenance provenance = new() { Committed = true, Merge = merge, ApprovedCommit = merge, Approvers = [new GitApprover("h.tanaka", null, "Approved-by", merge.Sha)] };
        const string script = "/* queryaudit\napproved-by: h.tanaka\napproved-at: 2026-12-06T00:00Z\n*/\nCREATE TABLE t (id INT);";

        (CatalogApproval? approval, List<CatalogProblem> problems) = Resolve(CatalogScriptKind.Migration, script, provenance);

        Assert.That(problems.Single().Code, Is.EqualTo(CatalogProblemCodes.ApprovedAfterMerge));
        Assert.That(problems.Single().Line, Is.EqualTo(3));
        Assert.That(approval!.ApprovedAt, Is.EqualTo(new DateTimeOffset(2026, 12, 6, 0, 0, 0, TimeSpan.Zero)), "the header's approval time wins over the merge time");
        Assert.That(approval.Evidence, Is.EqualTo("header+git"));
    }

    private static (CatalogApproval? Approval, List<CatalogProblem> Problems) Resolve(
        CatalogScriptKind kind, string script, ScriptProvenance? provenance = null, CatalogOptions? options = null)
    {
        List<CatalogProblem> problems = [];
        ApprovalHeaderParseResult header = ApprovalHeaderParser.Parse(script, File, problems);
        CatalogApproval? approval = ApprovalResolver.Resolve(File, kind, header, provenance, options ?? Options(), problems);
        return (approval, problems);
    }

    private static CatalogOptions Options() => new()
    {
        TimeProvider = new FakeTimeProvider(Now),
        Reviewers = new Dictionary<string, IReadOnlyList<string>>
        {
            ["k.suzuki"] = [],
            ["h.tanaka"] = [],
            ["a.sato"] = ["dba_alice"],
            ["b.kato"] = ["dba_bob"],
        },
    };

    private static GitCommit Commit(string subject, params GitTrailer[] trailers) => new(
        "4f1c2b7d9e0a1b2c3d4e5f60718293a4b5c6d7e8",
        ["1111111111111111111111111111111111111111", "2222222222222222222222222222222222222222"],
        "Aki Sato",
        "a.sato@example.com",
        new DateTimeOffset(2026, 12, 4, 10, 0, 0, TimeSpan.FromHours(9)),
        "GitHub",
        "noreply@github.com",
        new DateTimeOffset(2026, 12, 4, 11, 0, 0, TimeSpan.FromHours(9)),
        subject,
        trailers);
}
