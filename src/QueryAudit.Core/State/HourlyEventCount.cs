using QueryAudit.Core.Reporting;

namespace QueryAudit.Core.State;

/// <summary>
/// Audit events of one instance in one hour.
/// </summary>
/// <param name="Instance">Instance id.</param>
/// <param name="HourStart">UTC start of the hour.</param>
/// <param name="Events">Events in that hour.</param>
public sealed record HourlyEventCount(string Instance, DateTimeOffset HourStart, long Events)
{
    /// <summary>Returns the hourly counts of the completeness coverage, sorted by instance and hour.</summary>
    public static IReadOnlyList<HourlyEventCount> FromCoverage(IEnumerable<InstanceCoverage> coverage)
    {
        ArgumentNullException.ThrowIfNull(coverage);
        return coverage
            .SelectMany(c => c.HourlyCounts.Select(h => new HourlyEventCount(c.Instance, h.Key, h.Value)))
            .OrderBy(c => c.Instance, StringComparer.Ordinal)
            .ThenBy(c => c.HourStart)
            .ToList();
    }
}
