using System.Globalization;

namespace QueryAudit.Core.Reconciliation;

/// <summary>
/// Every reason the reconciler gives, with its code, English template and arguments. Report resources hold a
/// <c>reason.CODE</c> template per language with the same placeholders.
/// </summary>
public static class FindingReasons
{
    public static FindingReason WrongExecutor(string script, int statement, string account, string allowed) =>
        FindingReason.Create("wrong_executor", "matches approved {0} statement {1}, but was run by {2}; allowed: {3}", script, Number(statement), account, allowed);

    public static FindingReason ExecutedBeforeApproval(string script, int statement, DateTimeOffset at, DateTimeOffset approvedAt) =>
        FindingReason.Create("executed_before_approval", "matches approved {0} statement {1}, but ran at {2}, before its approval at {3}", script, Number(statement), Iso(at), Iso(approvedAt));

    public static FindingReason OutsideWindow(string script, int statement, DateTimeOffset at, string window) =>
        FindingReason.Create("outside_window", "matches approved {0} statement {1}, but ran at {2}, outside its window {3}", script, Number(statement), Iso(at), window);

    public static FindingReason WrongTarget(string script, int statement, string cluster, string databases, string targets) =>
        FindingReason.Create("wrong_target", "matches approved {0} statement {1}, but ran on cluster {2} in database {3}; targets are {4}", script, Number(statement), cluster, databases, targets);

    public static FindingReason MaxRunsExceeded(string script, int statement, int runs, int maxRuns) =>
        FindingReason.Create("max_runs_exceeded", "matches approved {0} statement {1}, but it already ran {2} time(s) on this target; max-runs is {3}", script, Number(statement), Number(runs), Number(maxRuns));

    public static FindingReason ValuesDiffer(string script, int statement, string context) =>
        FindingReason.Create("values_differ", "same template as approved {0} statement {1}, but the value after '{2}' differs", script, Number(statement), context);

    public static FindingReason ValuesDifferAtStart(string script, int statement) =>
        FindingReason.Create("values_differ_start", "same template as approved {0} statement {1}, but the first token differs", script, Number(statement));

    public static FindingReason ValuesDifferAtEnd(string script, int statement, string context) =>
        FindingReason.Create("values_differ_end", "same template as approved {0} statement {1}, but the statement ends differently after '{2}'", script, Number(statement), context);

    /// <param name="detail">Why the text is taken as cut, in English (argument 0; a translated template may leave it out).</param>
    public static FindingReason Truncated(string detail) =>
        FindingReason.Create("truncated_statement", "the logged text is cut ({0}), and its beginning matches no approved statement, so it cannot be verified", detail);

    public static FindingReason UnapprovedWrite() => FindingReason.Create("unapproved_write", "data change that matches no approved script");

    public static FindingReason UnapprovedDdl() => FindingReason.Create("unapproved_ddl", "schema change that matches no approved script");

    public static FindingReason UnapprovedDcl() => FindingReason.Create("unapproved_dcl", "account or privilege change that matches no approved script");

    public static FindingReason UnapprovedCall(string routine) =>
        FindingReason.Create("unapproved_call", "call of {0} that matches no approved script", routine);

    public static FindingReason UnapprovedRead() =>
        FindingReason.Create("unapproved_read", "ad-hoc read that matches no approved script; the policy treats such reads as exceptions");

    public static FindingReason DynamicSql() =>
        FindingReason.Create("dynamic_sql", "dynamic SQL (PREPARE/EXECUTE): the statement it runs is not in the log as text and cannot be verified");

    public static FindingReason UnapprovedAdmin() =>
        FindingReason.Create("unapproved_admin", "server administration statement that matches no approved script");

    public static FindingReason Unrecognised() =>
        FindingReason.Create("unrecognised_statement", "statement of unknown type that matches no approved script");

    public static FindingReason AuditConfigChange() => FindingReason.Create("audit_config_change", "the audit configuration was changed");

    public static FindingReason AppAccountDdl(string account) => FindingReason.Create("app_account_ddl", "application account {0} ran DDL", account);

