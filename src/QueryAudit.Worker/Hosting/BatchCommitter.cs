using System.Globalization;
using Microsoft.Extensions.Options;
using QueryAudit.Core.Audit;
using QueryAudit.Core.Pipeline;
using QueryAudit.Core.Reconciliation;
using QueryAudit.Core.State;

namespace QueryAudit.Worker.Hosting;

/// <summary>
/// Reconciles one batch of lines and commits everything it produced in one store transaction: findings, approved
/// executions, counters, hourly event counts, quarantined lines, late-event counts and the source checkpoint. A crash
/// before the commit leaves the store as if the batch had never been read.
/// </summary>
/// <remarks>
/// NOTE: each batch runs through a fresh pipeline, so state that spans lines of different batches is not carried
/// over: a statement whose QUERY and TABLE records straddle a batch boundary, a connection's login seen in an
/// earlier batch, and a failed-login burst split across two batches. Larger <c>Ingestion:BatchLines</c> make this
/// rarer. Because batches end at fixed line numbers, a run resumed after a crash gives the same findings as an
/// uninterrupted run; a stop by SIGTERM or a file that grows adds a boundary of its own. The scheduled monthly report
/// reads the files again as a whole and is not affected.
/// </remarks>
internal sealed class BatchCommitter(
    StoreAccessor store,
    ReconcileContextLoader contextLoader,
    IOptions<QueryAuditOptions> options,
    IngestionMetrics metrics,
    TimeProvider timeProvider)
{
    /// <summary>Reconciles <paramref name="lines"/> and commits them with a checkpoint at <paramref name="checkpoint"/>.</summary>
    /// <exception cref="LeaseLostException">Another task took the lease of <paramref name="sourceKey"/>; nothing was committed.</exception>
    public async Task<BatchOutcome> CommitAsync(
        string configuredSource,
        string sourceKey,
        string leaseOwner,
        string sourceName,
        IReadOnlyList<RawAuditLine> lines,
        string checkpoint,
        string? sourceError,
        CancellationToken cancellationToken)
    {
        ReconcileContext context = contextLoader.Context;
        DateTimeOffset now = timeProvider.GetUtcNow();
        ReconcileOptions reconcile = new()
        {
            PeriodStart = now.AddDays(-options.Value.Ingestion.LookbackDays),
            PeriodEnd = now.AddDays(1),
            Cluster = options.Value.Cluster,
            Sql = context.Sql,
        };
        List<QuarantinedLine> quarantined = [];
        AuditPipeline pipeline = new(context.Policy, context.Approvals, reconcile, context.Parser)
        {
            QuarantineSink = quarantined.Add,
        };
        BufferedLineSource source = new(sourceName, lines);
        await pipeline.ReadAsync(source, cancellationToken).ConfigureAwait(false);
        if (sourceError is not null)
        {
            pipeline.AddSourceError(source, sourceError);
        }

        ReconciliationResult result = pipeline.Complete();
        IReadOnlyList<HourlyEventCount> counts = HourlyEventCount.FromCoverage(pipeline.Completeness.Coverage());
        string scopeKey = "ingest:" + sourceKey;

        IStateStore state = store.Store;
        IReadOnlyList<(string Period, long Events)> late = await LateEventsAsync(state, counts, cancellationToken).ConfigureAwait(false);
        IStateTransaction transaction = await state.BeginAsync(cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            await transaction.EnsureLeaseAsync(sourceKey, leaseOwner, cancellationToken).ConfigureAwait(false);
            await transaction.UpsertFindingsAsync(result.Findings, cancellationToken).ConfigureAwait(false);
            await transaction.UpsertApprovedExecutionsAsync(result.ApprovedExecutions, cancellationToken).ConfigureAwait(false);
            await transaction.AddCountersAsync(scopeKey, result.Counters, cancellationToken).ConfigureAwait(false);
            await transaction.AddEventCountsAsync(scopeKey, counts, cancellationToken).ConfigureAwait(false);
            await transaction.UpsertQuarantinedLinesAsync(quarantined, cancellationToken).ConfigureAwait(false);
            foreach ((string period, long events) in late)
            {
                await transaction.AddLateEventsAsync(period, events, cancellationToken).ConfigureAwait(false);
            }

            await transaction.SetCheckpointAsync(sourceKey, checkpoint, cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        long critical = result.Findings.Count(f => f.Severity == Severity.Critical);
        DateTimeOffset? newest = pipeline.Completeness.Coverage().Max(c => c.LastEvent);
        metrics.AddBatch(configuredSource, pipeline.Completeness.Events, pipeline.Completeness.UnparsedLines, critical, newest);
        return new BatchOutcome(lines.Count, pipeline.Completeness.Events, result.Findings.Count, quarantined.Count);
    }

    /// <summary>
    /// Returns the batch's events per month whose report is already frozen: they are recorded as late events of that
    /// month, so that the frozen report stays as issued and the late events are on record for an amendment.
    /// </summary>
    /// <remarks>
    /// Freezes are read before the batch's transaction begins; a month frozen between the two is missed by this batch.
    /// </remarks>
    private async Task<IReadOnlyList<(string Period, long Events)>> LateEventsAsync(
        IStateStore state, IReadOnlyList<HourlyEventCount> counts, CancellationToken cancellationToken)
    {
        List<(string, long)> late = [];
        TimeZoneInfo zone = TimeZoneInfo.FindSystemTimeZoneById(options.Value.Schedules.TimeZone);
        IEnumerable<IGrouping<string, HourlyEventCount>> months = counts.GroupBy(
            c => TimeZoneInfo.ConvertTime(c.HourStart, zone).ToString("yyyy-MM", CultureInfo.InvariantCulture),
            StringComparer.Ordinal);
        foreach (IGrouping<string, HourlyEventCount> month in months)
        {
            ReportFreeze? freeze = await state.GetReportFreezeAsync(month.Key, cancellationToken).ConfigureAwait(false);
            if (freeze is not null)
            {
                late.Add((month.Key, month.Sum(c => c.Events)));
            }
        }

        return late;
    }
}

/// <summary>
/// What one committed batch contained.
/// </summary>
internal readonly record struct BatchOutcome(int Lines, long Events, int Findings, int Quarantined);
