using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using QueryAudit.Core.Policy;
using QueryAudit.Core.Reconciliation;
using QueryAudit.Sql;

namespace QueryAudit.Core.Reporting;

/// <summary>
/// Turns a reconciliation result into the <see cref="ReportModel"/>: adds gap and unparsed-line findings, applies
/// dispositions, computes the summary and controls, and draws the reproducible audit sample.
/// </summary>
public static class ReportBuilder
{
    /// <summary>Status words of a finding's disposition.</summary>
    public static IReadOnlyList<string> Statuses { get; } = ["open", "explained", "dismissed", "escalated", "suppressed"];

    public static ReportModel Build(ReportInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        AuditPolicy policy = inputs.Policy;
        IReadOnlyList<LogGap> gaps = AllGaps(inputs);
        List<Finding> findings = [.. inputs.Result.Findings, .. GapFindings(gaps, policy), .. UnparsedFindings(inputs), .. CatalogFindings(inputs)];

        // One finding per id: the same event can reach the reconciler twice (an input read twice by another path), and
        // the store keeps one row per id, so the report must too. The first, in input order, is kept.
        List<ReportFinding> reportFindings = findings
            .DistinctBy(f => f.Id, StringComparer.Ordinal)
            .Select(f => Disposed(Displayed(f, inputs.IncludeLiterals), inputs.Dispositions))
            .OrderByDescending(f => f.Finding.Severity)
            .ThenBy(f => f.Finding.Kind, StringComparer.Ordinal)
            .ThenBy(f => f.Finding.OccurredAt)
            .ThenBy(f => f.Finding.Id, StringComparer.Ordinal)
            .ToList();

        string reportId = ReportIds.Create(inputs);
        return new ReportModel
        {
            Header = new ReportHeader
            {
                ReportId = reportId,
                Organisation = policy.Organisation,
                Clusters = inputs.Clusters,
                Instances = inputs.Completeness.Coverage().Select(c => c.Instance).Union(inputs.ExpectedInstances, StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList(),
                PeriodStart = inputs.PeriodStart,
                PeriodEnd = inputs.PeriodEnd,
                TimeZone = inputs.TimeZone,
                PeriodLabel = inputs.PeriodLabel,
                GeneratedAt = inputs.PeriodEnd,
                ToolVersion = inputs.ToolVersion,
                CatalogCommit = inputs.CatalogCommit,
                CatalogHash = inputs.CatalogHash,
                PolicyHash = policy.Sha256,
                Language = inputs.Language,
                IncludeLiterals = inputs.IncludeLiterals,
                Amendment = inputs.Amendment,
            },
            Summary = Summary(inputs, reportFindings),
            Completeness = new CompletenessReport
            {
                Instances = inputs.Completeness.Coverage(),
                Gaps = gaps,
                UnparsedLines = inputs.Completeness.UnparsedLines,
                UnparsedBySource = inputs.Completeness.UnparsedBySource.OrderBy(p => p.Key, StringComparer.Ordinal).ToDictionary(),
                UnreadRestBySource = inputs.Completeness.UnreadRestBySource.OrderBy(p => p.Key, StringComparer.Ordinal).ToDictionary(),
                DuplicatesRemoved = inputs.DuplicatesRemoved,
                EventsOutsidePeriod = inputs.Completeness.EventsOutsidePeriod,
                LateEvents = inputs.LateEvents,
                AuditConfigChanges = findings.Count(f => f.Kind == FindingKinds.AuditConfigChange),
                Inputs = inputs.Inputs,
            },
            Findings = reportFindings,
            ApprovedExecutions = inputs.Result.ApprovedExecutions,
            AuditSample = Sample(inputs.Result.ApprovedExecutions, policy.AuditSampleSize, inputs.PeriodLabel + "\n" + inputs.CatalogHash),
            ScriptRuns = ScriptRuns(inputs),
            Method = new ReportMethod
            {
                Sources = inputs.Sources,
                Formats = inputs.Formats,
                Policy = PolicySettings(policy),
                TemplateAlgorithmVersion = SqlNormalizer.TemplateAlgorithmVersion,
            },
        };
    }

    /// <summary>
    /// Draws <paramref name="size"/> executions reproducibly: each is ranked by SHA-256 of the seed and its source, so the
    /// same period, catalog and log give the same sample, and an auditor can re-draw it from the CSV.
    /// </summary>
    public static IReadOnlyList<ApprovedExecution> Sample(IReadOnlyList<ApprovedExecution> executions, int size, string seed)
    {
        ArgumentNullException.ThrowIfNull(executions);
        return executions
            .Select(e => (Execution: e, Rank: Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(seed + "\n" + e.Source)))))
            .OrderBy(p => p.Rank, StringComparer.Ordinal)
            .Take(Math.Max(0, size))
            .Select(p => p.Execution)
            .OrderBy(e => e.ExecutedAt)
            .ThenBy(e => e.Source, StringComparer.Ordinal)
            .ToList();
    }

    private static List<LogGap> AllGaps(ReportInputs inputs)
    {
        List<LogGap> gaps = [.. inputs.Completeness.Gaps(inputs.Policy, inputs.ObservedUntil, inputs.ExpectedInstances)];
        gaps.AddRange(AuditOffGaps(inputs.Result.AuditOffIntervals, inputs.ObservedUntil));

        if (inputs.Completeness.Events == 0 && inputs.ObservedUntil > inputs.PeriodStart && inputs.ExpectedInstances.Count == 0)
        {
            // Nothing at all was logged in the period: the population cannot be shown complete for any instance.
            gaps.Add(new LogGap("*", inputs.PeriodStart, inputs.ObservedUntil, "no events from any instance in the period") { Cause = GapCause.NoEvents });
        }

        return gaps.OrderBy(g => g.Instance, StringComparer.Ordinal).ThenBy(g => g.From).ToList();
    }

    /// <summary>
    /// Returns the <c>log_gap</c> findings of the intervals in which audit logging was switched off, with the ids and
    /// reasons the report gives them, so that ingestion stores the same findings as <c>reconcile --store</c>. An
    /// interval not switched on again ends at <paramref name="observedUntil"/>.
    /// </summary>
    public static IReadOnlyList<Finding> AuditOffFindings(
        IEnumerable<(string Instance, DateTimeOffset Off, DateTimeOffset? On)> intervals, AuditPolicy policy, DateTimeOffset observedUntil)
    {
        ArgumentNullException.ThrowIfNull(intervals);
        ArgumentNullException.ThrowIfNull(policy);
        return GapFindings(AuditOffGaps(intervals, observedUntil).ToList(), policy).ToList();
    }

    private static IEnumerable<LogGap> AuditOffGaps(
        IEnumerable<(string Instance, DateTimeOffset Off, DateTimeOffset? On)> intervals, DateTimeOffset observedUntil) =>
        intervals.Select(interval => interval.On is { } on
            ? new LogGap(interval.Instance, interval.Off, on, "audit logging switched off") { Cause = GapCause.AuditLoggingOff }
            : new LogGap(interval.Instance, interval.Off, observedUntil, "audit logging switched off and not switched on again") { Cause = GapCause.AuditLoggingNotResumed });

    private static IEnumerable<Finding> GapFindings(IReadOnlyList<LogGap> gaps, AuditPolicy policy) =>
        gaps.Select(gap =>
        {
            FindingReason reason = gap.Cause switch
            {
                GapCause.AuditLoggingOff => FindingReasons.LogAuditOff(gap.From, gap.To, Length(gap.To - gap.From)),
                GapCause.AuditLoggingNotResumed => FindingReasons.LogAuditOffNotOn(gap.From, gap.To, Length(gap.To - gap.From)),
                GapCause.NoEvents => FindingReasons.LogNoEvents(gap.From, gap.To, Length(gap.To - gap.From)),
                _ => FindingReasons.LogSilent(gap.From, gap.To, Length(gap.To - gap.From)),
            };
            return new Finding
            {
                Id = FindingIds.Create(FindingKinds.LogGap, $"{gap.Instance}@{gap.From.UtcTicks}"),
                Severity = policy.SeverityOf(FindingKinds.LogGap),
                Kind = FindingKinds.LogGap,
                OccurredAt = gap.From,
                EndsAt = gap.To,
                Instance = gap.Instance,
                Account = "",
                Reason = reason.Text,
                ReasonCode = reason.Code,
                ReasonArguments = reason.Arguments,
                Source = gap.Instance,
            };
        });

    private static IEnumerable<Finding> UnparsedFindings(ReportInputs inputs) =>
        inputs.Completeness.UnparsedBySource.OrderBy(p => p.Key, StringComparer.Ordinal).Select(pair =>
        {
            FindingReason reason = inputs.Completeness.UnreadRestBySource.TryGetValue(pair.Key, out long firstUnread)
                ? FindingReasons.UnreadRest(pair.Value, pair.Key, firstUnread)
                : FindingReasons.UnparsedLines(pair.Value, pair.Key);
            return new Finding
            {
                Id = FindingIds.Create(FindingKinds.UnparsedLines, inputs.ContentHashes.GetValueOrDefault(pair.Key) ?? pair.Key),
                Severity = inputs.Policy.SeverityOf(FindingKinds.UnparsedLines),
                Kind = FindingKinds.UnparsedLines,
                OccurredAt = inputs.PeriodStart,
                Instance = "",
                Account = "",
                Reason = reason.Text,
                ReasonCode = reason.Code,
                ReasonArguments = reason.Arguments,
                Source = pair.Key,
                EventCount = (int)Math.Min(int.MaxValue, pair.Value),
            };
        });

    private static IEnumerable<Finding> CatalogFindings(ReportInputs inputs) =>
        inputs.CatalogProblems.Select(problem =>
        {
            FindingReason reason = FindingReasons.CatalogProblem(problem);
            return new Finding
            {
                Id = FindingIds.Create(FindingKinds.CatalogProblem, problem),
                Severity = inputs.Policy.SeverityOf(FindingKinds.CatalogProblem),
                Kind = FindingKinds.CatalogProblem,
                OccurredAt = inputs.PeriodStart,
                Instance = "",
                Account = "",
                Reason = reason.Text,
                ReasonCode = reason.Code,
                ReasonArguments = reason.Arguments,
                Source = problem.Split(": ", 2)[0],
            };
        });

    /// <summary>
    /// Shows statements with their literals when the report includes literals, and always for account and privilege
    /// changes: their literals name the account and host granted, which the auditor must see, and the server itself
    /// masks passwords in the log.
    /// </summary>
    private static Finding Displayed(Finding finding, bool includeLiterals) =>
        finding.Statement is { } statement && (includeLiterals || finding.StatementKind == StatementKind.Dcl)
            ? finding with { MaskedStatement = statement }
            : finding;

    private static ReportFinding Disposed(Finding finding, IReadOnlyDictionary<string, FindingDisposition> dispositions) =>
        dispositions.TryGetValue(finding.Id, out FindingDisposition? d)
            ? new ReportFinding { Finding = finding, Status = d.Status, Reviewers = d.Reviewers, Ticket = d.Ticket, Note = d.Note }
            : new ReportFinding { Finding = finding };

    private static ReportSummary Summary(ReportInputs inputs, IReadOnlyList<ReportFinding> findings)
    {
        ReconcileCounters counters = inputs.Result.Counters;
        Dictionary<Severity, int> bySeverity = Enum.GetValues<Severity>().ToDictionary(s => s, s => findings.Count(f => f.Finding.Severity == s));
        Dictionary<string, int> byStatus = Statuses.ToDictionary(s => s, s => findings.Count(f => f.Status == s), StringComparer.Ordinal);
        List<ControlConclusion> controls = [];
        foreach (string control in Controls)
        {
            List<ReportFinding> under = findings.Where(f => ControlOf(f.Finding) == control).ToList();
            controls.Add(new ControlConclusion(
                control,
                under.Count,
                under.Count(f => f.Status is "explained" or "dismissed" or "suppressed"),
                under.Count(f => f.Status is "open" or "escalated")));
        }

        return new ReportSummary
        {
            EventsRead = inputs.Completeness.Events,
            StatementsReconciled = counters.Statements,
            ApprovedExecutions = counters.Approved,
            SystemStatements = counters.System,
            ApplicationStatements = counters.Application,
            InformationalReads = counters.InformationalReads,
            ExemptStatements = counters.SessionOrTransaction + counters.Noise + counters.Bookkeeping,
            StatementExceptions = counters.StatementExceptions,
            UnparsedLines = inputs.Completeness.UnparsedLines,
            ExceptionsBySeverity = bySeverity,
            ExceptionsByStatus = byStatus,
            Controls = controls,
        };
    }

    /// <summary>Control ids in report order.</summary>
    public static IReadOnlyList<string> Controls { get; } = ["ddl", "dml", "dcl", "audit_config", "completeness", "logins", "reads", "other"];

    /// <summary>Returns the control a finding belongs to.</summary>
    public static string ControlOf(Finding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        return finding.Kind switch
        {
            FindingKinds.UnapprovedDdl or FindingKinds.AppAccountDdl => "ddl",
            FindingKinds.UnapprovedWrite or FindingKinds.UnapprovedCall or FindingKinds.DynamicSql => "dml",
            FindingKinds.UnapprovedDcl or FindingKinds.AppAccountDcl => "dcl",
            FindingKinds.AuditConfigChange => "audit_config",
            FindingKinds.LogGap or FindingKinds.UnparsedLines or FindingKinds.TruncatedStatement => "completeness",
            FindingKinds.CatalogProblem => "other",
            FindingKinds.FailedLogin or FindingKinds.FailedLoginBurst or FindingKinds.UnknownAccount or FindingKinds.AppAccountUnexpectedHost => "logins",
            FindingKinds.UnapprovedRead => "reads",
            _ => finding.StatementKind switch
            {
                StatementKind.Ddl => "ddl",
                StatementKind.Dml or StatementKind.Call => "dml",
                StatementKind.Dcl => "dcl",
                StatementKind.Read => "reads",
                _ => "other",
            },
        };
    }

    private static List<ScriptRunSummary> ScriptRuns(ReportInputs inputs)
    {
        Dictionary<string, List<ApprovedExecution>> runsByScript = inputs.Result.ApprovedExecutions
            .GroupBy(e => e.Script, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);

        return inputs.Approvals.All
            .GroupBy(s => s.Approval.Script, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g =>
            {
                Approval approval = g.First().Approval;
                List<ApprovedExecution> runs = runsByScript.GetValueOrDefault(g.Key) ?? [];
                List<ApprovedExecution> direct = runs.Where(r => r.Match != "procedure").ToList();
                return new ScriptRunSummary(
                    g.Key,
                    approval.IsMigration ? "migration" : "operation",
                    approval.Ticket,
                    approval.Approvers,
                    approval.Executors,
                    approval.WindowText,
                    g.Count(),
                    direct.Select(r => r.ScriptStatement).Distinct().Count(),
                    direct.Count == 0 ? 0 : direct.GroupBy(r => r.ScriptStatement).Max(x => x.Count()));
            })
            .ToList();
    }

    private static List<KeyValuePair<string, string>> PolicySettings(AuditPolicy policy)
    {
        List<KeyValuePair<string, string>> settings =
        [
            new("time-zone", policy.TimeZone),
            new("server-version", policy.ServerVersion.ToString(CultureInfo.InvariantCulture)),
            new("human-reads", policy.HumanReads == HumanReadTreatment.Exception ? "exception" : "informational"),
            new("gap-threshold", DurationParser.Format(policy.GapThreshold)),
            new("failed-login-burst", $"{policy.FailedLoginBurstCount.ToString(CultureInfo.InvariantCulture)} within {DurationParser.Format(policy.FailedLoginWindow)}"),
            new("max-operation-window", DurationParser.Format(policy.MaxOperationWindow)),
            new("audit-sample-size", policy.AuditSampleSize.ToString(CultureInfo.InvariantCulture)),
            new("query-log-limit", policy.QueryLogLimit?.ToString(CultureInfo.InvariantCulture) ?? "layout default (1024 for MariaDB and RDS for MySQL, unknown for Aurora)"),
        ];
        foreach (AccountRule rule in policy.Accounts)
        {
            string hosts = rule.Hosts.Count == 0 ? "" : " hosts " + string.Join(", ", rule.Hosts);
            settings.Add(new("account " + rule.Match, rule.Class.ToString().ToLowerInvariant() + hosts));
        }

        return settings;
    }

    private static string Length(TimeSpan length) => length switch
    {
        { TotalMinutes: < 1 } => string.Create(CultureInfo.InvariantCulture, $"{(long)length.TotalSeconds} s"),
        { TotalHours: < 2 } => string.Create(CultureInfo.InvariantCulture, $"{length.TotalMinutes:0.#} min"),
        { TotalDays: < 2 } => string.Create(CultureInfo.InvariantCulture, $"{length.TotalHours:0.#} h"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{length.TotalDays:0.#} days"),
    };

    private static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
