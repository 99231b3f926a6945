using QueryAudit.Core.Audit;
using QueryAudit.Core.Reconciliation;

namespace QueryAudit.Core.Tests.Reconciliation;

public class ReconcilerTests
{
    private const string VoidInvoice = "UPDATE invoices SET status = 'VOID', paid_at = NULL WHERE invoice_id = 1042 AND status = 'OPEN'";

    [Test]
    public void ApprovedOperation_ByExecutorInWindow_IsApprovedExecution()
    {
        ReconcilerFixture fixture = new();
        fixture.Operation("operations/OPS-1.sql", "START TRANSACTION", VoidInvoice + ";", "COMMIT");
        Reconciler reconciler = fixture.Create();

        reconciler.AddStatement(fixture.Query("dba_bob", "19:52:33", 21, 100, "START TRANSACTION"));
        reconciler.AddStatement(fixture.Query("dba_bob", "19:52:33", 21, 101, "UPDATE invoices\n   SET status = 'VOID', paid_at = NULL\n WHERE invoice_id = 1042 AND status = 'OPEN'"));
        reconciler.AddStatement(fixture.Query("dba_bob", "19:52:33", 21, 102, "COMMIT"));
        ReconciliationResult result = reconciler.Complete();

        Assert.That(result.Findings, Is.Empty);
        Assert.That(result.ApprovedExecutions, Has.Count.EqualTo(1));
        Assert.That(result.ApprovedExecutions[0].Script, Is.EqualTo("operations/OPS-1.sql"));
        Assert.That(result.ApprovedExecutions[0].ScriptStatement, Is.EqualTo(2));
        Assert.That(result.ApprovedExecutions[0].Approvers, Is.EqualTo(new[] { "k.suzuki" }));
    }

    [TestCase("dba_alice", "19:52:33", "billing", FindingKinds.WrongExecutor, "run by dba_alice")]
    [TestCase("dba_bob", "21:00:00", "billing", FindingKinds.OutsideWindow, "outside its window")]
    [TestCase("dba_bob", "18:59:59", "billing", FindingKinds.OutsideWindow, "outside its window")]
    [TestCase("dba_bob", "19:52:33", "billing_test", FindingKinds.WrongTarget, "database billing_test")]
    public void ApprovedOperation_ConstraintFails_NamesConstraintAndScript(string account, string time, string database, string kind, string reason)
    {
        ReconcilerFixture fixture = new();
        fixture.Operation("operations/OPS-1.sql", VoidInvoice);
        Reconciler reconciler = fixture.Create();

        reconciler.AddStatement(fixture.Query(account, time, 21, 101, VoidInvoice, database: database));
        ReconciliationResult result = reconciler.Complete();

        Assert.That(result.ApprovedExecutions, Is.Empty);
        Assert.That(result.Findings, Has.Count.EqualTo(1));
        Assert.That(result.Findings[0].Kind, Is.EqualTo(kind));
        Assert.That(result.Findings[0].Reason, Does.Contain(reason));
        Assert.That(result.Findings[0].Script, Is.EqualTo("operations/OPS-1.sql"));
        Assert.That(result.Findings[0].ReasonCode, Is.EqualTo(kind), "reports word the reason from its code");
        Assert.That(result.Findings[0].ReasonArguments[0], Is.EqualTo("operations/OPS-1.sql"));
    }

    [Test]
    public void ApprovedOperation_OnOtherCluster_IsWrongTarget()
    {
        ReconcilerFixture fixture = new() { Cluster = "billing-staging" };
        fixture.Operation("operations/OPS-1.sql", VoidInvoice);
        Reconciler reconciler = fixture.Create();

        reconciler.AddStatement(fixture.Query("dba_bob", "19:52:33", 21, 101, VoidInvoice));
        ReconciliationResult result = reconciler.Complete();

        Assert.That(result.Findings.Single().Kind, Is.EqualTo(FindingKinds.WrongTarget));
        Assert.That(result.Findings.Single().Reason, Does.Contain("billing-staging"));
    }

