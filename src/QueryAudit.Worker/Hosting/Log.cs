using Microsoft.Extensions.Logging;

namespace QueryAudit.Worker.Hosting;

/// <summary>
/// Log messages of <c>queryaudit run</c>. Event ids: 7000-7099 service and store, 7100-7199 ingestion,
/// 7200-7299 health, 7300-7399 scheduled jobs. No message carries a statement or its literals.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 7001, Level = LogLevel.Information, Message = "Opened state store {Store} at schema version {SchemaVersion}")]
    public static partial void StoreOpened(ILogger logger, string store, int schemaVersion);

    [LoggerMessage(EventId = 7002, Level = LogLevel.Information, Message = "Loaded policy {Policy} and catalog {Catalog}: {Scripts} approved scripts")]
    public static partial void ContextLoaded(ILogger logger, string policy, string catalog, int scripts);

    [LoggerMessage(EventId = 7003, Level = LogLevel.Warning, Message = "Catalog {Catalog}: {Problem}")]
    public static partial void CatalogProblem(ILogger logger, string catalog, string problem);

    [LoggerMessage(EventId = 7101, Level = LogLevel.Information, Message = "Source {Source} started")]
    public static partial void SourceStarted(ILogger logger, string source);

    [LoggerMessage(EventId = 7102, Level = LogLevel.Information, Message = "Source {Source} stopped; every batch read was committed")]
    public static partial void SourceStopped(ILogger logger, string source);

    [LoggerMessage(EventId = 7103, Level = LogLevel.Error, Message = "Source {Source}: scan failed; the uncommitted lines are read again from the checkpoint in {PollInterval}")]
    public static partial void ScanFailed(ILogger logger, string source, TimeSpan pollInterval, Exception exception);

    [LoggerMessage(EventId = 7104, Level = LogLevel.Debug, Message = "Source {Source} has no audit log files yet: {Reason}")]
    public static partial void FolderEmpty(ILogger logger, string source, string reason);

    [LoggerMessage(EventId = 7106, Level = LogLevel.Debug, Message = "Source {Source} is leased by another task; trying again later")]
    public static partial void SourceLeasedElsewhere(ILogger logger, string source);

    [LoggerMessage(EventId = 7115, Level = LogLevel.Information, Message = "Source {Source} is leased by {Owner} until {ExpiresAt:o}; this task reads it once that lease ends without renewal")]
    public static partial void SourceLeaseHeld(ILogger logger, string source, string owner, DateTimeOffset expiresAt);

    [LoggerMessage(EventId = 7107, Level = LogLevel.Information, Message = "Source {Source}: rebuilt the pipeline from {Lines} committed lines of {Files} files; reading on")]
    public static partial void SourceResumed(ILogger logger, string source, long lines, int files);

    [LoggerMessage(EventId = 7108, Level = LogLevel.Warning, Message = "Source {Source}: file {File} of the checkpoint (read to line {Line}) is gone; findings that depend on its open statements and connections may differ from a run that read it")]
    public static partial void CheckpointFileMissing(ILogger logger, string source, string file, long line);

    [LoggerMessage(EventId = 7111, Level = LogLevel.Error, Message = "File {File} is damaged after line {Line}; the lines before it are kept: {Reason}")]
    public static partial void FileDamaged(ILogger logger, string file, long line, string reason);

    [LoggerMessage(EventId = 7116, Level = LogLevel.Information, Message = "Source {Source}: {Copies} hold copies of the first lines of {File}; each line is read once, from the first of these files in reading order that holds it")]
    public static partial void CopiesRead(ILogger logger, string source, string file, IReadOnlyList<string> copies);

    [LoggerMessage(EventId = 7117, Level = LogLevel.Warning, Message = "Source {Source}: file {File} starts with the same line as {Reference} but differs from it later, so it is not read; move it to a folder of its own if it belongs to another server")]
    public static partial void FileNotACopy(ILogger logger, string source, string file, string reference);

    [LoggerMessage(EventId = 7118, Level = LogLevel.Warning, Message = "Source {Source}: failed to read file {File} to compare it with the files that start with the same line: {Reason}; the next poll compares it again")]
    public static partial void CopyCheckFailed(ILogger logger, string source, string file, string reason);

    [LoggerMessage(EventId = 7114, Level = LogLevel.Information, Message = "File {File}: committed batch up to line {Line}: {Lines} lines, {Events} events, {Findings} findings, {Quarantined} unparsed")]
    public static partial void BatchCommitted(ILogger logger, string file, long line, int lines, long events, int findings, int quarantined);

    [LoggerMessage(EventId = 7201, Level = LogLevel.Error, Message = "Health endpoint {Prefix} failed to start; check Health:Address and Health:Port")]
    public static partial void HealthListenFailed(ILogger logger, string prefix, Exception exception);

    [LoggerMessage(EventId = 7202, Level = LogLevel.Information, Message = "Health endpoint listening on {Prefix}live and {Prefix}ready")]
    public static partial void HealthListening(ILogger logger, string prefix);

    [LoggerMessage(EventId = 7203, Level = LogLevel.Warning, Message = "State store {Store} is unreachable ({Error}); readiness is false")]
    public static partial void StoreUnreachable(ILogger logger, string store, string error);

    [LoggerMessage(EventId = 7301, Level = LogLevel.Information, Message = "Report {Period} was frozen at {FrozenAt:o}; not written again")]
    public static partial void ReportAlreadyFrozen(ILogger logger, string period, DateTimeOffset frozenAt);

    [LoggerMessage(EventId = 7302, Level = LogLevel.Warning, Message = "Report {Period} not written: no source is configured")]
    public static partial void ReportWithoutSources(ILogger logger, string period);

    [LoggerMessage(EventId = 7303, Level = LogLevel.Information, Message = "Report {Period}: writing to {OutputDirectory}")]
    public static partial void ReportStarted(ILogger logger, string period, string outputDirectory);

    [LoggerMessage(EventId = 7304, Level = LogLevel.Warning, Message = "Report {Period}: {Problem}")]
    public static partial void ReportProblem(ILogger logger, string period, string problem);

    [LoggerMessage(EventId = 7305, Level = LogLevel.Error, Message = "Report {Period} failed with exit code {ExitCode}; the month stays open and is tried again at the next fire")]
    public static partial void ReportFailed(ILogger logger, string period, int exitCode);

    [LoggerMessage(EventId = 7306, Level = LogLevel.Error, Message = "Report {Period} failed; the month stays open and is tried again at the next fire")]
    public static partial void ReportError(ILogger logger, string period, Exception exception);

    [LoggerMessage(EventId = 7307, Level = LogLevel.Information, Message = "Report {Period} written to {OutputDirectory} and frozen (report.pdf SHA-256 {Sha256})")]
    public static partial void ReportFrozen(ILogger logger, string period, string outputDirectory, string sha256);

    [LoggerMessage(EventId = 7308, Level = LogLevel.Warning, Message = "Report {Period} was frozen by another task while this one wrote {OutputDirectory}; the other task's report is the issued one")]
    public static partial void ReportFrozenElsewhere(ILogger logger, string period, string outputDirectory);

    [LoggerMessage(EventId = 7309, Level = LogLevel.Information, Message = "Report {Period} is frozen; wrote amendment {Number} to {OutputDirectory} for {LateEvents} late events: {Added} findings added, {Dropped} dropped")]
    public static partial void AmendmentWritten(ILogger logger, string period, int number, long lateEvents, int added, int dropped, string outputDirectory);

    [LoggerMessage(EventId = 7311, Level = LogLevel.Warning, Message = "Critical finding {FindingId} ({Kind}) by {Account} on {Instance} at {OccurredAt:o}, evidence {Source}")]
    public static partial void DigestFinding(ILogger logger, string findingId, string kind, string account, string instance, string source, DateTimeOffset occurredAt);

    [LoggerMessage(EventId = 7312, Level = LogLevel.Information, Message = "Daily digest {From:o} to {To:o}: {Count} open critical findings")]
    public static partial void DigestWritten(ILogger logger, DateTimeOffset from, DateTimeOffset to, int count);

    [LoggerMessage(EventId = 7321, Level = LogLevel.Warning, Message = "Instance {Instance} logged no event in the hour from {Hour:o}")]
    public static partial void SilentHour(ILogger logger, string instance, DateTimeOffset hour);

    [LoggerMessage(EventId = 7322, Level = LogLevel.Information, Message = "Completeness check {From:o} to {To:o}: {Instances} instances, {SilentHours} silent hours")]
    public static partial void CompletenessChecked(ILogger logger, DateTimeOffset from, DateTimeOffset to, int instances, int silentHours);
}
