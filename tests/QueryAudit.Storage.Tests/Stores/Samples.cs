using QueryAudit.Core.Audit;
using QueryAudit.Core.Reconciliation;
using QueryAudit.Sql;

namespace QueryAudit.Storage.Tests.Stores;

/// <summary>
/// Findings and executions modelled on the fixture month's real capture (accounts, statements, times).
/// </summary>
internal static class Samples
{
    public static readonly DateTimeOffset Clock = new(2026, 12, 5, 0, 0, 0, TimeSpan.Zero);

    public static Finding Finding(
        string id,
        string account = "dba_bob",
        Severity severity = Severity.High,
        string kind = FindingKinds.UnapprovedWrite,
        DateTimeOffset? at = null,
        string instance = "billing-prod-instance-1",
        long connectionId = 26,
        long queryId = 99000,
        string? template = "UPDATE customers SET credit_limit = ? WHERE customer_id = ?",
        string? statement = "UPDATE customers SET credit_limit = 250000.00 WHERE customer_id = 42") => new()
        {
            Id = id,
            Severity = severity,
            Kind = kind,
            OccurredAt = at ?? new DateTimeOffset(2026, 12, 4, 19, 53, 15, TimeSpan.Zero),
            Instance = instance,
            Account = account,
            ClientHost = "localhost",
            ConnectionId = connectionId,
            QueryId = queryId,
            Database = "billing",
            StatementKind = template is null ? null : StatementKind.Dml,
            Template = template,
            MaskedStatement = template,
            Statement = statement,
            RetCode = 0,
            Reason = "human write with no approved script",
            Source = $"server_audit.log:{queryId}",
        };

    public static ApprovedExecution Execution(string source, int statement = 1, long connectionId = 30, DateTimeOffset? at = null) => new()
    {
        ExecutedAt = at ?? new DateTimeOffset(2026, 12, 4, 19, 55, 0, TimeSpan.Zero),
        Instance = "billing-prod-instance-1",
        Account = "dba_bob",
        ClientHost = "localhost",
        ConnectionId = connectionId,
        QueryId = 120000 + statement,
        Database = "billing",
        Script = "operations/OPS-2026-1202__void_invoice_1042.sql",
        ScriptStatement = statement,
        Ticket = "OPS-2026-1202",
        Approvers = ["k.suzuki", "h.tanaka"],
        Window = "2026-12-04T09:00+09:00/2026-12-05T09:00+09:00",
        Run = 1,
        ExactHash = new string('a', 64),
        Match = "exact",
        Source = source,
    };

    public static QuarantinedLine Quarantined(string source, long line) =>
        new(new SourcePosition(source, line), "expected 10 fields, found 3", "20261204 19:5", 13);

    public static ReconciliationResult Result(IReadOnlyList<Finding> findings, IReadOnlyList<ApprovedExecution> executions, long statements) => new()
    {
        Findings = findings,
        ApprovedExecutions = executions,
        InformationalReads = [],
        AuditOffIntervals = [],
        Counters = new ReconcileCounters { Statements = statements, QueryRecords = statements, Exceptions = findings.Count, Approved = executions.Count },
    };
}
