namespace QueryAudit.Reports.Json;

// The shapes of report.json. Property order is declaration order, and every collection is written
// in a fixed order, so the same model always gives the same bytes. Add properties; never rename one.

internal sealed record ReportJsonDocument(
    int SchemaVersion,
    HeaderJson Header,
    SummaryJson Summary,
    CompletenessJson Completeness,
    IReadOnlyList<FindingJson> Findings,
    IReadOnlyList<ExecutionJson> ApprovedExecutions,
    IReadOnlyList<ExecutionJson> AuditSample,
    IReadOnlyList<ScriptRunJson> ScriptRuns,
    MethodJson Method);

internal sealed record HeaderJson(
    string ReportId,
    string Organisation,
    IReadOnlyList<string> Clusters,
    IReadOnlyList<string> Instances,
    DateTime PeriodStartUtc,
    DateTime PeriodEndUtc,
    string TimeZone,
    string PeriodLabel,
    DateTime GeneratedAtUtc,
    string ToolVersion,
    string? CatalogCommit,
    string CatalogHash,
    string PolicyHash,
    string Language,
    bool IncludeLiterals);

internal sealed record SummaryJson(
    long EventsRead,
    long StatementsReconciled,
    long ApprovedExecutions,
    long SystemStatements,
    long ApplicationStatements,
    long InformationalReads,
    long ExemptStatements,
    long StatementExceptions,
    long UnparsedLines,
    IReadOnlyList<CountJson> ExceptionsBySeverity,
    IReadOnlyList<CountJson> ExceptionsByStatus,
    IReadOnlyList<ControlJson> Controls);

internal sealed record CountJson(string Name, long Count);

internal sealed record ControlJson(string Control, int Exceptions, int Explained, int Open);

internal sealed record CompletenessJson(
    IReadOnlyList<InstanceCoverageJson> Instances,
    IReadOnlyList<GapJson> Gaps,
    long UnparsedLines,
    IReadOnlyList<CountJson> UnparsedBySource,
    IReadOnlyList<UnreadInputJson> NotReadToEnd,
    long DuplicatesRemoved,
    long EventsOutsidePeriod,
    long LateEvents,
    int AuditConfigChanges,
    IReadOnlyList<InputJson> Inputs);

/// <summary>An input that could not be read to its end, and the first line of it that was not read.</summary>
internal sealed record UnreadInputJson(string Source, long FirstLineNotRead);

internal sealed record InstanceCoverageJson(
    string Instance,
    DateTime? FirstEventUtc,
    DateTime? LastEventUtc,
    long Events,
    IReadOnlyList<HourCountJson> HourlyCounts);

internal sealed record HourCountJson(DateTime HourUtc, long Events);

internal sealed record GapJson(string Instance, DateTime FromUtc, DateTime ToUtc, string Reason, string Cause);

internal sealed record InputJson(string Name, string Sha256, long Bytes, long Lines, long Events, long Unparsed, string Format);

internal sealed record FindingJson(
    string Id,
    string Severity,
    string Kind,
    DateTime OccurredAtUtc,
    DateTime? EndsAtUtc,
    string Instance,
    string Account,
    string ClientHost,
    long ConnectionId,
    long QueryId,
    string Database,
    string? StatementKind,
    string? Template,
    string? MaskedStatement,
    string? Statement,
    int? RetCode,
    string Reason,
    string? Script,
    int? ScriptStatement,
    string Source,
    int EventCount,
    string Status,
    IReadOnlyList<string> Reviewers,
    string? Ticket,
    string? Note);

internal sealed record ExecutionJson(
    DateTime ExecutedAtUtc,
    string Instance,
    string Account,
    string ClientHost,
    long ConnectionId,
    long QueryId,
    string Database,
    string Script,
    int ScriptStatement,
    string? Ticket,
    IReadOnlyList<string> Approvers,
    string Window,
    int Run,
    string Match,
    string ExactHash,
    string Source);

internal sealed record ScriptRunJson(
    string Script,
    string Kind,
    string? Ticket,
    IReadOnlyList<string> Approvers,
    IReadOnlyList<string> Executors,
    string Window,
    int Statements,
    int StatementsExecuted,
    int Executions);

internal sealed record MethodJson(
    IReadOnlyList<string> Sources,
    IReadOnlyList<string> Formats,
    IReadOnlyList<PolicySettingJson> Policy,
    int TemplateAlgorithmVersion);

internal sealed record PolicySettingJson(string Key, string Value);
