namespace QueryAudit.Core.Reconciliation;

/// <summary>
/// Stable snake_case names of finding kinds, as written in CSV, JSON and the store. Never rename one; add new ones.
/// </summary>
public static class FindingKinds
{
    public const string UnapprovedWrite = "unapproved_write";
    public const string UnapprovedDdl = "unapproved_ddl";
    public const string UnapprovedDcl = "unapproved_dcl";
    public const string UnapprovedRead = "unapproved_read";
    public const string UnapprovedAdmin = "unapproved_admin";
    public const string UnapprovedCall = "unapproved_call";
    public const string AuditConfigChange = "audit_config_change";
    public const string ValuesDiffer = "values_differ";
    public const string OutsideWindow = "outside_window";
    public const string WrongExecutor = "wrong_executor";
    public const string WrongTarget = "wrong_target";
    public const string MaxRunsExceeded = "max_runs_exceeded";
    public const string ExecutedBeforeApproval = "executed_before_approval";
    public const string FailedLogin = "failed_login";
    public const string FailedLoginBurst = "failed_login_burst";
    public const string LogGap = "log_gap";
    public const string AppAccountDdl = "app_account_ddl";
    public const string AppAccountDcl = "app_account_dcl";
    public const string AppAccountUnexpectedHost = "app_account_unexpected_host";
    public const string TruncatedStatement = "truncated_statement";
    public const string UnknownAccount = "unknown_account";
    public const string FailedAttempt = "failed_attempt";
    public const string UnparsedLines = "unparsed_lines";
    public const string DynamicSql = "dynamic_sql";
    public const string UnrecognisedStatement = "unrecognised_statement";
    public const string CatalogProblem = "catalog_problem";
}
