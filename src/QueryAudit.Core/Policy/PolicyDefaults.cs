using QueryAudit.Core.Reconciliation;

namespace QueryAudit.Core.Policy;

/// <summary>
/// Built-in defaults that every policy extends.
/// </summary>
public static class PolicyDefaults
{
    /// <summary>Default severity per finding kind.</summary>
    public static IReadOnlyDictionary<string, Severity> Severities { get; } = new Dictionary<string, Severity>(StringComparer.Ordinal)
    {
        [FindingKinds.AuditConfigChange] = Severity.Critical,
        [FindingKinds.LogGap] = Severity.Critical,
        [FindingKinds.UnapprovedDcl] = Severity.High,
        [FindingKinds.UnapprovedDdl] = Severity.High,
        [FindingKinds.UnapprovedWrite] = Severity.High,
        [FindingKinds.UnapprovedCall] = Severity.High,
        [FindingKinds.UnapprovedAdmin] = Severity.Medium,
        [FindingKinds.DynamicSql] = Severity.High,
        [FindingKinds.UnrecognisedStatement] = Severity.Medium,
        [FindingKinds.UnapprovedRead] = Severity.Medium,
        [FindingKinds.ValuesDiffer] = Severity.High,
        [FindingKinds.OutsideWindow] = Severity.High,
        [FindingKinds.WrongExecutor] = Severity.High,
        [FindingKinds.WrongTarget] = Severity.High,
        [FindingKinds.MaxRunsExceeded] = Severity.High,
        [FindingKinds.ExecutedBeforeApproval] = Severity.High,
        [FindingKinds.FailedLogin] = Severity.Low,
        [FindingKinds.FailedLoginBurst] = Severity.High,
        [FindingKinds.AppAccountDdl] = Severity.High,
        [FindingKinds.AppAccountDcl] = Severity.High,
        [FindingKinds.AppAccountUnexpectedHost] = Severity.High,
        [FindingKinds.TruncatedStatement] = Severity.Medium,
        [FindingKinds.UnknownAccount] = Severity.High,
        [FindingKinds.UnparsedLines] = Severity.Medium,
        [FindingKinds.CatalogProblem] = Severity.High,
    };

    /// <summary>
    /// Templates of client and driver session probes (mysql client start-up, JDBC and Connector/NET handshakes).
    /// Regular expressions over the template, anchored at both ends.
    /// </summary>
    public static IReadOnlyList<string> NoiseTemplates { get; } =
    [
        // mysql client start-up and prompt: select @@version_comment limit 1
        @"SELECT @@[A-Za-z_.]+( LIMIT \?)?",
        // Driver handshakes read many session variables at once, optionally aliased.
        @"(/\*.*\*/ )?SELECT (@@[A-Za-z_.]+( AS [A-Za-z_]+)? ,? ?)+( LIMIT \?)?",
        @"SELECT (DATABASE|USER|CURRENT_USER|VERSION|CONNECTION_ID|SCHEMA|NOW) \( \)( LIMIT \?)?",
        @"SELECT \?",
    ];

    /// <summary>History and lock tables of Flyway, golang-migrate and Liquibase (matched without schema, case-insensitively).</summary>
    public static IReadOnlyList<string> BookkeepingTables { get; } =
    [
        "flyway_schema_history",
        "schema_version",
        "schema_migrations",
        "databasechangelog",
        "databasechangeloglock",
    ];
}