    [Test]
    public void ApprovedOperation_RunTwice_SecondRunExceedsMaxRuns()
    {
        ReconcilerFixture fixture = new();
        fixture.Operation("operations/OPS-1.sql", VoidInvoice);
        Reconciler reconciler = fixture.Create();

        reconciler.AddStatement(fixture.Query("dba_bob", "19:52:33", 21, 101, VoidInvoice));
        reconciler.AddStatement(fixture.Query("dba_bob", "19:54:47", 47, 201, VoidInvoice));
        reconciler.AddStatement(fixture.Query("dba_bob", "19:55:47", 48, 301, VoidInvoice));
        ReconciliationResult result = reconciler.Complete();

        Assert.That(result.ApprovedExecutions, Has.Count.EqualTo(1));
        Assert.That(result.Findings.Select(f => f.Kind), Is.EqualTo(new[] { FindingKinds.MaxRunsExceeded, FindingKinds.MaxRunsExceeded }));
        Assert.That(result.Findings.Select(f => f.ConnectionId), Is.EqualTo(new long[] { 47, 48 }));
    }

    [Test]
    public void Migration_BeforeApprovalTime_IsExecutedBeforeApproval()
    {
        ReconcilerFixture fixture = new();
        fixture.Migration("migrations/V001__core.sql", "CREATE TABLE t (id INT)");
        Reconciler reconciler = fixture.Create();

        reconciler.AddStatement(fixture.Query("dba_alice", "08:59:59", 12, 1, "CREATE TABLE t (id INT)"));
        ReconciliationResult result = reconciler.Complete();

        Assert.That(result.Findings.Single().Kind, Is.EqualTo(FindingKinds.ExecutedBeforeApproval));
    }

    [Test]
    public void ValuesDiffer_NamesScriptStatementAndPlace_WithoutTheValues()
    {
        ReconcilerFixture fixture = new();
        fixture.Operation("operations/OPS-1202.sql", VoidInvoice);
        Reconciler reconciler = fixture.Create();

        reconciler.AddStatement(fixture.Query("dba_bob", "19:54:47", 47, 172878, VoidInvoice.Replace("1042", "1043", StringComparison.Ordinal)));
        Finding finding = reconciler.Complete().Findings.Single();

        Assert.That(finding.Kind, Is.EqualTo(FindingKinds.ValuesDiffer));
        Assert.That(finding.Reason, Does.Contain("operations/OPS-1202.sql statement 1"));
        Assert.That(finding.Reason, Does.Contain("invoice_id ="));
        Assert.That(finding.Reason, Does.Not.Contain("1043"));
        Assert.That(finding.Script, Is.EqualTo("operations/OPS-1202.sql"));
    }

    [TestCase("UPDATE customers SET credit_limit = 250000.00 WHERE customer_id = 42", FindingKinds.UnapprovedWrite)]
    [TestCase("DELETE FROM invoice_lines WHERE invoice_id = 7", FindingKinds.UnapprovedWrite)]
    [TestCase("CREATE TABLE tmp_bob_scratch AS SELECT * FROM customers WHERE country = 'US'", FindingKinds.UnapprovedDdl)]
    [TestCase("RENAME TABLE tmp_bob_scratch TO tmp_bob_scratch_old", FindingKinds.UnapprovedDdl)]
    [TestCase("TRUNCATE TABLE tmp_bob_scratch_old", FindingKinds.UnapprovedDdl)]
    [TestCase("CREATE USER 'ext_contractor'@'%' IDENTIFIED BY *****", FindingKinds.UnapprovedDcl)]
    [TestCase("GRANT SELECT ON billing.* TO 'ext_contractor'@'%'", FindingKinds.UnapprovedDcl)]
    [TestCase("SET PASSWORD FOR 'ext_contractor'@'%' = PASSWORD(*****)", FindingKinds.UnapprovedDcl)]
    [TestCase("ALTER USER 'investigator'@'%' IDENTIFIED BY *****", FindingKinds.UnapprovedDcl)]
    [TestCase("PREPARE stmt FROM @sql", FindingKinds.DynamicSql)]
    [TestCase("CALL purge_everything(1)", FindingKinds.UnapprovedCall)]
    [TestCase("SELEC * FROM customers WHERE customer_id = 1", FindingKinds.UnrecognisedStatement)]
    public void HumanStatement_NoMatch_IsException(string sql, string kind)
    {
        ReconcilerFixture fixture = new();
        Reconciler reconciler = fixture.Create();

        reconciler.AddStatement(fixture.Query("dba_bob", "19:53:15", 26, 99000, sql));
        Finding finding = reconciler.Complete().Findings.Single();

        Assert.That(finding.Kind, Is.EqualTo(kind));
        Assert.That(finding.Account, Is.EqualTo("dba_bob"));
        Assert.That(finding.ConnectionId, Is.EqualTo(26));
        Assert.That(finding.Source, Is.EqualTo("audit.log:1"));
    }

