namespace QueryAudit.Core.Catalog;

/// <summary>
/// Stable identifiers of catalog problems, as written by <c>catalog check --format json</c>. Never rename one; add new ones.
/// </summary>
public static class CatalogProblemCodes
{
    public const string FolderNotFound = "folder-not-found";
    public const string UnreadableFile = "unreadable-file";
    public const string StrayScript = "stray-script";
    public const string UnrecognisedMigrationName = "unrecognised-migration-name";
    public const string DuplicateMigrationVersion = "duplicate-migration-version";
    public const string MissingHeader = "missing-header";
    public const string MisplacedHeader = "misplaced-header";
    public const string UnterminatedHeader = "unterminated-header";
    public const string MalformedYaml = "malformed-yaml";
    public const string UnknownKey = "unknown-key";
    public const string MissingKey = "missing-key";
    public const string InvalidValue = "invalid-value";
    public const string InvalidWindow = "invalid-window";
    public const string WindowTooLong = "window-too-long";
    public const string ApproverIsExecutor = "approver-is-executor";
    public const string ApprovedInFuture = "approved-in-future";
    public const string NoApprovalEvidence = "no-approval-evidence";
    public const string NoNamedApprover = "no-named-approver";
    public const string ApprovedAfterMerge = "approved-after-merge";
    public const string ChangedAfterApproval = "changed-after-approval";
    public const string NotCommitted = "not-committed";
    public const string GitUnavailable = "git-unavailable";
    public const string NoStatements = "no-statements";
    public const string IncompleteStatement = "incomplete-statement";
    public const string SplitFailed = "split-failed";
}
