using QueryAudit.Core.Reconciliation;

namespace QueryAudit.Core.Policy;

/// <summary>
/// The reconciliation policy: account classes, thresholds and rule settings. Loaded by <see cref="PolicyLoader"/>;
/// every property has the default that applies when the file omits its key.
/// </summary>
public sealed record AuditPolicy
{
    /// <summary>IANA time zone of the reporting period. Default <c>Asia/Tokyo</c>.</summary>
    public string TimeZone { get; init; } = "Asia/Tokyo";

    /// <summary>Server version for <c>/*!NNNNN */</c> comments. Default 80032 (MySQL 8.0.32, Aurora MySQL 3).</summary>
    public int ServerVersion { get; init; } = 80032;

    /// <summary>Language of the report when the command line does not choose one: <c>en</c> or <c>ja</c>. Default <c>en</c>.</summary>
    public string ReportLanguage { get; init; } = "en";

    /// <summary>Organisation name printed on the report cover. Default empty.</summary>
    public string Organisation { get; init; } = "";

    /// <summary>Account rules; the first match wins. Unmatched accounts are <see cref="AccountClass.Unknown"/>.</summary>
    public IReadOnlyList<AccountRule> Accounts { get; init; } = [];

    /// <summary>People who may triage findings.</summary>
    public IReadOnlyList<Reviewer> Reviewers { get; init; } = [];

    /// <summary>Default treatment of human reads. Default informational.</summary>
    public HumanReadTreatment HumanReads { get; init; } = HumanReadTreatment.Informational;

    /// <summary>Per-table overrides of <see cref="HumanReads"/>; the first matching rule wins.</summary>
    public IReadOnlyList<HumanReadRule> HumanReadRules { get; init; } = [];

    /// <summary>A silent interval on an instance longer than this is a log gap. Default 15 minutes.</summary>
    public TimeSpan GapThreshold { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>Per-instance overrides of <see cref="GapThreshold"/> (instance id or glob).</summary>
    public IReadOnlyDictionary<string, TimeSpan> InstanceGapThresholds { get; init; } = new Dictionary<string, TimeSpan>();

    /// <summary>Failed logins of one account at or above this count within <see cref="FailedLoginWindow"/> form a burst. Default 5.</summary>
    public int FailedLoginBurstCount { get; init; } = 5;

    /// <summary>Window for <see cref="FailedLoginBurstCount"/>. Default 1 minute.</summary>
    public TimeSpan FailedLoginWindow { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Longest execution window an operation script may declare. Default 7 days.</summary>
    public TimeSpan MaxOperationWindow { get; init; } = TimeSpan.FromDays(7);

    /// <summary>Size of the random audit sample of approved executions. Default 25.</summary>
    public int AuditSampleSize { get; init; } = 25;

    /// <summary>
    /// Byte limit at which the server cuts logged statements (MariaDB <c>server_audit_query_log_limit</c>). Default null:
    /// the layout's own default applies, 1024 for MariaDB and RDS for MySQL and unknown for Aurora, which documents none.
    /// </summary>
    public int? QueryLogLimit { get; init; }

    /// <summary>Time zone of MariaDB-layout timestamps, which the server writes in its local time. Default UTC.</summary>
    public string LogTimeZone { get; init; } = "UTC";

    /// <summary>Severity per finding kind; kinds not listed take <see cref="PolicyDefaults.Severities"/>.</summary>
    public IReadOnlyDictionary<string, Severity> Severities { get; init; } = new Dictionary<string, Severity>();

    /// <summary>
    /// Regular expressions over statement templates that are client or driver noise (session probes), never flagged.
    /// The defaults in <see cref="PolicyDefaults.NoiseTemplates"/> always apply; these are added.
    /// </summary>
    public IReadOnlyList<string> NoiseTemplates { get; init; } = [];

    /// <summary>
    /// Migration tools' history tables whose statements are bookkeeping, never flagged. The defaults in
    /// <see cref="PolicyDefaults.BookkeepingTables"/> always apply; these are added.
    /// </summary>
    public IReadOnlyList<string> BookkeepingTables { get; init; } = [];

    /// <summary>SHA-256 (lower-case hex) of the policy file's bytes; empty for a policy built in code.</summary>
    public string Sha256 { get; init; } = "";

    /// <summary>Path of the policy file; empty for a policy built in code.</summary>
    public string Path { get; init; } = "";

    /// <summary>Returns the class of an account and the rule that gave it (null for unknown accounts).</summary>
    public (AccountClass Class, AccountRule? Rule) Classify(string account)
    {
        foreach (AccountRule rule in Accounts)
        {
            if (rule.Matches(account))
            {
                return (rule.Class, rule);
            }
        }

        return (AccountClass.Unknown, null);
    }

    /// <summary>Returns the severity configured for a finding kind.</summary>
    public Severity SeverityOf(string kind)
    {
        if (Severities.TryGetValue(kind, out Severity severity))
        {
            return severity;
        }

        return PolicyDefaults.Severities.TryGetValue(kind, out severity) ? severity : Severity.High;
    }

    /// <summary>Returns the gap threshold that applies to an instance.</summary>
    public TimeSpan GapThresholdFor(string instance)
    {
        foreach ((string pattern, TimeSpan threshold) in InstanceGapThresholds)
        {
            if (GlobPattern.IsMatch(pattern, instance))
            {
                return threshold;
            }
        }

        return GapThreshold;
    }

    /// <summary>Returns how a human read of these tables is treated: an exception rule on any table wins.</summary>
    public HumanReadTreatment HumanReadTreatmentFor(IReadOnlyList<string> tables)
    {
        if (HumanReadRules.Count == 0 || tables.Count == 0)
        {
            return HumanReads;
        }

        HumanReadTreatment result = HumanReadTreatment.Informational;
        bool anyRule = false;
        foreach (string table in tables)
        {
            HumanReadTreatment? treatment = null;
            foreach (HumanReadRule rule in HumanReadRules)
            {
                if (GlobPattern.IsMatch(rule.TablePattern, table))
                {
                    treatment = rule.Treatment;
                    break;
                }
            }

            anyRule |= treatment is not null;
            if ((treatment ?? HumanReads) == HumanReadTreatment.Exception)
            {
                result = HumanReadTreatment.Exception;
            }
        }

        return anyRule ? result : HumanReads;
    }

    /// <summary>Returns the reviewer whose own accounts include <paramref name="account"/>, if any.</summary>
    public Reviewer? ReviewerOwning(string account) =>
        Reviewers.FirstOrDefault(r => r.Accounts.Contains(account, StringComparer.Ordinal));
}