    [TestCase("SET GLOBAL server_audit_logging = OFF")]
    [TestCase("SET GLOBAL server_audit_excl_users = 'dba_bob'")]
    [TestCase("UNINSTALL PLUGIN server_audit")]
    public void AuditConfigChange_AnyAccount_IsCritical(string sql)
    {
        ReconcilerFixture fixture = new();
        Reconciler reconciler = fixture.Create();

        reconciler.AddStatement(fixture.Query("app_billing", "19:54:04", 41, 138863, sql));
        Finding finding = reconciler.Complete().Findings.Single();

        Assert.That(finding.Kind, Is.EqualTo(FindingKinds.AuditConfigChange));
        Assert.That(finding.Severity, Is.EqualTo(Severity.Critical));
    }

    [Test]
    public void AuditLoggingOffThenOn_IsRecordedAsSilentInterval()
    {
        ReconcilerFixture fixture = new();
        Reconciler reconciler = fixture.Create();

        reconciler.AddStatement(fixture.Query("dba_bob", "19:54:04", 41, 138863, "SET GLOBAL server_audit_logging = OFF"));
        reconciler.AddStatement(fixture.Query("dba_bob", "19:54:07", 41, 141447, "SET GLOBAL server_audit_logging = ON"));
        ReconciliationResult result = reconciler.Complete();

        Assert.That(result.Findings, Has.Count.EqualTo(2));
        Assert.That(result.AuditOffIntervals, Has.Count.EqualTo(1));
        Assert.That(result.AuditOffIntervals[0].Off, Is.EqualTo(ReconcilerFixture.At("19:54:04")));
        Assert.That(result.AuditOffIntervals[0].On, Is.EqualTo(ReconcilerFixture.At("19:54:07")));
    }

    [Test]
    public void FailedStatement_IsReportedAsAttemptOneLevelLower()
    {
        ReconcilerFixture fixture = new();
        Reconciler reconciler = fixture.Create();

        reconciler.AddStatement(fixture.Query("dba_bob", "19:52:13", 19, 48399, "UPDATE customers SET credit_limit = 0 WHERE customer_id = 5", retCode: 1142));
        Finding finding = reconciler.Complete().Findings.Single();

        Assert.That(finding.Kind, Is.EqualTo(FindingKinds.UnapprovedWrite));
        Assert.That(finding.Severity, Is.EqualTo(Severity.Medium));
        Assert.That(finding.Reason, Does.Contain("failed attempt: error 1142"));
        Assert.That(finding.ReasonNotes, Is.EqualTo(new[] { "note_failed_attempt" }));
    }

