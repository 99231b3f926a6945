using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using QueryAudit.Core.Audit;
using QueryAudit.Core.Policy;
using QueryAudit.Core.Reporting;
using QueryAudit.Core.State;
using QueryAudit.Worker.Reconcile;
using Quartz;

namespace QueryAudit.Worker.Hosting.Jobs;

/// <summary>
/// Writes the report of the calendar month before the fire time (in <c>Schedules:TimeZone</c>) into
/// <c>Report:OutputDirectory/YYYY-MM</c> and freezes that month in the store, so that later events of the month are
/// counted as late instead of changing the issued report.
/// </summary>
/// <remarks>
/// The report is computed by the same job as <c>queryaudit reconcile</c>, over the whole files of the folder sources
/// and the month of the <c>cloudwatch:</c> and <c>s3://</c> sources (read as <c>reconcile --source</c> reads them),
/// so that it does not depend on how ingestion cut them into batches. Its findings are saved to the service's store and
/// show the store's dispositions, checked against the triage trail as <c>reconcile --store</c> checks them. With <c>Report:UploadTo</c> each report or
/// amendment is uploaded with Object Lock before it is recorded.
/// </remarks>
[DisallowConcurrentExecution]
internal sealed class MonthlyReportJob(
    StoreAccessor store,
    IOptions<QueryAuditOptions> options,
    ILogger<MonthlyReportJob> logger,
    ReconcileContextLoader? inputs = null) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        QueryAuditOptions settings = options.Value;
        string month = PreviousMonth(context.ScheduledFireTimeUtc ?? context.FireTimeUtc, settings.Schedules.TimeZone);
        await WriteAsync(month, settings, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Returns the label <c>YYYY-MM</c> of the month before the local month of <paramref name="fireTime"/>.</summary>
    public static string PreviousMonth(DateTimeOffset fireTime, string timeZoneId)
    {
        DateTimeOffset local = TimeZoneInfo.ConvertTime(fireTime, ReportingPeriod.FindZone(timeZoneId));
        return new DateTime(local.Year, local.Month, 1, 0, 0, 0, DateTimeKind.Unspecified).AddMonths(-1)
            .ToString("yyyy-MM", CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Writes and freezes the report of <paramref name="month"/>. When the month is already frozen and late events
    /// arrived since the last amendment, writes the next amendment instead; the frozen report is never rewritten.
    /// </summary>
    internal async Task WriteAsync(string month, QueryAuditOptions settings, CancellationToken cancellationToken)
    {
        ReportFreeze? frozen = await store.Store.GetReportFreezeAsync(month, cancellationToken).ConfigureAwait(false);
        if (frozen is not null)
        {
            await AmendAsync(month, frozen, settings, cancellationToken).ConfigureAwait(false);
            return;
        }

        string outputDirectory = Path.Combine(settings.Report.OutputDirectory, month);
        if (!await RunReportAsync(month, settings, outputDirectory, null, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        string pdf = Path.Combine(outputDirectory, "report.pdf");
        (string sha256, _) = await FileHashing.HashAsync(pdf, cancellationToken).ConfigureAwait(false);
        IStateTransaction transaction = await store.Store.BeginAsync(cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            try
            {
                await transaction.FreezeReportAsync(month, sha256, cancellationToken).ConfigureAwait(false);
            }
            catch (InvalidOperationException)
            {
                // Another task froze the month while this one wrote its copy. The first freeze is kept.
                Log.ReportFrozenElsewhere(logger, month, outputDirectory);
                return;
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        Log.ReportFrozen(logger, month, outputDirectory, sha256);
    }

    /// <summary>Runs the reconcile job over the sources for <paramref name="month"/> into <paramref name="outputDirectory"/>; returns false when no report was written.</summary>
    private async Task<bool> RunReportAsync(
        string month, QueryAuditOptions settings, string outputDirectory, ReportAmendment? amendment, CancellationToken cancellationToken)
    {
        List<string> folders = [];
        List<string> cloud = [];
        foreach (SourceSpec source in settings.AllSources().Select(s => SourceSpec.TryParse(s, out _)).OfType<SourceSpec>())
        {
            (source.Kind == SourceKind.Folder ? folders : cloud).Add(source.Kind == SourceKind.CloudWatch ? "cloudwatch:" + source.Location : source.Location);
        }

        if (folders.Count + cloud.Count == 0)
        {
            Log.ReportWithoutSources(logger, month);
            return false;
        }

        Log.ReportStarted(logger, month, outputDirectory);
        using StringWriter output = new(CultureInfo.InvariantCulture);
        using StringWriter errors = new(CultureInfo.InvariantCulture);
        ReconcileSettings job = new()
        {
            Inputs = folders,
            Sources = cloud,
            AwsRegion = settings.Aws.Region,
            CloudWatchEndpoint = settings.Aws.CloudWatchEndpoint,
            S3Endpoint = settings.Aws.S3Endpoint,
            RedeliveryWindow = settings.S3.RedeliveryWindow,
            UploadTo = settings.Report.UploadTo,
            RetentionDays = settings.Report.RetentionDays,
            CatalogDirectory = inputs?.CatalogFolder ?? settings.Catalog,
            PolicyFile = inputs?.PolicyFile ?? settings.Policy,
            Period = month,
            TimeZone = settings.Schedules.TimeZone,
            Cluster = settings.Cluster ?? CloudSources.SingleCluster(cloud),
            OutputDirectory = outputDirectory,
            Language = settings.Report.Language,
            Amendment = amendment,
            Progress = false,
        };
        int exitCode;
        try
        {
            exitCode = await new ReconcileJob(job, output, errors, store.Store).RunAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is AuditInputException or PolicyException or FormatException or IOException or UnauthorizedAccessException
            or Amazon.Runtime.AmazonServiceException or HttpRequestException or Aws.CloudWatchLogs.AmazonCloudWatchLogsException)
        {
            // Nothing is frozen or recorded as amended, so the next fire (or a restart) tries again.
            Log.ReportError(logger, month, e);
            return false;
        }

        foreach (string line in errors.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            Log.ReportProblem(logger, month, line);
        }

        if (exitCode is not (0 or ReconcileJob.FindingsAtOrAboveThreshold))
        {
            Log.ReportFailed(logger, month, exitCode);
            return false;
        }

        return true;
    }

    /// <summary>
    /// Writes <c>YYYY-MM/amendment-N/</c>, a full report of the month as the store and files now stand, with
    /// <c>amendment.json</c> naming the frozen report it amends and the findings it adds or drops, when late events
    /// arrived after the freeze or the previous amendment.
    /// </summary>
    private async Task AmendAsync(string month, ReportFreeze frozen, QueryAuditOptions settings, CancellationToken cancellationToken)
    {
        string monthDirectory = Path.Combine(settings.Report.OutputDirectory, month);
        AmendmentRecord? previous = AmendmentRecord.Latest(monthDirectory);
        long covered = previous?.LateEventsCovered ?? 0;
        if (frozen.LateEvents <= covered)
        {
            Log.ReportAlreadyFrozen(logger, month, frozen.FrozenAt);
            return;
        }

        int number = (previous?.Number ?? 0) + 1;
        string amendmentDirectory = Path.Combine(monthDirectory, "amendment-" + number.ToString(CultureInfo.InvariantCulture));

        // A folder without amendment.json is what a crash mid-way left behind; it is written again from the start.
        if (Directory.Exists(amendmentDirectory))
        {
            Directory.Delete(amendmentDirectory, recursive: true);
        }

        ReportAmendment amendment = new(number, frozen.ReportSha256, frozen.FrozenAt, frozen.LateEvents);
        if (!await RunReportAsync(month, settings, amendmentDirectory, amendment, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        string pdf = Path.Combine(amendmentDirectory, "report.pdf");
        (string sha256, _) = await FileHashing.HashAsync(pdf, cancellationToken).ConfigureAwait(false);
        AmendmentRecord record = AmendmentRecord.Create(
            month,
            number,
            frozen,
            previous,
            sha256,
            AmendmentRecord.FindingIds(Path.Combine(monthDirectory, "report.json")),
            AmendmentRecord.FindingIds(Path.Combine(amendmentDirectory, "report.json")));

        // amendment.json is written last, so that it exists only beside a complete amendment.
        await record.WriteAsync(amendmentDirectory, cancellationToken).ConfigureAwait(false);
        Log.AmendmentWritten(logger, month, number, frozen.LateEvents - covered, record.AddedFindings.Count, record.DroppedFindings.Count, amendmentDirectory);
    }
}
