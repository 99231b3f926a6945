using QueryAudit.Core.Policy;
using QueryAudit.Core.Reconciliation;
using QueryAudit.Core.State;
using QueryAudit.Core.Triage;

namespace QueryAudit.Core.Tests.Triage;

public sealed class TriageRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 1, 0, 0, TimeSpan.Zero);

    // The reviewers of sql-fixtures/policy.yaml: two approvers without database accounts and two DBAs.
    private static readonly AuditPolicy Policy = new()
    {
        Path = "policy.yaml",
        Reviewers =
        [
            new Reviewer("k.suzuki", []),
            new Reviewer("h.tanaka", []),
            new Reviewer("a.sato", ["dba_alice"]),
            new Reviewer("b.kato", ["dba_bob"]),
        ],
    };

    [TestCase("k.suzuki")]
    [TestCase("b.kato")]
    public void RequireReviewer_Listed_ReturnsThem(string name)
    {
        Assert.That(TriageRules.RequireReviewer(Policy, name).Name, Is.EqualTo(name));
    }

    [TestCase("mallory", "'mallory' is not a reviewer")]
    [TestCase("K.Suzuki", "'K.Suzuki' is not a reviewer")]
    [TestCase("", "No reviewer given")]
    [TestCase(null, "No reviewer given")]
    public void RequireReviewer_Unknown_IsRejected(string? name, string message)
    {
        TriageException? error = Assert.Throws<TriageException>(() => TriageRules.RequireReviewer(Policy, name));

        Assert.That(error!.Message, Does.Contain(message));
        if (!string.IsNullOrEmpty(name))
        {
            Assert.That(error.Message, Does.Contain("k.suzuki, h.tanaka, a.sato, b.kato"));
        }
    }

    [TestCase(TriageAction.Explain, null, "note", "--ticket")]
    [TestCase(TriageAction.Explain, " ", "note", "--ticket")]
    [TestCase(TriageAction.Dismiss, "T-1", null, "--reason")]
    [TestCase(TriageAction.Escalate, "T-1", "", "--note")]
    public void RequireDetails_Missing_NamesTheOption(TriageAction action, string? ticket, string? note, string option)
    {
        TriageException? error = Assert.Throws<TriageException>(() => TriageRules.RequireDetails(new TriageRequest(action, "k.suzuki", ticket, note)));

        Assert.That(error!.Message, Does.Contain(option));
    }

    [TestCase(TriageAction.Reopen, null, null)]
    [TestCase(TriageAction.Explain, "OPS-2026-1299", null)]
    [TestCase(TriageAction.Dismiss, null, "load test account")]
    public void RequireDetails_Complete_Passes(TriageAction action, string? ticket, string? note)
    {
        Assert.DoesNotThrow(() => TriageRules.RequireDetails(new TriageRequest(action, "k.suzuki", ticket, note)));
    }

    [TestCase(TriageAction.Explain, FindingStatuses.Explained)]
    [TestCase(TriageAction.Dismiss, FindingStatuses.Dismissed)]
    [TestCase(TriageAction.Escalate, FindingStatuses.Escalated)]
    public void Plan_HighFinding_OneReviewerDecides(TriageAction action, string status)
    {
        TriagePlanItem item = Plan(Stored(Severity.High, "dba_bob"), action, "a.sato");

        Assert.That(item.IsRejected, Is.False);
        Assert.That(item.After!.Status, Is.EqualTo(status));
        Assert.That(item.After.Reviewers, Is.EqualTo(new[] { "a.sato" }));
        Assert.That(item.After.Ticket, Is.EqualTo("OPS-2026-1299"));
        Assert.That(item.After.Note, Is.EqualTo("emergency credit change"));
        Assert.That(item.After.UpdatedAt, Is.EqualTo(Now));
    }

    [TestCase(TriageAction.Explain)]
    [TestCase(TriageAction.Dismiss)]
    public void Plan_OwnAccount_CannotClose(TriageAction action)
    {
        TriagePlanItem item = Plan(Stored(Severity.Low, "dba_bob"), action, "b.kato");

        Assert.That(item.IsRejected, Is.True);
        Assert.That(item.Rejection, Does.Contain("b.kato may not close").And.Contain("dba_bob"));
    }

    [TestCase(TriageAction.Escalate)]
    [TestCase(TriageAction.Reopen)]
    public void Plan_OwnAccount_MayEscalateOrReopen(TriageAction action)
    {
        StoredFinding stored = Stored(Severity.High, "dba_bob", Disposition(FindingStatuses.Explained, "k.suzuki"));

        TriagePlanItem item = Plan(stored, action, "b.kato");

        Assert.That(item.IsRejected, Is.False);
    }

    [Test]
    public void Plan_CriticalFirstClose_PendsSecondReview()
    {
        TriagePlanItem item = Plan(Stored(Severity.Critical, "dba_alice"), TriageAction.Dismiss, "k.suzuki");

        Assert.That(item.After!.Status, Is.EqualTo(FindingStatuses.PendingReview));
        Assert.That(item.After.ProposedStatus, Is.EqualTo(FindingStatuses.Dismissed));
        Assert.That(item.After.Reviewers, Is.EqualTo(new[] { "k.suzuki" }));
        Assert.That(FindingStatuses.IsClosed(item.After.Status), Is.False);
    }

    [Test]
    public void Plan_CriticalSecondReviewer_Closes()
    {
        Disposition pending = Disposition(FindingStatuses.PendingReview, "k.suzuki") with { ProposedStatus = FindingStatuses.Explained, Ticket = "OPS-1", Note = "planned" };

        TriagePlanItem item = Plan(Stored(Severity.Critical, "dba_alice", pending), TriageAction.Explain, "h.tanaka", ticket: null, note: "confirmed with finance");

        Assert.That(item.After!.Status, Is.EqualTo(FindingStatuses.Explained));
        Assert.That(item.After.Reviewers, Is.EqualTo(new[] { "k.suzuki", "h.tanaka" }));
        Assert.That(item.After.Ticket, Is.EqualTo("OPS-1"));
        Assert.That(item.After.Note, Is.EqualTo("planned / confirmed with finance"));
        Assert.That(item.After.ProposedStatus, Is.Null);
    }

    [Test]
    public void Plan_CriticalSameReviewerTwice_IsRejected()
    {
        Disposition pending = Disposition(FindingStatuses.PendingReview, "k.suzuki") with { ProposedStatus = FindingStatuses.Explained };

        TriagePlanItem item = Plan(Stored(Severity.Critical, "dba_alice", pending), TriageAction.Explain, "k.suzuki");

        Assert.That(item.IsRejected, Is.True);
        Assert.That(item.Rejection, Does.Contain("second, different reviewer"));
    }

    [Test]
    public void Plan_CriticalSecondReviewerOwnsAccount_IsRejected()
    {
        Disposition pending = Disposition(FindingStatuses.PendingReview, "k.suzuki") with { ProposedStatus = FindingStatuses.Explained };

        TriagePlanItem item = Plan(Stored(Severity.Critical, "dba_alice", pending), TriageAction.Explain, "a.sato");

        Assert.That(item.Rejection, Does.Contain("a.sato may not close"));
    }

    [Test]
    public void Plan_CriticalClosedAndReopened_NeedsTwoAgain()
    {
        StoredFinding reopened = Stored(Severity.Critical, "dba_alice", Disposition(FindingStatuses.Open, "h.tanaka"));

        TriagePlanItem item = Plan(reopened, TriageAction.Explain, "k.suzuki");

        Assert.That(item.After!.Status, Is.EqualTo(FindingStatuses.PendingReview));
    }

    [Test]
    public void Plan_ReopenOpenFinding_IsRejected()
    {
        TriagePlanItem item = Plan(Stored(Severity.High, "dba_bob"), TriageAction.Reopen, "k.suzuki");

        Assert.That(item.Rejection, Is.EqualTo("it is already open"));
    }

    [Test]
    public void Plan_ReopenSuppressed_MakesItOpen()
    {
        StoredFinding suppressed = Stored(Severity.Medium, "dba_bob", Disposition(FindingStatuses.Suppressed, "k.suzuki") with { SuppressionRuleId = "S-1" });

        TriagePlanItem item = Plan(suppressed, TriageAction.Reopen, "h.tanaka");

        Assert.That(item.After!.Status, Is.EqualTo(FindingStatuses.Open));
        Assert.That(item.After.SuppressionRuleId, Is.Null);
    }

    [Test]
    public void PlanSuppression_StatementFinding_CoversTemplateAndAccount()
    {
        StoredFinding stored = Stored(Severity.Medium, "dba_bob");

        SuppressionRule rule = TriageRules.PlanSuppression(stored, Policy.Reviewers[0], Now.AddDays(30), "OPS-2026-1300", "weekly batch", Now);

        Assert.That(rule.TemplateHash, Is.EqualTo(stored.TemplateHash));
        Assert.That(rule.Account, Is.EqualTo("dba_bob"));
        Assert.That(rule.CreatedAt, Is.EqualTo(Now));
        Assert.That(rule.ExpiresAt, Is.EqualTo(Now.AddDays(30)));
        Assert.That(rule.Approver, Is.EqualTo("k.suzuki"));
        Assert.That(rule.SourceFindingId, Is.EqualTo(stored.Finding.Id));
        Assert.That(rule.Id, Does.Match("^S-[0-9a-f]{16}$"));
    }

    [TestCase("critical", "never suppressed")]
    [TestCase("own-account", "one of their own accounts")]
    [TestCase("no-template", "no statement template")]
    [TestCase("past", "not in the future")]
    [TestCase("no-ticket", "--ticket")]
    public void PlanSuppression_NotAllowed_SaysWhy(string scenario, string message)
    {
        StoredFinding stored = Stored(scenario == "critical" ? Severity.Critical : Severity.Medium, "dba_bob");
        if (scenario == "no-template")
        {
            stored = stored with { Finding = stored.Finding with { Template = null }, TemplateHash = null };
        }

        Reviewer reviewer = scenario == "own-account" ? Policy.Reviewers[3] : Policy.Reviewers[0];
        DateTimeOffset until = scenario == "past" ? Now : Now.AddDays(1);
        string? ticket = scenario == "no-ticket" ? null : "OPS-2026-1300";

        TriageException? error = Assert.Throws<TriageException>(() => TriageRules.PlanSuppression(stored, reviewer, until, ticket, null, Now));

        Assert.That(error!.Message, Does.Contain(message));
    }

    private static TriagePlanItem Plan(StoredFinding stored, TriageAction action, string reviewer, string? ticket = "OPS-2026-1299", string? note = "emergency credit change") =>
        TriageRules.Plan(stored, new TriageRequest(action, reviewer, ticket, note), TriageRules.RequireReviewer(Policy, reviewer), Now);

    private static Disposition Disposition(string status, string reviewer) =>
        new() { FindingId = "F-0000000000000001", Status = status, Reviewers = [reviewer], UpdatedAt = Now.AddDays(-1) };

    private static StoredFinding Stored(Severity severity, string account, Disposition? disposition = null)
    {
        Finding finding = new()
        {
            Id = "F-0000000000000001",
            Severity = severity,
            Kind = severity == Severity.Critical ? FindingKinds.AuditConfigChange : FindingKinds.UnapprovedWrite,
            OccurredAt = new DateTimeOffset(2026, 12, 4, 19, 53, 15, TimeSpan.Zero),
            Instance = "vm",
            Account = account,
            Template = "UPDATE customers SET credit_limit = ? WHERE customer_id = ?",
            Reason = "human write with no approved script",
            Source = "server_audit.log:4120",
        };
        return new StoredFinding(finding, new string('c', 64), disposition);
    }
}