    [TestCase("SET NAMES utf8mb4")]
    [TestCase("SET autocommit=1")]
    [TestCase("START TRANSACTION")]
    [TestCase("COMMIT")]
    [TestCase("ROLLBACK")]
    [TestCase("USE billing")]
    [TestCase("SHOW TABLES")]
    [TestCase("select @@version_comment limit 1")]
    [TestCase("SELECT DATABASE()")]
    [TestCase("INSERT INTO flyway_schema_history (installed_rank, version) VALUES (1, '1')")]
    [TestCase("SELECT * FROM billing.flyway_schema_history ORDER BY installed_rank")]
    public void SessionNoiseAndBookkeeping_AreNeverFlagged(string sql)
    {
        ReconcilerFixture fixture = new("accounts:\n  - { match: \"dba_*\", class: human }\nhuman-reads: exception");
        Reconciler reconciler = fixture.Create();

        reconciler.AddStatement(fixture.Query("dba_bob", "19:53:15", 26, 1, sql));
        ReconciliationResult result = reconciler.Complete();

        Assert.That(result.Findings, Is.Empty);
        Assert.That(result.Counters.Statements, Is.EqualTo(1));
    }

    [Test]
    public void HumanRead_Informational_IsCountedPerTemplate()
    {
        ReconcilerFixture fixture = new();
        Reconciler reconciler = fixture.Create();

        reconciler.AddStatement(fixture.Query("dba_bob", "19:52:09", 18, 1, "SELECT COUNT(*) FROM invoices WHERE amount > 90000"));
        reconciler.AddStatement(fixture.Query("dba_bob", "19:52:10", 18, 2, "SELECT COUNT(*) FROM invoices WHERE amount > 100"));
        ReconciliationResult result = reconciler.Complete();

        Assert.That(result.Findings, Is.Empty);
        Assert.That(result.InformationalReads.Single().Count, Is.EqualTo(2));
    }

    [Test]
    public void HumanRead_PolicyException_IsUnapprovedRead()
    {
        ReconcilerFixture fixture = new("accounts:\n  - { match: investigator, class: human }\nhuman-reads: exception");
        Reconciler reconciler = fixture.Create();

        reconciler.AddStatement(fixture.Query("investigator", "19:52:09", 18, 44971, "SELECT COUNT(*) FROM invoices WHERE amount > 90000"));
        Finding finding = reconciler.Complete().Findings.Single();

        Assert.That(finding.Kind, Is.EqualTo(FindingKinds.UnapprovedRead));
        Assert.That(finding.Severity, Is.EqualTo(Severity.Medium));
    }

    [Test]
    public void ApplicationAccount_DmlExpected_DdlAndForeignHostAreExceptions()
    {
        ReconcilerFixture fixture = new();
        Reconciler reconciler = fixture.Create();

        reconciler.AddStatement(fixture.Query("app_billing", "19:52:00", 9, 1, "UPDATE sbtest1 SET k=k+1 WHERE id=?"));
        reconciler.AddStatement(fixture.Query("app_billing", "19:52:01", 9, 2, "ALTER TABLE sbtest1 ADD COLUMN x INT"));
        reconciler.AddConnectionEvent(fixture.Event("app_billing", "19:52:02", 10, 0, AuditOperation.Connect, host: "203.0.113.9"));
        reconciler.AddStatement(fixture.Query("app_billing", "19:52:03", 10, 3, "SELECT 1 FROM sbtest1", host: "203.0.113.9"));
        ReconciliationResult result = reconciler.Complete();

        Assert.That(result.Findings.Select(f => f.Kind), Is.EqualTo(new[] { FindingKinds.AppAccountDdl, FindingKinds.AppAccountUnexpectedHost }));
        Assert.That(result.Counters.Application, Is.EqualTo(2));
    }

    [Test]
    public void UnknownAccount_LoginAndStatement_AreExceptions()
    {
        ReconcilerFixture fixture = new();
        Reconciler reconciler = fixture.Create();

        reconciler.AddConnectionEvent(fixture.Event("ext_contractor", "19:53:48", 39, 0, AuditOperation.Connect));
        reconciler.AddStatement(fixture.Query("ext_contractor", "19:53:48", 39, 125920, "SELECT customer_id, name, email FROM customers ORDER BY customer_id LIMIT 500"));
        ReconciliationResult result = reconciler.Complete();

        Assert.That(result.Findings.Select(f => f.Kind), Is.EqualTo(new[] { FindingKinds.UnknownAccount, FindingKinds.UnknownAccount }));
        Assert.That(result.Findings.All(f => f.ConnectionId == 39), Is.True);
    }

