using QueryAudit.Core.Reconciliation;

namespace QueryAudit.Core.Reporting;

/// <summary>
/// Everything the monthly report shows, computed before rendering so that every renderer (PDF, CSV, JSON) shows the same facts.
/// </summary>
public sealed record ReportModel
{
    public required ReportHeader Header { get; init; }

    public required ReportSummary Summary { get; init; }

    public required CompletenessReport Completeness { get; init; }

    /// <summary>Exceptions, sorted by severity (highest first), kind, time, id.</summary>
    public required IReadOnlyList<ReportFinding> Findings { get; init; }

    /// <summary>Approved executions, sorted by time.</summary>
    public required IReadOnlyList<ApprovedExecution> ApprovedExecutions { get; init; }

    /// <summary>The reproducible random sample of approved executions that auditors test.</summary>
    public required IReadOnlyList<ApprovedExecution> AuditSample { get; init; }

    /// <summary>Per approved script: how many of its statements ran, how often.</summary>
    public required IReadOnlyList<ScriptRunSummary> ScriptRuns { get; init; }

    public required ReportMethod Method { get; init; }
}

/// <summary>
/// Cover-page facts.
/// </summary>
public sealed record ReportHeader
{
    public required string ReportId { get; init; }

    public string Organisation { get; init; } = "";

    public required IReadOnlyList<string> Clusters { get; init; }

    public required IReadOnlyList<string> Instances { get; init; }

    /// <summary>Inclusive start of the period, UTC.</summary>
    public required DateTimeOffset PeriodStart { get; init; }

    /// <summary>Exclusive end of the period, UTC.</summary>
    public required DateTimeOffset PeriodEnd { get; init; }

    /// <summary>IANA time zone id in which the period and all times are shown, e.g. <c>Asia/Tokyo</c>.</summary>
    public required string TimeZone { get; init; }

    /// <summary>Label of the period as given: <c>2026-12</c> for a month, else the two instants.</summary>
    public required string PeriodLabel { get; init; }

    /// <summary>Generation time; for reproducible output this is the period end, not the wall clock.</summary>
    public required DateTimeOffset GeneratedAt { get; init; }

    public required string ToolVersion { get; init; }

    public string? CatalogCommit { get; init; }

    public required string CatalogHash { get; init; }

    public required string PolicyHash { get; init; }

    /// <summary>Report language: <c>en</c> or <c>ja</c>.</summary>
    public string Language { get; init; } = "en";

    /// <summary>True when query literals are printed unmasked (the cover must say so).</summary>
    public bool IncludeLiterals { get; init; }

    /// <summary>Amendment details, set when the report amends a frozen report of the same period. The cover then shows a notice.</summary>
    public ReportAmendment? Amendment { get; init; }
}

/// <summary>
/// Headline counts. Every reconciled statement is in exactly one of <see cref="ApprovedExecutions"/>,
/// <see cref="ApplicationStatements"/>, <see cref="SystemStatements"/>, <see cref="InformationalReads"/>,
/// <see cref="ExemptStatements"/> and <see cref="StatementExceptions"/>, so they add up to <see cref="StatementsReconciled"/>.
/// </summary>
public sealed record ReportSummary
{
    public long EventsRead { get; init; }

    public long StatementsReconciled { get; init; }

    public long ApprovedExecutions { get; init; }

    public long SystemStatements { get; init; }

    public long ApplicationStatements { get; init; }

    public long InformationalReads { get; init; }

    /// <summary>Transaction-control, session, noise and bookkeeping statements: reconciled, and no approval is needed.</summary>
    public long ExemptStatements { get; init; }

    /// <summary>Statements that ended in an exception finding (procedure body statements under their call's finding included).</summary>
    public long StatementExceptions { get; init; }

    public long UnparsedLines { get; init; }

    /// <summary>Exceptions per severity (all severities present, zero where none).</summary>
    public required IReadOnlyDictionary<Severity, int> ExceptionsBySeverity { get; init; }

    /// <summary>Exceptions per disposition status (<c>open</c>, <c>explained</c>, <c>dismissed</c>, <c>escalated</c>).</summary>
    public required IReadOnlyDictionary<string, int> ExceptionsByStatus { get; init; }

    /// <summary>One conclusion per control, e.g. all DDL approved, or how many were not.</summary>
    public required IReadOnlyList<ControlConclusion> Controls { get; init; }
}

