using QueryAudit.Core.Audit;
using QueryAudit.Core.Reconciliation;

namespace QueryAudit.Core.Tests.Reconciliation;

public class FindingIdsTests
{
    private static readonly ReconcilerFixture Fixture = new();

    [Test]
    public void ForEvent_OtherFile_SameId()
    {
        AuditEvent audit = Fixture.Event("dba_bob", "19:53:15", 26, 99000, AuditOperation.Query, "DELETE FROM customers");
        AuditEvent moved = audit with { Source = new SourcePosition("/elsewhere/server_audit.log.1", 4242) };

        Assert.That(FindingIds.ForEvent(FindingKinds.UnapprovedWrite, moved), Is.EqualTo(FindingIds.ForEvent(FindingKinds.UnapprovedWrite, audit)));
    }

    [Test]
    public void ForEvent_MicrosecondsAndSeconds_SameId()
    {
        // Aurora-layout lines carry microseconds, MariaDB-layout lines whole seconds.
        AuditEvent seconds = Fixture.Event("dba_bob", "19:53:15", 26, 99000, AuditOperation.Query, "DELETE FROM customers");
        AuditEvent microseconds = seconds with { Timestamp = seconds.Timestamp.AddTicks(4_567_890), Format = AuditLogFormat.Aurora };

        Assert.That(FindingIds.ForEvent(FindingKinds.UnapprovedWrite, microseconds), Is.EqualTo(FindingIds.ForEvent(FindingKinds.UnapprovedWrite, seconds)));
    }

    [TestCase("instance")]
    [TestCase("second")]
    [TestCase("connection")]
    [TestCase("query")]
    [TestCase("operation")]
    [TestCase("part")]
    [TestCase("kind")]
    public void ForEvent_OneFieldDiffers_OtherId(string field)
    {
        AuditEvent audit = Fixture.Event("sa", "19:53:36", 36, 0, AuditOperation.Connect);
        string kind = FindingKinds.UnknownAccount;
        int part = 0;
        switch (field)
        {
            case "instance": audit = audit with { Instance = audit.Instance + "-2" }; break;
            case "second": audit = audit with { Timestamp = audit.Timestamp.AddSeconds(1) }; break;
            case "connection": audit = audit with { ConnectionId = 37 }; break;
            case "query": audit = audit with { QueryId = 1 }; break;
            case "operation": audit = audit with { Operation = AuditOperation.Disconnect }; break;
            case "part": part = 1; break;
            default: kind = FindingKinds.FailedLogin; break;
        }

        string original = FindingIds.ForEvent(FindingKinds.UnknownAccount, Fixture.Event("sa", "19:53:36", 36, 0, AuditOperation.Connect));

        Assert.That(FindingIds.ForEvent(kind, audit, part), Is.Not.EqualTo(original));
    }
}
