using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using QueryAudit.Core.Reconciliation;
using QueryAudit.Core.Reporting;
using QueryAudit.Sql;

namespace QueryAudit.Reports.Tests.Fixtures;

/// <summary>
/// Builds a realistic December 2026 report model for the billing-prod cluster in Asia/Tokyo: two instances with
/// hourly counts and one silent stretch, findings of every kind with Japanese names and notes, a very long
/// statement, approved executions of the fixture catalog's scripts, and a policy. Everything is derived from a
/// fixed seed, so two calls give equal models.
/// </summary>
internal static class ReportModelFixture
{
    public const string ReportId = "QA-2026-12-billing-prod";
    public const string Instance1 = "billing-prod-instance-1";
    public const string Instance2 = "billing-prod-instance-2";

    private static readonly string[] Statuses = ["open", "explained", "dismissed", "escalated"];

    /// <summary>2026-12-01 00:00 in Asia/Tokyo.</summary>
    public static readonly DateTimeOffset PeriodStart = new(2026, 11, 30, 15, 0, 0, TimeSpan.Zero);

    /// <summary>2027-01-01 00:00 in Asia/Tokyo.</summary>
    public static readonly DateTimeOffset PeriodEnd = new(2026, 12, 31, 15, 0, 0, TimeSpan.Zero);

    /// <summary>A statement of about 6,000 characters: an INSERT of 120 rows, as a bulk load would log it.</summary>
    public static readonly string LongStatement = BuildLongStatement();

    /// <summary>Builds the model with the hand-written findings plus <paramref name="extraFindings"/> generated ones.</summary>
    public static ReportModel Build(string language = "en", int extraFindings = 0, int extraExecutions = 0, bool includeLiterals = false)
    {
        List<ReportFinding> findings = HandWrittenFindings();
        findings.AddRange(GeneratedFindings(extraFindings));
        findings = [.. findings
            .OrderByDescending(item => item.Finding.Severity)
            .ThenBy(item => item.Finding.Kind, StringComparer.Ordinal)
            .ThenBy(item => item.Finding.OccurredAt)
            .ThenBy(item => item.Finding.Id, StringComparer.Ordinal)];

        List<ApprovedExecution> executions = Executions(extraExecutions);

        return new ReportModel
        {
            Header = new ReportHeader
            {
                ReportId = ReportId,
                Organisation = "株式会社サンプル請求 (Sample Billing K.K.)",
                Clusters = ["billing-prod"],
                Instances = [Instance1, Instance2],
                PeriodStart = PeriodStart,
                PeriodEnd = PeriodEnd,
                TimeZone = "Asia/Tokyo",
                PeriodLabel = "2026-12",
                GeneratedAt = PeriodEnd,
                ToolVersion = "0.1.0",
                CatalogCommit = "3f9c2a1d7be04c55e61f0a2b9d8c7e6f5a4b3c2d",
                CatalogHash = "sha256:5d41402abc4b2a76b9719d911017c592e4f1b2c3d4e5f60718293a4b5c6d7e8f",
                PolicyHash = "sha256:9e107d9d372bb6826bd81d3542a419d6c1e2f3a4b5c6d7e8f90a1b2c3d4e5f60",
                Language = language,
                IncludeLiterals = includeLiterals,
            },
            Summary = Summary(findings, executions.Count),
            Completeness = Completeness(),
            Findings = findings,
            ApprovedExecutions = executions,
            AuditSample = [.. executions.Where((_, index) => index % 3 == 0).Take(25)],
            ScriptRuns =
            [
                new ScriptRunSummary("migrations/V001__create_billing_core.sql", "migration", null, ["a.sato"], ["dba_alice"], "", 4, 4, 4),
                new ScriptRunSummary("migrations/V002__invoice_status_and_indexes.sql", "migration", null, ["a.sato"], ["dba_alice"], "", 6, 6, 6),
                new ScriptRunSummary("operations/OPS-2026-1201__fix_negative_balances.sql", "operation", "OPS-2026-1201", ["k.suzuki"], ["dba_bob"], "2026-12-04T09:00+09:00/2026-12-04T18:00+09:00", 2, 2, 2),
                new ScriptRunSummary("operations/OPS-2026-1204__rename_customer_7_jp.sql", "operation", "OPS-2026-1204", ["h.tanaka", "k.suzuki"], ["dba_bob"], "2026-12-10T10:00+09:00/2026-12-10T12:00+09:00", 1, 1, 1),
            ],
            Method = new ReportMethod
            {
                Sources = ["file: logs/aurora/billing-prod-instance-1.audit.log.gz", "CloudWatch Logs: /aws/rds/cluster/billing-prod/audit (2 streams)"],
                Formats = ["Aurora MySQL Advanced Auditing (CSV, microsecond timestamps)", "MariaDB server_audit"],
                Policy =
                [
                    new("time-zone", "Asia/Tokyo"),
                    new("server-version", "80032"),
                    new("accounts", "app_billing: application (10.0.0.0/16); dba_*: human; flyway: migration; rdsadmin: system"),
                    new("human-reads", "informational"),
                    new("gap-threshold", "15m"),
                    new("failed-login-burst", "5 within 1m"),
                    new("max-operation-window", "7d"),
                    new("audit-sample-size", "25"),
                    new("account app_billing", "application hosts 10.0.0.0/16"),
                    new("account dba_alice", "human"),
                ],
                TemplateAlgorithmVersion = 1,
            },
        };
    }

