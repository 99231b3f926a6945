using Microsoft.Extensions.Logging;
using QueryAudit.Core.State;
using Quartz;

namespace QueryAudit.Worker.Hosting.Jobs;

/// <summary>
/// Looks at the stored hourly event counts of the 24 whole hours before the fire time and logs every instance that
/// logged in that window but has hours without a single event, then publishes the number of such hours as the
/// <c>LogGaps</c> metric.
/// </summary>
/// <remarks>
/// NOTE: the store keeps counts per hour, so this check finds silent hours only; the monthly report finds shorter
/// gaps (the policy's <c>gap-threshold</c>) from the per-second coverage of the raw logs.
/// </remarks>
[DisallowConcurrentExecution]
internal sealed class CompletenessCheckJob(StoreAccessor store, IngestionMetrics metrics, ILogger<CompletenessCheckJob> logger) : IJob
{
    private const int WindowHours = 24;

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        DateTimeOffset fired = context.ScheduledFireTimeUtc ?? context.FireTimeUtc;
        DateTimeOffset to = new(fired.UtcTicks - (fired.UtcTicks % TimeSpan.TicksPerHour), TimeSpan.Zero);
        DateTimeOffset from = to.AddHours(-WindowHours);
        IReadOnlyList<HourlyEventCount> counts = await store.Store.EventCountsAsync(from, to, cancellationToken).ConfigureAwait(false);

        IReadOnlyList<(string Instance, DateTimeOffset Hour)> silent = SilentHours(counts, from, WindowHours);
        foreach ((string instance, DateTimeOffset hour) in silent)
        {
            Log.SilentHour(logger, instance, hour);
        }

        metrics.SetSilentHours(silent);
        int instances = counts.Select(c => c.Instance).Distinct(StringComparer.Ordinal).Count();
        Log.CompletenessChecked(logger, from, to, instances, silent.Count);
    }

    /// <summary>Returns, per instance with any events in the window, the window's hours without events, sorted.</summary>
    public static IReadOnlyList<(string Instance, DateTimeOffset Hour)> SilentHours(
        IReadOnlyList<HourlyEventCount> counts, DateTimeOffset from, int hours)
    {
        ArgumentNullException.ThrowIfNull(counts);
        List<(string, DateTimeOffset)> silent = [];
        foreach (IGrouping<string, HourlyEventCount> instance in counts.GroupBy(c => c.Instance, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            HashSet<DateTimeOffset> active = instance.Where(c => c.Events > 0).Select(c => c.HourStart).ToHashSet();
            for (int i = 0; i < hours; i++)
            {
                DateTimeOffset hour = from.AddHours(i);
                if (!active.Contains(hour))
                {
                    silent.Add((instance.Key, hour));
                }
            }
        }

        return silent;
    }
}
