using Microsoft.Extensions.Logging;
using QueryAudit.Core.Reconciliation;
using QueryAudit.Core.State;
using Quartz;

namespace QueryAudit.Worker.Hosting.Jobs;

/// <summary>
/// Logs the critical findings that occurred in the 24 hours before the fire time and are still open, one warning
/// each with its id, kind, account and evidence pointer, then one summary line. The statement text is not logged,
/// because it can contain customer data.
/// </summary>
[DisallowConcurrentExecution]
internal sealed class DailyDigestJob(StoreAccessor store, ILogger<DailyDigestJob> logger) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        DateTimeOffset to = context.ScheduledFireTimeUtc ?? context.FireTimeUtc;
        DateTimeOffset from = to.AddDays(-1);
        IReadOnlyList<StoredFinding> findings = await store.Store.FindFindingsAsync(
            new FindingFilter
            {
                From = from,
                To = to,
                Severities = [Severity.Critical],
                Statuses = [Core.Triage.FindingStatuses.Open],
            },
            cancellationToken).ConfigureAwait(false);

        foreach (StoredFinding stored in findings)
        {
            Finding finding = stored.Finding;
            Log.DigestFinding(logger, finding.Id, finding.Kind, finding.Account, finding.Instance, finding.Source, finding.OccurredAt);
        }

        Log.DigestWritten(logger, from, to, findings.Count);
    }
}