    private static List<ReportFinding> HandWrittenFindings() =>
    [
        Open(new Finding
        {
            Id = "F-6c1e0a93b2d4",
            Severity = Severity.Critical,
            Kind = FindingKinds.AuditConfigChange,
            OccurredAt = At(12, 4, 23, 14, 5),
            Instance = Instance1,
            Account = "dba_bob",
            ClientHost = "10.0.3.17",
            ConnectionId = 27,
            QueryId = 106100,
            StatementKind = StatementKind.AuditConfig,
            Template = "SET GLOBAL server_audit_logging = ?",
            MaskedStatement = "SET GLOBAL server_audit_logging = ?",
            Statement = "SET GLOBAL server_audit_logging = OFF",
            Reason = "",
            Source = "logs/mariadb/server_audit.log.003.gz:1842",
        }.Because(FindingReasons.AuditConfigChange())),
        new ReportFinding
        {
            Finding = new Finding
            {
                Id = "F-0b7d55e1c9aa",
                Severity = Severity.Critical,
                Kind = FindingKinds.LogGap,
                OccurredAt = At(12, 18, 2, 0, 0),
                EndsAt = At(12, 18, 5, 30, 0),
                Instance = Instance2,
                Account = "",
                Reason = "",
                Source = "/aws/rds/cluster/billing-prod/audit:billing-prod-instance-2",
                EventCount = 0,
            }.Because(FindingReasons.LogSilent(At(12, 18, 2, 0, 0), At(12, 18, 5, 30, 0), "3.5 h")),
            Status = "explained",
            Reviewers = ["k.suzuki", "h.tanaka"],
            Ticket = "INC-2026-0412",
            Note = "メンテナンスウィンドウ中の再起動によるもの。AWS の計画メンテナンス通知で確認済み。",
        },
        new ReportFinding
        {
            Finding = new Finding
            {
                Id = "F-a1f09c3e7d21",
                Severity = Severity.High,
                Kind = FindingKinds.UnapprovedWrite,
                OccurredAt = At(12, 5, 4, 53, 15),
                Instance = Instance1,
                Account = "dba_bob",
                ClientHost = "10.0.3.17",
                ConnectionId = 26,
                QueryId = 99000,
                Database = "billing",
                StatementKind = StatementKind.Dml,
                Template = "UPDATE customers SET credit_limit = ? WHERE customer_id = ?",
                MaskedStatement = "UPDATE customers SET credit_limit = ? WHERE customer_id = ?",
                Statement = "UPDATE customers SET credit_limit = 250000.00 WHERE customer_id = 42",
                Reason = "",
                Source = "logs/mariadb/server_audit.log.002.gz:77",
            }.Because(FindingReasons.UnapprovedWrite()),
            Status = "escalated",
            Reviewers = ["k.suzuki"],
            Ticket = "SEC-2026-0031",
            Note = "与信限度額の手動変更。営業部長の口頭依頼のみで、承認記録なし（職務分掌違反の疑い）。",
        },
        new ReportFinding
        {
            Finding = new Finding
            {
                Id = "F-77e2b8d04f16",
                Severity = Severity.High,
                Kind = FindingKinds.ValuesDiffer,
                OccurredAt = At(12, 10, 2, 12, 44),
                Instance = Instance1,
                Account = "dba_bob",
                ClientHost = "10.0.3.17",
                ConnectionId = 31,
                QueryId = 120311,
                Database = "billing",
                StatementKind = StatementKind.Dml,
                Template = "UPDATE customers SET name = ? WHERE customer_id = ?",
                MaskedStatement = "UPDATE customers SET name = ? WHERE customer_id = ?",
                Statement = "UPDATE customers SET name = '髙橋 𠮟太郎（株式会社﨑山）' WHERE customer_id = 8",
                Reason = "",
                Script = "operations/OPS-2026-1204__rename_customer_7_jp.sql",
                ScriptStatement = 1,
                Source = "logs/mariadb/server_audit.log.004.gz:311",
            }.Because(FindingReasons.ValuesDiffer("operations/OPS-2026-1204__rename_customer_7_jp.sql", 1, "customer_id =")),
            Status = "explained",
            Reviewers = ["h.tanaka"],
            Ticket = "OPS-2026-1204",
            Note = "顧客7と8は同一法人の名寄せ対象。「追加承認」はチケット上で取得済み、再発防止として手順書を更新。",
        },
        Open(new Finding
        {
            Id = "F-c3d94e0a8b17",
            Severity = Severity.High,
            Kind = FindingKinds.UnapprovedWrite,
            OccurredAt = At(12, 21, 9, 30, 2),
            Instance = Instance2,
            Account = "dba_carol",
            ClientHost = "10.0.4.201",
            ConnectionId = 4410,
            QueryId = 9912004,
            Database = "billing",
            StatementKind = StatementKind.Dml,
            Template = "INSERT INTO invoice_lines (invoice_id, line_no, sku, description, quantity, unit_price, tax_code) VALUES (?, ?, ?, ?, ?, ?, ?)",
            MaskedStatement = LongStatement,
            Statement = LongStatement,
            Reason = "No approved script contains this statement",
            Source = "/aws/rds/cluster/billing-prod/audit:billing-prod-instance-2:38012345678901234567890123456789012345678901234567",
        }),
        new ReportFinding
        {
            Finding = new Finding
            {
                Id = "F-5f8e21aa90c4",
                Severity = Severity.High,
                Kind = FindingKinds.FailedLoginBurst,
                OccurredAt = At(12, 12, 17, 2, 0),
                EndsAt = At(12, 12, 17, 2, 41),
                Instance = Instance1,
                Account = "admin",
                ClientHost = "203.0.113.45",
                Reason = "",
                Source = "logs/mariadb/server_audit.log.005.gz:10",
                EventCount = 12,
            }.Because(FindingReasons.FailedLoginBurst(12, "admin", "1m", 5, Instance1, "203.0.113.45", "301, 302, 303, 304, 305, 306, 307, 308, 309, 310, 311, 312")),
            Status = "dismissed",
            Reviewers = ["k.suzuki"],
            Ticket = "SEC-2026-0033",
            Note = "脆弱性診断業者による予定済みのテスト。",
        },
        Open(new Finding
        {
            Id = "F-2d6b0f4e13a8",
            Severity = Severity.Medium,
            Kind = FindingKinds.UnapprovedRead,
            OccurredAt = At(12, 4, 19, 52, 9),
            Instance = Instance1,
            Account = "investigator",
            ClientHost = "10.0.9.4",
            ConnectionId = 18,
            QueryId = 44971,
            Database = "billing",
            StatementKind = StatementKind.Read,
            Template = "SELECT customer_id, name, email FROM customers JOIN invoices USING (customer_id) WHERE amount > ?",
            MaskedStatement = "SELECT customer_id, name, email FROM customers JOIN invoices USING (customer_id) WHERE amount > ?",
            Statement = "SELECT customer_id, name, email FROM customers JOIN invoices USING (customer_id) WHERE amount > 90000",
            Reason = "",
            Source = "logs/mariadb/server_audit.log.001.gz:5021",
        }.Because(FindingReasons.UnapprovedRead())),
        Open(new Finding
        {
            Id = "F-9a0c7b3e5d62",
            Severity = Severity.Low,
            Kind = FindingKinds.FailedAttempt,
            OccurredAt = At(12, 4, 19, 52, 13),
            Instance = Instance1,
            Account = "investigator",
            ClientHost = "10.0.9.4",
            ConnectionId = 19,
            QueryId = 48399,
            Database = "billing",
            StatementKind = StatementKind.Dml,
            Template = "UPDATE customers SET credit_limit = ?",
            MaskedStatement = "UPDATE customers SET credit_limit = ?",
            Statement = "UPDATE customers SET credit_limit = 0",
            RetCode = 1142,
            Reason = "",
            Source = "logs/mariadb/server_audit.log.001.gz:5187",
        }.Because(FindingReasons.UnapprovedWrite().WithNote(FindingReasons.FailedAttempt(1142)))),
        Open(new Finding
        {
            Id = "F-e4b1d7c09f35",
            Severity = Severity.Low,
            Kind = FindingKinds.FailedLogin,
            OccurredAt = At(12, 30, 23, 59, 59),
            Instance = Instance2,
            Account = "app_billing",
            ClientHost = "10.0.1.12",
            RetCode = 1045,
            Reason = "",
            Source = "/aws/rds/cluster/billing-prod/audit:billing-prod-instance-2:3801999",
        }.Because(FindingReasons.FailedLogin("app_billing", "10.0.1.12", 1045))),
    ];

