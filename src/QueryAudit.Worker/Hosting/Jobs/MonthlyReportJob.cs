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
/// The report is computed by the same job as <c>queryaudit reconcile</c>, over the whole files of the folder
/// sources, so that it does not depend on how ingestion cut them into batches.
/// NOTE: cloudwatch: and s3:// sources are not read by this job yet; a month from those sources has no report.
/// </remarks>
[DisallowConcurrentExecution]
internal sealed class MonthlyReportJob(
    StoreAccessor store,
    IOptions<QueryAuditOptions> options,
    ILogger<MonthlyReportJob> logger) : IJob
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

    /// <summary>Writes and freezes the report of <paramref name="month"/> unless it is already frozen.</summary>
    internal async Task WriteAsync(string month, QueryAuditOptions settings, CancellationToken cancellationToken)
    {
        ReportFreeze? frozen = await store.Store.GetReportFreezeAsync(month, cancellationToken).ConfigureAwait(false);
        if (frozen is not null)
        {
            Log.ReportAlreadyFrozen(logger, month, frozen.FrozenAt);
            return;
        }

        string[] folders = settings.Sources
            .Select(s => SourceSpec.TryParse(s, out _))
            .Where(s => s is { Kind: SourceKind.Folder })
            .Select(s => s!.Location)
            .ToArray();
        if (folders.Length == 0)
        {
            Log.ReportWithoutFolders(logger, month);
            return;
        }

        string outputDirectory = Path.Combine(settings.Report.OutputDirectory, month);
        Log.ReportStarted(logger, month, outputDirectory);
        using StringWriter output = new(CultureInfo.InvariantCulture);
        using StringWriter errors = new(CultureInfo.InvariantCulture);
        ReconcileSettings job = new()
        {
            Inputs = folders,
            CatalogDirectory = settings.Catalog,
            PolicyFile = settings.Policy,
            Period = month,
            TimeZone = settings.Schedules.TimeZone,
            Cluster = settings.Cluster,
            OutputDirectory = outputDirectory,
            Language = settings.Report.Language,
            Progress = false,
        };
        int exitCode;
        try
        {
            exitCode = await new ReconcileJob(job, output, errors).RunAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is AuditInputException or PolicyException or FormatException or IOException or UnauthorizedAccessException)
        {
            // The month stays unfrozen, so the next fire (or a restart) tries again.
            Log.ReportError(logger, month, e);
            return;
        }

        foreach (string line in errors.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            Log.ReportProblem(logger, month, line);
        }

        if (exitCode is not (0 or ReconcileJob.FindingsAtOrAboveThreshold))
        {
            Log.ReportFailed(logger, month, exitCode);
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
                // Another task froze the month while this one wrote its copy; the first freeze stands.
                Log.ReportFrozenElsewhere(logger, month, outputDirectory);
                return;
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        Log.ReportFrozen(logger, month, outputDirectory, sha256);
    }
}
