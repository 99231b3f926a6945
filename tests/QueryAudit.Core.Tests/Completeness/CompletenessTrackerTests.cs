using System.Globalization;
using QueryAudit.Core.Audit;
using QueryAudit.Core.Completeness;
using QueryAudit.Core.Policy;
using QueryAudit.Core.Reporting;

namespace QueryAudit.Core.Tests.Completeness;

public class CompletenessTrackerTests
{
    private static readonly DateTimeOffset Start = DateTimeOffset.Parse("2026-12-04T00:00:00Z", CultureInfo.InvariantCulture);
    private static readonly AuditPolicy Policy = PolicyLoader.Parse("p.yaml", "gap-threshold: 15m");

    [Test]
    public void Gaps_HeartbeatEveryMinute_NoGap()
    {
        CompletenessTracker tracker = new(Start, Start.AddHours(1));
        for (int minute = 0; minute < 60; minute++)
        {
            tracker.Add(Event("db-1", Start.AddMinutes(minute)));
        }

        Assert.That(tracker.Gaps(Policy, Start.AddHours(1), []), Is.Empty);
        Assert.That(tracker.Events, Is.EqualTo(60));
    }

    [Test]
    public void Gaps_TwentyMinutesSilent_OneGapWithBounds()
    {
        CompletenessTracker tracker = new(Start, Start.AddHours(1));
        for (int minute = 0; minute < 60; minute++)
        {
            if (minute is < 20 or >= 40)
            {
                tracker.Add(Event("db-1", Start.AddMinutes(minute)));
            }
        }

        LogGap gap = tracker.Gaps(Policy, Start.AddHours(1), []).Single();

        Assert.That(gap.Instance, Is.EqualTo("db-1"));
        Assert.That(gap.From, Is.EqualTo(Start.AddMinutes(19).AddSeconds(1)));
        Assert.That(gap.To, Is.EqualTo(Start.AddMinutes(40)));
    }

    [Test]
    public void Gaps_SilentAfterLastEvent_GapRunsToObservedEnd()
    {
        CompletenessTracker tracker = new(Start, Start.AddHours(2));
        tracker.Add(Event("db-1", Start));

        LogGap gap = tracker.Gaps(Policy, Start.AddHours(1), []).Single();

        Assert.That(gap.To, Is.EqualTo(Start.AddHours(1)));
    }

    [Test]
    public void Gaps_ExpectedInstanceWithoutEvents_WholePeriod()
    {
        CompletenessTracker tracker = new(Start, Start.AddHours(1));
        tracker.Add(Event("db-1", Start.AddMinutes(1)));

        IReadOnlyList<LogGap> gaps = tracker.Gaps(PolicyLoader.Parse("p.yaml", "gap-threshold: 2h"), Start.AddHours(1), ["db-1", "db-2"]);

        Assert.That(gaps.Single().Instance, Is.EqualTo("db-2"));
        Assert.That(gaps.Single().Reason, Does.Contain("no events"));
    }

    [Test]
    public void Add_CountsPerHourAndOutsidePeriod()
    {
        CompletenessTracker tracker = new(Start, Start.AddHours(2));
        tracker.Add(Event("db-1", Start.AddMinutes(5)));
        tracker.Add(Event("db-1", Start.AddMinutes(65)));
        tracker.Add(Event("db-1", Start.AddMinutes(66)));
        tracker.Add(Event("db-1", Start.AddHours(3)));

        InstanceCoverage coverage = tracker.Coverage().Single();

        Assert.That(coverage.Events, Is.EqualTo(3));
        Assert.That(coverage.HourlyCounts[Start], Is.EqualTo(1));
        Assert.That(coverage.HourlyCounts[Start.AddHours(1)], Is.EqualTo(2));
        Assert.That(coverage.FirstEvent, Is.EqualTo(Start.AddMinutes(5)));
        Assert.That(coverage.LastEvent, Is.EqualTo(Start.AddMinutes(66)));
        Assert.That(tracker.EventsOutsidePeriod, Is.EqualTo(1));
    }

    [Test]
    public void AddUnparsed_CountsPerSource()
    {
        CompletenessTracker tracker = new(Start, Start.AddHours(1));
        tracker.AddUnparsed(new QuarantinedLine(new SourcePosition("a.log", 3), "too few fields", "x", 1));
        tracker.AddUnparsed(new QuarantinedLine(new SourcePosition("a.log", 9), "too few fields", "y", 1));

        Assert.That(tracker.UnparsedLines, Is.EqualTo(2));
        Assert.That(tracker.UnparsedBySource["a.log"], Is.EqualTo(2));
    }

    private static AuditEvent Event(string instance, DateTimeOffset at) => new()
    {
        Timestamp = at,
        Instance = instance,
        User = "rdsadmin",
        Host = "localhost",
        ConnectionId = 1,
        QueryId = 0,
        Operation = AuditOperation.Connect,
        Database = "",
        ObjectText = "",
        Format = AuditLogFormat.Aurora,
        Source = new SourcePosition("x", 1),
    };
}