    /// <summary>Generates findings of rotating kinds, severities and statuses over the month, for volume tests.</summary>
    private static IEnumerable<ReportFinding> GeneratedFindings(int count)
    {
        Random random = new(20261201);
        string[] kinds = [FindingKinds.UnapprovedWrite, FindingKinds.UnapprovedRead, FindingKinds.FailedLogin, FindingKinds.OutsideWindow, FindingKinds.UnknownAccount, FindingKinds.AppAccountUnexpectedHost, FindingKinds.UnapprovedDdl];
        Severity[] severities = [Severity.High, Severity.Medium, Severity.Low, Severity.High, Severity.Medium, Severity.High, Severity.High];
        string[] statuses = ["open", "explained", "dismissed", "escalated", "open"];
        string[] tables = ["customers", "invoices", "invoice_lines", "payments", "請求明細"];
        for (int i = 0; i < count; i++)
        {
            int kind = random.Next(kinds.Length);
            string table = tables[random.Next(tables.Length)];
            string masked = kinds[kind] == FindingKinds.UnapprovedDdl
                ? $"ALTER TABLE {table} ADD COLUMN note_{i % 97} VARCHAR(?)"
                : $"UPDATE {table} SET status = ?, updated_at = NOW() WHERE id IN (?) AND tenant_id = ?";
            DateTimeOffset at = PeriodStart.AddSeconds(random.Next(31 * 24 * 3600));
            string status = statuses[random.Next(statuses.Length)];
            yield return new ReportFinding
            {
                Finding = new Finding
                {
                    Id = "F-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(i.ToString(CultureInfo.InvariantCulture))))[..12],
                    Severity = severities[kind],
                    Kind = kinds[kind],
                    OccurredAt = at,
                    Instance = i % 2 == 0 ? Instance1 : Instance2,
                    Account = "dba_" + (char)('a' + random.Next(6)),
                    ClientHost = "10.0." + random.Next(1, 9).ToString(CultureInfo.InvariantCulture) + "." + random.Next(2, 250).ToString(CultureInfo.InvariantCulture),
                    ConnectionId = random.Next(1, 90000),
                    QueryId = random.Next(1, 9000000),
                    Database = "billing",
                    StatementKind = kinds[kind] == FindingKinds.UnapprovedDdl ? StatementKind.Ddl : StatementKind.Dml,
                    Template = masked,
                    MaskedStatement = masked,
                    Reason = "No approved script contains this statement",
                    Source = "/aws/rds/cluster/billing-prod/audit:" + (i % 2 == 0 ? Instance1 : Instance2) + ":" + (38000000 + i).ToString(CultureInfo.InvariantCulture),
                },
                Status = status,
                Reviewers = status == "open" ? [] : ["k.suzuki"],
                Ticket = status == "open" ? null : "OPS-2026-" + (1300 + (i % 500)).ToString(CultureInfo.InvariantCulture),
                Note = status == "explained" ? "定例バッチの手動再実行。作業記録あり。" : null,
            };
        }
    }

