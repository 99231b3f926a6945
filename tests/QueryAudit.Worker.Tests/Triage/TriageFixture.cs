using QueryAudit.Core.Reconciliation;
using QueryAudit.Core.State;
using QueryAudit.Sql;
using QueryAudit.Storage;

namespace QueryAudit.Worker.Tests.Triage;

/// <summary>
/// Findings modelled on the exceptions of the fixture month (sql-fixtures/expected-exceptions.tsv), with the
/// fixture policy's reviewers: k.suzuki and h.tanaka (no accounts), a.sato (dba_alice), b.kato (dba_bob).
/// </summary>
internal static class TriageFixture
{
    /// <summary>2026-12-07 10:00 in Asia/Tokyo: the Monday after the fixture session.</summary>
    public static readonly DateTimeOffset Clock = new(2026, 12, 7, 1, 0, 0, TimeSpan.Zero);

    public const string CreditLimitTemplate = "UPDATE customers SET credit_limit = ? WHERE customer_id = ?";

    public static string Policy => Path.Combine(TestPaths.Fixtures, "policy.yaml");

    /// <summary>X03: dba_bob's ad-hoc UPDATE of a credit limit.</summary>
    public static Finding BobCreditLimit { get; } = Statement(
        "F-00000000000000a3", "dba_bob", Severity.High, FindingKinds.UnapprovedWrite, 26, 99000, "19:53:15",
        CreditLimitTemplate, "UPDATE customers SET credit_limit = 250000.00 WHERE customer_id = 42");

    /// <summary>X02: investigator's denied UPDATE of the same template.</summary>
    public static Finding InvestigatorCreditLimit { get; } = Statement(
        "F-00000000000000a2", "investigator", Severity.Medium, FindingKinds.FailedAttempt, 19, 48399, "19:52:13",
        CreditLimitTemplate, "UPDATE customers SET credit_limit = 0 WHERE customer_id = 7") with { RetCode = 1142 };

    /// <summary>X18: dba_alice's ALTER TABLE from a migration that is not in the approved folder.</summary>
    public static Finding AliceHotfix { get; } = Statement(
        "F-00000000000000b8", "dba_alice", Severity.High, FindingKinds.UnapprovedDdl, 41, 150000, "19:58:02",
        "ALTER TABLE invoices ADD COLUMN discount DECIMAL ( ? , ? ) NOT NULL DEFAULT ?", "ALTER TABLE invoices ADD COLUMN discount DECIMAL(10,2) NOT NULL DEFAULT 0.00");

    /// <summary>X14: dba_bob switched audit logging off: critical.</summary>
    public static Finding BobAuditOff { get; } = Statement(
        "F-00000000000000e4", "dba_bob", Severity.Critical, FindingKinds.AuditConfigChange, 30, 120000, "19:56:40",
        "SET GLOBAL server_audit_logging = OFF", "SET GLOBAL server_audit_logging=OFF");

    /// <summary>X04: another statement on dba_bob's connection 26, a minute after X03, for the context listing.</summary>
    public static Finding BobDueDate { get; } = Statement(
        "F-00000000000000a4", "dba_bob", Severity.High, FindingKinds.UnapprovedWrite, 26, 99100, "19:54:01",
        "UPDATE invoices SET due_at = due_at + INTERVAL ? DAY WHERE invoice_id = ?", "UPDATE invoices SET due_at = due_at + INTERVAL 14 DAY WHERE invoice_id = 1007");

    public static IReadOnlyList<Finding> All { get; } = [InvestigatorCreditLimit, BobCreditLimit, BobDueDate, BobAuditOff, AliceHotfix];

    /// <summary>Creates the store at the location and saves the fixture findings as one reconciliation.</summary>
    public static async Task SeedAsync(string location, TimeProvider time, IEnumerable<Finding>? findings = null)
    {
        await using IStateStore store = await StateStoreLocation.OpenAsync(location, time, CancellationToken.None);
        await store.SaveReconciliationAsync(
            new ReconciliationSnapshot
            {
                ScopeKey = "reconcile:2026-12",
                Result = new ReconciliationResult
                {
                    Findings = (findings ?? All).ToList(),
                    ApprovedExecutions = [],
                    InformationalReads = [],
                    AuditOffIntervals = [],
                    Counters = new ReconcileCounters(),
                },
            },
            CancellationToken.None);
    }

    public static Finding Statement(
        string id, string account, Severity severity, string kind, long connectionId, long queryId, string utcTime, string template, string statement) => new()
        {
            Id = id,
            Severity = severity,
            Kind = kind,
            OccurredAt = DateTimeOffset.Parse("2026-12-04T" + utcTime + "Z", System.Globalization.CultureInfo.InvariantCulture),
            Instance = "vm",
            Account = account,
            ClientHost = "localhost",
            ConnectionId = connectionId,
            QueryId = queryId,
            Database = "billing",
            StatementKind = StatementKind.Dml,
            Template = template,
            MaskedStatement = template,
            Statement = statement,
            RetCode = 0,
            Reason = "statement matches no approved script",
            Source = $"server_audit.log:{queryId}",
        };
}