    [Test]
    public void SystemAccount_IsCountedNotReconciled()
    {
        ReconcilerFixture fixture = new();
        Reconciler reconciler = fixture.Create();

        reconciler.AddStatement(fixture.Query("rdsadmin", "19:52:00", 3, 1, "SELECT @@aurora_version"));
        reconciler.AddStatement(fixture.Query("rdsadmin", "19:52:01", 3, 2, "SET GLOBAL max_connections = 10"));
        ReconciliationResult result = reconciler.Complete();

        Assert.That(result.Findings, Is.Empty);
        Assert.That(result.Counters.System, Is.EqualTo(2));
    }

    [TestCase(5, true)]
    [TestCase(4, false)]
    public void FailedLogins_AtThresholdWithinWindow_AddBurst(int failures, bool burst)
    {
        ReconcilerFixture fixture = new();
        Reconciler reconciler = fixture.Create();

        for (int i = 0; i < failures; i++)
        {
            reconciler.AddConnectionEvent(fixture.Event("admin", $"19:53:{36 + (i * 5):00}", 30 + i, 0, AuditOperation.FailedConnect, retCode: 1045));
        }

        ReconciliationResult result = reconciler.Complete();

        Assert.That(result.Findings.Count(f => f.Kind == FindingKinds.FailedLogin), Is.EqualTo(failures));
        Assert.That(result.Findings.Count(f => f.Kind == FindingKinds.FailedLoginBurst), Is.EqualTo(burst ? 1 : 0));
        if (burst)
        {
            Finding finding = result.Findings.Single(f => f.Kind == FindingKinds.FailedLoginBurst);
            Assert.That(finding.EventCount, Is.EqualTo(5));
            Assert.That(finding.Severity, Is.EqualTo(Severity.High));
        }
    }

    [Test]
    public void FailedLogins_SpreadOverHours_AreNoBurst()
    {
        ReconcilerFixture fixture = new();
        Reconciler reconciler = fixture.Create();

        for (int i = 0; i < 6; i++)
        {
            reconciler.AddConnectionEvent(fixture.Event("admin", $"{10 + i:00}:00:00", 30 + i, 0, AuditOperation.FailedConnect, retCode: 1045));
        }

        Assert.That(reconciler.Complete().Findings.Any(f => f.Kind == FindingKinds.FailedLoginBurst), Is.False);
    }

    [Test]
    public void ProcedureBody_BeforeApprovedCall_IsPartOfTheCall()
    {
        ReconcilerFixture fixture = new();
        fixture.Migration("migrations/V003__proc.sql", "CREATE PROCEDURE close_overdue_invoices(IN p_as_of DATETIME) BEGIN UPDATE invoices SET status = 'OVERDUE' WHERE due_at < p_as_of; END");
        fixture.Operation("operations/OPS-1206.sql", "CALL close_overdue_invoices('2026-11-30 23:59:59', @closed)");
        Reconciler reconciler = fixture.Create();

        reconciler.AddStatement(fixture.Query("dba_bob", "19:53:06", 25, 91190, "UPDATE invoices SET status = 'OVERDUE' WHERE due_at < NAME_CONST('p_as_of',TIMESTAMP'2026-11-30 23:59:59')"));
        reconciler.AddStatement(fixture.Query("dba_bob", "19:53:06", 25, 91194, "UPDATE invoices SET status = 'OVERDUE' WHERE due_at < NAME_CONST('p_as_of',TIMESTAMP'2026-11-30 23:59:59')"));
        reconciler.AddStatement(fixture.Query("dba_bob", "19:53:07", 25, 91183, "CALL close_overdue_invoices('2026-11-30 23:59:59', @closed)"));
        reconciler.AddConnectionEvent(fixture.Event("dba_bob", "19:53:07", 25, 0, AuditOperation.Disconnect));
        ReconciliationResult result = reconciler.Complete();

        Assert.That(result.Findings, Is.Empty);
        Assert.That(result.ApprovedExecutions, Has.Count.EqualTo(3));
        Assert.That(result.ApprovedExecutions.Count(e => e.Match == "procedure"), Is.EqualTo(2));
        Assert.That(result.Counters.ProcedureStatements, Is.EqualTo(2));
        Assert.That(result.Counters.Approved, Is.EqualTo(3));
        Assert.That(result.Counters.StatementExceptions, Is.Zero, "the body statements were held, then approved with the call");
    }