    public static FindingReason AppAccountDcl(string account) => FindingReason.Create("app_account_dcl", "application account {0} ran DCL", account);

    public static FindingReason AppAccountHost(string account, string host, string networks) =>
        FindingReason.Create("app_account_unexpected_host", "application account {0} connected from {1}, outside its allowed networks {2}", account, host, networks);

    public static FindingReason UnknownAccountLogin(string account, string host) =>
        FindingReason.Create("unknown_account_login", "login by {0} from {1}, an account the policy does not list", account, host);

    public static FindingReason UnknownAccountStatement(string account) =>
        FindingReason.Create("unknown_account_statement", "statement by {0}, an account the policy does not list", account);

    public static FindingReason FailedLogin(string account, string host, int? error) =>
        FindingReason.Create("failed_login", "failed login for {0} from {1} (error {2})", account, host, error?.ToString(CultureInfo.InvariantCulture) ?? "?");

    public static FindingReason FailedLoginBurst(int count, string account, string window, int threshold, string instances, string hosts, string connections) =>
        FindingReason.Create(
            "failed_login_burst",
            "{0} failed logins for {1} within {2} or less of each other (threshold {3}) on {4}; from {5}; connections {6}",
            Number(count), account, window, Number(threshold), instances, hosts, connections);

    public static FindingReason ProcedureBodyWithoutDefinition(string routine) =>
        FindingReason.Create("procedure_definition_not_approved", "statements run by {0}, whose definition is not in the approved catalog", routine);

    public static FindingReason ProcedureBodyOfUnapprovedCall(string routine) =>
        FindingReason.Create("procedure_call_not_approved", "statements run by a call of {0} that is not approved", routine);

    public static FindingReason LogSilent(DateTimeOffset from, DateTimeOffset to, string length) =>
        FindingReason.Create("log_gap_silent", "no events for longer than the gap threshold: {0} to {1} ({2})", Iso(from), Iso(to), length);

    public static FindingReason LogAuditOff(DateTimeOffset from, DateTimeOffset to, string length) =>
        FindingReason.Create("log_gap_audit_off", "audit logging switched off: {0} to {1} ({2})", Iso(from), Iso(to), length);

    public static FindingReason LogAuditOffNotOn(DateTimeOffset from, DateTimeOffset to, string length) =>
        FindingReason.Create("log_gap_audit_off_open", "audit logging switched off and not switched on again: {0} to {1} ({2})", Iso(from), Iso(to), length);

    public static FindingReason LogNoEvents(DateTimeOffset from, DateTimeOffset to, string length) =>
        FindingReason.Create("log_gap_no_events", "no events from this instance in the period: {0} to {1} ({2})", Iso(from), Iso(to), length);

    public static FindingReason UnparsedLines(long count, string source) =>
        FindingReason.Create("unparsed_lines", "{0} line(s) of {1} could not be parsed; they are kept in quarantine.csv with their line numbers", Number(count), source);

    /// <summary>An input that could not be read to its end: the lines from <paramref name="firstUnreadLine"/> on are missing.</summary>
    public static FindingReason UnreadRest(long count, string source, long firstUnreadLine) =>
        FindingReason.Create(
            "unparsed_lines_unread_rest",
            "{1} was cut short or damaged: reading stopped at line {2}, so the rest of the file was not read and its events are missing from this report ({0} line(s) could not be parsed); obtain the complete file and run the report again",
            Number(count),
            source,
            Number(firstUnreadLine));

    public static FindingReason CatalogProblem(string problem) =>
        FindingReason.Create("catalog_problem", "the approved catalog has a problem, so the scripts it concerns approve nothing: {0}", problem);

    /// <summary>A note for a statement the server rejected: it changed nothing.</summary>
    public static FindingReason FailedAttempt(int error) =>
        FindingReason.Create("note_failed_attempt", " (failed attempt: error {0}, nothing was changed)", Number(error));

    /// <summary>A note for a statement run without a default database.</summary>
    public static FindingReason NoDatabase() => FindingReason.Create("note_no_database", " (no default database was selected)");

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
