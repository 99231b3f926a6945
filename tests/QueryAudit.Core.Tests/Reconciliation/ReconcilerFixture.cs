using System.Globalization;
using QueryAudit.Core.Audit;
using QueryAudit.Core.Policy;
using QueryAudit.Core.Reconciliation;
using QueryAudit.Sql;

namespace QueryAudit.Core.Tests.Reconciliation;

/// <summary>
/// Builds audit records, approvals and a reconciler for rule tests. Times are UTC on 2026-12-04.
/// </summary>
internal sealed class ReconcilerFixture
{
    public const string Policy = """
        time-zone: Asia/Tokyo
        accounts:
          - { match: app_billing, class: application, hosts: [10.0.0.0/16] }
          - { match: "dba_*", class: human }
          - { match: flyway, class: migration }
          - { match: admin, class: admin }
          - { match: rdsadmin, class: system }
        reviewers:
          - { name: k.suzuki, accounts: [dba_alice] }
        human-reads: informational
        failed-login-burst: { count: 5, within: 1m }
        """;

    private readonly List<ApprovedStatement> _approved = [];
    private long _line;

    public ReconcilerFixture(string policyYaml = Policy)
    {
        PolicyValue = PolicyLoader.Parse("policy.yaml", policyYaml);
    }

    public AuditPolicy PolicyValue { get; }

    public string? Cluster { get; init; } = "billing-prod";

    public static DateTimeOffset At(string time) =>
        DateTimeOffset.Parse("2026-12-04T" + time + "Z", CultureInfo.InvariantCulture);

    /// <summary>Adds an operation script approved for dba_bob in 19:00-21:00 on billing-prod/billing.</summary>
    public Approval Operation(string script, params string[] statements) =>
        Approve(new Approval
        {
            Script = script,
            Ticket = "OPS-1",
            Approvers = ["k.suzuki"],
            Executors = ["dba_bob"],
            WindowStart = At("19:00:00"),
            WindowEnd = At("21:00:00"),
            WindowText = "2026-12-05T04:00+09:00/2026-12-05T06:00+09:00",
            Targets = [new ApprovalTarget("billing-prod", "billing")],
        }, statements);

    /// <summary>Adds a migration approved at 09:00 for dba_alice on any target.</summary>
    public Approval Migration(string script, params string[] statements) =>
        Approve(new Approval
        {
            Script = script,
            IsMigration = true,
            Ticket = "DBCHG-1",
            Approvers = ["h.tanaka"],
            Executors = ["dba_alice"],
            ApprovedAt = At("09:00:00"),
        }, statements);

    public Approval Approve(Approval approval, params string[] statements)
    {
        for (int i = 0; i < statements.Length; i++)
        {
            _approved.Add(new ApprovedStatement(approval, i + 1, i + 1, SqlNormalizer.Normalize(statements[i])));
        }

        return approval;
    }

    public Reconciler Create() =>
        new(PolicyValue, new ApprovalIndex(_approved), new ReconcileOptions
        {
            PeriodStart = At("00:00:00"),
            PeriodEnd = At("23:59:59"),
            Cluster = Cluster,
            Sql = SqlNormalizerOptions.Default with { LogByteLimit = 1024 },
        });

    public AuditStatement Query(string account, string time, long connection, long queryId, string sql, int retCode = 0, string database = "billing", string host = "10.0.1.5", bool truncated = false) =>
        new(Event(account, time, connection, queryId, AuditOperation.Query, sql, retCode, database, host) with { Truncated = truncated }, []);

    public AuditEvent Event(string account, string time, long connection, long queryId, AuditOperation operation, string text = "", int? retCode = 0, string database = "billing", string host = "10.0.1.5") =>
        new()
        {
            Timestamp = At(time),
            Instance = "billing-prod-instance-1",
            User = account,
            Host = host,
            ConnectionId = connection,
            QueryId = queryId,
            Operation = operation,
            Database = database,
            ObjectText = text,
            RetCode = retCode,
            Format = AuditLogFormat.Aurora,
            Source = new SourcePosition("audit.log", ++_line),
        };
}