    [Test]
    public void ProcedureBody_BeforeUnapprovedCall_IsCoveredByOneFinding()
    {
        ReconcilerFixture fixture = new();
        fixture.Migration("migrations/V003__proc.sql", "CREATE PROCEDURE close_overdue_invoices(IN p_as_of DATETIME) BEGIN UPDATE invoices SET status = 'OVERDUE'; END");
        Reconciler reconciler = fixture.Create();

        reconciler.AddStatement(fixture.Query("dba_bob", "19:53:06", 25, 91190, "UPDATE invoices SET status = 'OVERDUE' WHERE due_at < NAME_CONST('p_as_of',TIMESTAMP'2026-11-30 23:59:59')"));
        reconciler.AddStatement(fixture.Query("dba_bob", "19:53:06", 25, 91194, "UPDATE invoices SET status = 'OVERDUE' WHERE due_at < NAME_CONST('p_as_of',TIMESTAMP'2026-11-30 23:59:59')"));
        reconciler.AddStatement(fixture.Query("dba_bob", "19:53:07", 25, 91183, "CALL close_overdue_invoices('2026-12-31 23:59:59', @closed)"));
        ReconciliationResult result = reconciler.Complete();

        Assert.That(result.Findings.Select(f => f.Kind), Is.EqualTo(new[] { FindingKinds.UnapprovedCall, FindingKinds.UnapprovedCall }));
        Assert.That(result.Findings.Max(f => f.EventCount), Is.EqualTo(2));
        Assert.That(result.Counters.StatementExceptions, Is.EqualTo(3), "the call and the two body statements under its finding");
    }

    [Test]
    public void TruncatedStatement_PrefixOfApproved_IsApprovedByPrefix()
    {
        string full = "INSERT INTO customer_notes (customer_id, note, created_by) VALUES (12, '" + new string('x', 1100) + "', 'ops')";
        ReconcilerFixture fixture = new();
        fixture.Operation("operations/OPS-1205.sql", full);
        Reconciler reconciler = fixture.Create();

        reconciler.AddStatement(fixture.Query("dba_bob", "19:52:57", 24, 1, full[..1000], truncated: true));
        ReconciliationResult result = reconciler.Complete();

        Assert.That(result.Findings, Is.Empty);
        Assert.That(result.ApprovedExecutions.Single().Match, Is.EqualTo("prefix"));
    }

    [Test]
    public void TruncatedStatement_NoApprovedPrefix_IsTruncatedStatement()
    {
        ReconcilerFixture fixture = new();
        Reconciler reconciler = fixture.Create();

        reconciler.AddStatement(fixture.Query("dba_bob", "19:54:59", 50, 182699, "UPDATE customers SET credit_limit = 150000.00 WHERE customer_id IN (101, 102, 10", truncated: true));
        Finding finding = reconciler.Complete().Findings.Single();

        Assert.That(finding.Kind, Is.EqualTo(FindingKinds.TruncatedStatement));
        Assert.That(finding.Reason, Does.Contain("cannot be verified"));
    }

    [Test]
    public void MultiStatementQuery_EachStatementReconciled()
    {
        ReconcilerFixture fixture = new();
        Reconciler reconciler = fixture.Create();

        reconciler.AddStatement(fixture.Query("dba_bob", "19:55:03", 52, 185532, "UPDATE customers SET country = 'SG' WHERE customer_id = 99; UPDATE customers SET country = 'JP' WHERE customer_id = 98"));
        ReconciliationResult result = reconciler.Complete();

        Assert.That(result.Findings.Select(f => f.Source), Is.EqualTo(new[] { "audit.log:1#1", "audit.log:1#2" }));
        Assert.That(result.Findings.Select(f => f.Id).Distinct().Count(), Is.EqualTo(2));
    }