    private static List<ApprovedExecution> Executions(int extra)
    {
        List<ApprovedExecution> executions = [];
        for (int i = 1; i <= 4; i++)
        {
            executions.Add(Execution(At(12, 2, 1, 10, i), "dba_alice", "migrations/V001__create_billing_core.sql", i, null, ["a.sato"], "", 1));
        }

        for (int i = 1; i <= 6; i++)
        {
            executions.Add(Execution(At(12, 2, 1, 20, i), "dba_alice", "migrations/V002__invoice_status_and_indexes.sql", i, null, ["a.sato"], "", 1));
        }

        executions.Add(Execution(At(12, 4, 1, 5, 0), "dba_bob", "operations/OPS-2026-1201__fix_negative_balances.sql", 1, "OPS-2026-1201", ["k.suzuki"], "2026-12-04T09:00+09:00/2026-12-04T18:00+09:00", 1));
        executions.Add(Execution(At(12, 4, 1, 5, 2), "dba_bob", "operations/OPS-2026-1201__fix_negative_balances.sql", 2, "OPS-2026-1201", ["k.suzuki"], "2026-12-04T09:00+09:00/2026-12-04T18:00+09:00", 1));
        executions.Add(Execution(At(12, 10, 1, 30, 0), "dba_bob", "operations/OPS-2026-1204__rename_customer_7_jp.sql", 1, "OPS-2026-1204", ["h.tanaka", "k.suzuki"], "2026-12-10T10:00+09:00/2026-12-10T12:00+09:00", 1));

        for (int i = 0; i < extra; i++)
        {
            executions.Add(Execution(PeriodStart.AddMinutes(37 * (i + 1)), "flyway", $"migrations/V{100 + (i / 5):000}__batch_{i / 5}.sql", (i % 5) + 1, null, ["a.sato"], "", 1));
        }

        return [.. executions.OrderBy(execution => execution.ExecutedAt)];
    }