/// <summary>
/// The result of one control over the period.
/// </summary>
/// <param name="Control">Control id: <c>ddl</c>, <c>dml</c>, <c>dcl</c>, <c>audit_config</c>, <c>completeness</c>, <c>logins</c>, <c>reads</c>.</param>
/// <param name="Exceptions">Exceptions under this control.</param>
/// <param name="Explained">Of those, explained or dismissed by a reviewer.</param>
/// <param name="Open">Of those, still open or escalated.</param>
public sealed record ControlConclusion(string Control, int Exceptions, int Explained, int Open);

/// <summary>
/// A finding with its triage state, as the report shows it.
/// </summary>
public sealed record ReportFinding
{
    public required Finding Finding { get; init; }

    /// <summary><c>open</c>, <c>explained</c>, <c>dismissed</c>, <c>escalated</c> or <c>suppressed</c>.</summary>
    public string Status { get; init; } = "open";

    public IReadOnlyList<string> Reviewers { get; init; } = [];

    public string? Ticket { get; init; }

    public string? Note { get; init; }
}

/// <summary>
/// Population-completeness facts.
/// </summary>
public sealed record CompletenessReport
{
    public required IReadOnlyList<InstanceCoverage> Instances { get; init; }

    /// <summary>Silent intervals longer than the policy's gap threshold.</summary>
    public required IReadOnlyList<LogGap> Gaps { get; init; }

    public long UnparsedLines { get; init; }

    /// <summary>Unparsed lines per source file or stream.</summary>
    public IReadOnlyDictionary<string, long> UnparsedBySource { get; init; } = new Dictionary<string, long>();

    /// <summary>Sources that could not be read to their end (a file cut short or damaged), with the first line not read.</summary>
    public IReadOnlyDictionary<string, long> UnreadRestBySource { get; init; } = new Dictionary<string, long>();

    public long DuplicatesRemoved { get; init; }

    /// <summary>Events read from the inputs that fall outside the period (counted, not reconciled).</summary>
    public long EventsOutsidePeriod { get; init; }

    public long LateEvents { get; init; }

    public int AuditConfigChanges { get; init; }

    /// <summary>Input files or source ranges with their event counts.</summary>
    public IReadOnlyList<InputSummary> Inputs { get; init; } = [];
}

/// <summary>
/// Coverage of one instance.
/// </summary>
/// <param name="Instance">Instance id.</param>
/// <param name="FirstEvent">First event in the period, UTC.</param>
/// <param name="LastEvent">Last event in the period, UTC.</param>
/// <param name="Events">Events in the period.</param>
/// <param name="HourlyCounts">Events per hour, keyed by the UTC start of the hour.</param>
public sealed record InstanceCoverage(
    string Instance,
    DateTimeOffset? FirstEvent,
    DateTimeOffset? LastEvent,
    long Events,
    IReadOnlyDictionary<DateTimeOffset, long> HourlyCounts);

/// <summary>
/// A silent interval on one instance.
/// </summary>
/// <param name="Instance">Instance id; <c>*</c> when no instance logged anything.</param>
/// <param name="From">Start of the silence, UTC.</param>
/// <param name="To">End of the silence, UTC.</param>
/// <param name="Reason">Why it is a gap, in English.</param>
public sealed record LogGap(string Instance, DateTimeOffset From, DateTimeOffset To, string Reason)
{
    /// <summary>What made the gap, for reports in other languages.</summary>
    public GapCause Cause { get; init; } = GapCause.Silent;
}

/// <summary>
/// What made a gap in the log.
/// </summary>
public enum GapCause
{
    /// <summary>No events for longer than the gap threshold.</summary>
    Silent = 0,

    /// <summary>Audit logging was switched off and later on again.</summary>
    AuditLoggingOff,

    /// <summary>Audit logging was switched off and not on again before the end of the log.</summary>
    AuditLoggingNotResumed,

    /// <summary>An instance (or every instance) logged nothing in the period.</summary>
    NoEvents,
}

/// <summary>
/// One input and what was read from it.
/// </summary>
public sealed record InputSummary(string Name, string Sha256, long Bytes, long Lines, long Events, long Unparsed, string Format);

/// <summary>
/// Runs of one approved script in the period.
/// </summary>
public sealed record ScriptRunSummary(string Script, string Kind, string? Ticket, IReadOnlyList<string> Approvers, IReadOnlyList<string> Executors, string Window, int Statements, int StatementsExecuted, int Executions);

/// <summary>
/// What was checked and how.
/// </summary>
public sealed record ReportMethod
{
    public required IReadOnlyList<string> Sources { get; init; }

    public required IReadOnlyList<string> Formats { get; init; }

    /// <summary>Policy settings in force, as key and value.</summary>
    public required IReadOnlyList<KeyValuePair<string, string>> Policy { get; init; }

    public int TemplateAlgorithmVersion { get; init; }
}