    [Test]
    public void EmptyDatabaseField_StatementKeptAndMarked()
    {
        ReconcilerFixture fixture = new();
        Reconciler reconciler = fixture.Create();

        reconciler.AddStatement(fixture.Query("dba_bob", "19:53:44", 38, 122516, "GRANT SELECT ON billing.* TO 'x'@'%'", database: ""));
        Finding finding = reconciler.Complete().Findings.Single();

        Assert.That(finding.Kind, Is.EqualTo(FindingKinds.UnapprovedDcl));
        Assert.That(finding.Database, Is.Empty);
        Assert.That(finding.Reason, Does.Contain("no default database"));
    }

    [Test]
    public void ApprovedStatement_QualifiedTables_TargetCheckedBySchema()
    {
        ReconcilerFixture fixture = new();
        fixture.Approve(
            new Approval { Script = "operations/OPS-1.sql", Executors = ["dba_bob"], MaxRuns = 5, Targets = [new ApprovalTarget("billing-prod", "billing")] },
            "DELETE FROM billing.invoice_lines WHERE invoice_id = 1042",
            "DELETE FROM archive.invoice_lines WHERE invoice_id = 1042");
        Reconciler reconciler = fixture.Create();

        reconciler.AddStatement(fixture.Query("dba_bob", "19:52:33", 21, 1, "DELETE FROM billing.invoice_lines WHERE invoice_id = 1042", database: ""));
        reconciler.AddStatement(fixture.Query("dba_bob", "19:52:34", 21, 2, "DELETE FROM billing.invoice_lines WHERE invoice_id = 1042", database: "other"));
        reconciler.AddStatement(fixture.Query("dba_bob", "19:52:35", 21, 3, "DELETE FROM archive.invoice_lines WHERE invoice_id = 1042", database: "billing"));
        ReconciliationResult result = reconciler.Complete();

        Assert.That(result.ApprovedExecutions, Has.Count.EqualTo(2));
        Assert.That(result.Findings.Single().Kind, Is.EqualTo(FindingKinds.WrongTarget));
        Assert.That(result.Findings.Single().Reason, Does.Contain("database archive"));
    }

    [Test]
    public void StatementOutsidePeriod_IsCountedNotReconciled()
    {
        ReconcilerFixture fixture = new();
        Reconciler reconciler = fixture.Create();

        AuditStatement late = fixture.Query("dba_bob", "12:00:00", 26, 1, "DELETE FROM customers") is var s
            ? s with { Query = s.Query with { Timestamp = s.Query.Timestamp.AddDays(1) } }
            : throw new InvalidOperationException();
        reconciler.AddStatement(late);
        ReconciliationResult result = reconciler.Complete();

        Assert.That(result.Findings, Is.Empty);
        Assert.That(result.Counters.OutsidePeriod, Is.EqualTo(1));
    }

    [Test]
    public void SameInputs_GiveSameFindingIds()
    {
        static IReadOnlyList<string> Run()
        {
            ReconcilerFixture fixture = new();
            Reconciler reconciler = fixture.Create();
            reconciler.AddStatement(fixture.Query("dba_bob", "19:53:15", 26, 99000, "UPDATE customers SET credit_limit = 1 WHERE customer_id = 42"));
            reconciler.AddConnectionEvent(fixture.Event("sa", "19:53:36", 36, 0, AuditOperation.FailedConnect, retCode: 1045));
            return reconciler.Complete().Findings.Select(f => f.Id).ToList();
        }

        IReadOnlyList<string> first = Run();
        IReadOnlyList<string> second = Run();

        Assert.That(second, Is.EqualTo(first));
        Assert.That(first[0], Does.Match("^F-[0-9a-f]{16}$"));
    }
}