    private static ApprovedExecution Execution(DateTimeOffset at, string account, string script, int statement, string? ticket, string[] approvers, string window, int run) => new()
    {
        ExecutedAt = at,
        Instance = Instance1,
        Account = account,
        ClientHost = "10.0.3.17",
        ConnectionId = 12 + statement,
        QueryId = 1000 + (statement * 7),
        Database = "billing",
        Script = script,
        ScriptStatement = statement,
        Ticket = ticket,
        Approvers = approvers,
        Window = window,
        Run = run,
        ExactHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(script + statement.ToString(CultureInfo.InvariantCulture)))),
        Source = "logs/mariadb/server_audit.log.gz:" + (100 + statement).ToString(CultureInfo.InvariantCulture),
    };

    private static ReportSummary Summary(List<ReportFinding> findings, int approved)
    {
        Dictionary<Severity, int> bySeverity = Enum.GetValues<Severity>().ToDictionary(severity => severity, severity => findings.Count(item => item.Finding.Severity == severity));
        Dictionary<string, int> byStatus = Statuses.ToDictionary(status => status, status => findings.Count(item => item.Status == status), StringComparer.Ordinal);
        return new ReportSummary
        {
            EventsRead = 1_284_377,
            StatementsReconciled = 402_118,
            ApprovedExecutions = approved,

            // The system row is what remains, so the six population rows add up to the statements reconciled.
            SystemStatements = 402_118 - approved - 398_990 - 1_204 - 1_150 - 17,
            ApplicationStatements = 398_990,
            InformationalReads = 1_204,
            ExemptStatements = 1_150,
            StatementExceptions = 17,
            UnparsedLines = 3,
            ExceptionsBySeverity = bySeverity,
            ExceptionsByStatus = byStatus,
            Controls =
            [
                Control("ddl", findings, FindingKinds.UnapprovedDdl, FindingKinds.AppAccountDdl),
                Control("dml", findings, FindingKinds.UnapprovedWrite, FindingKinds.ValuesDiffer, FindingKinds.OutsideWindow, FindingKinds.FailedAttempt),
                Control("dcl", findings, FindingKinds.UnapprovedDcl, FindingKinds.AppAccountDcl),
                Control("audit_config", findings, FindingKinds.AuditConfigChange),
                Control("completeness", findings, FindingKinds.LogGap, FindingKinds.UnparsedLines),
                Control("logins", findings, FindingKinds.FailedLogin, FindingKinds.FailedLoginBurst),
                Control("reads", findings, FindingKinds.UnapprovedRead),
            ],
        };
    }

    private static ControlConclusion Control(string control, List<ReportFinding> findings, params string[] kinds)
    {
        List<ReportFinding> matching = [.. findings.Where(item => kinds.Contains(item.Finding.Kind))];
        int explained = matching.Count(item => item.Status is "explained" or "dismissed");
        return new ControlConclusion(control, matching.Count, explained, matching.Count - explained);
    }

    private static CompletenessReport Completeness()
    {
        Dictionary<DateTimeOffset, long> hours1 = [];
        Dictionary<DateTimeOffset, long> hours2 = [];
        for (DateTimeOffset hour = PeriodStart; hour < PeriodEnd; hour = hour.AddHours(1))
        {
            hours1[hour] = 1200 + (hour.Hour * 13);

            // Instance 2 was silent from 02:00 to 05:30 UTC on 18 December (a restart), so that day shows 20 hours.
            bool silent = hour >= At(12, 18, 2, 0, 0) && hour < At(12, 18, 6, 0, 0);
            if (!silent)
            {
                hours2[hour] = 900 + (hour.Hour * 7);
            }
        }

        return new CompletenessReport
        {
            Instances =
            [
                new InstanceCoverage(Instance1, PeriodStart.AddSeconds(1), PeriodEnd.AddSeconds(-1), hours1.Values.Sum(), hours1),
                new InstanceCoverage(Instance2, PeriodStart.AddSeconds(2), PeriodEnd.AddSeconds(-3), hours2.Values.Sum(), hours2),
            ],
            Gaps = [new LogGap(Instance2, At(12, 18, 2, 0, 0), At(12, 18, 5, 30, 0), "no events (instance restart)")],
            UnparsedLines = 3,
            UnparsedBySource = new Dictionary<string, long>(StringComparer.Ordinal) { ["logs/mariadb/server_audit.log.003.gz"] = 3 },
            DuplicatesRemoved = 1_042,
            EventsOutsidePeriod = 87,
            LateEvents = 0,
            AuditConfigChanges = 1,
            Inputs =
            [
                new InputSummary("logs/aurora/billing-prod-instance-1.audit.log.gz", "2f1c8e3d9a0b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d", 48_331_902, 642_188, 642_188, 0, "aurora"),
                new InputSummary("logs/mariadb/server_audit.log.003.gz", "8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b", 1_204_551, 18_402, 18_399, 3, "mariadb"),
            ],
        };
    }

    private static string BuildLongStatement()
    {
        // The table name is one 140-character token, like a generated partition name, so it must break mid-word.
        string table = "invoice_lines_p" + Convert.ToHexStringLower(SHA256.HashData("partition"u8)) + Convert.ToHexStringLower(SHA256.HashData("2026-12"u8))[..60];
        StringBuilder builder = new("INSERT INTO " + table + " (invoice_id, line_no, sku, description, quantity, unit_price, tax_code) VALUES ");
        for (int i = 0; i < 120; i++)
        {
            builder.Append(i == 0 ? "" : ", ").Append("(?, ?, ?, ?, ?, ?, ?)");
        }

        return builder.Append(" ON DUPLICATE KEY UPDATE quantity = VALUES(quantity), unit_price = VALUES(unit_price)").ToString();
    }

    private static ReportFinding Open(Finding finding) => new() { Finding = finding };

    /// <summary>Returns an instant given in UTC (month, day, hour, minute, second of 2026).</summary>
    private static DateTimeOffset At(int month, int day, int hour, int minute, int second) => new(2026, month, day, hour, minute, second, TimeSpan.Zero);
}

/// <summary>
/// Sets a fixture finding's reason the way the reconciler does: English text, code, arguments and notes.
/// </summary>
internal static class FindingReasonExtensions
{
    public static Finding Because(this Finding finding, FindingReason reason) => finding with
    {
        Reason = reason.Text,
        ReasonCode = reason.Code,
        ReasonArguments = reason.Arguments,
        ReasonNotes = reason.Notes,
    };
}
