using QueryAudit.Worker.Hosting;
using QueryAudit.Worker.Hosting.Jobs;
using Quartz;

namespace QueryAudit.Worker.Tests.Hosting;

/// <summary>
/// Fire times of the default cron schedules, computed by Quartz in the configured time zone the way the service
/// builds its triggers.
/// </summary>
public class ScheduleTests
{
    private static DateTimeOffset NextFire(string cron, string timeZone, DateTimeOffset after)
    {
        ITrigger trigger = TriggerBuilder.Create()
            .WithCronSchedule(cron, schedule => schedule.InTimeZone(TimeZoneInfo.FindSystemTimeZoneById(timeZone)))
            .StartAt(after)
            .Build();
        DateTimeOffset? next = trigger.GetFireTimeAfter(after);
        Assert.That(next, Is.Not.Null, $"{cron} in {timeZone} never fires after {after:O}");
        return next!.Value;
    }

    // The 3rd at 09:00 Asia/Tokyo is 00:00 UTC on the 3rd. At 15:00 UTC on the last day of a month it is already
    // the 1st in Tokyo, so the next fire is the 3rd of the following month either side of that instant.
    [TestCase("2026-12-31T14:59:59Z", "2027-01-03T00:00:00Z", "2026-12")]
    [TestCase("2026-12-31T15:00:00Z", "2027-01-03T00:00:00Z", "2026-12")]
    [TestCase("2027-01-03T00:00:00Z", "2027-02-03T00:00:00Z", "2027-01")]
    [TestCase("2028-02-29T23:00:00Z", "2028-03-03T00:00:00Z", "2028-02")]
    [TestCase("2026-11-30T15:30:00Z", "2026-12-03T00:00:00Z", "2026-11")]
    public void MonthlyReport_TokyoDefault_FiresOnThirdAtNine(string after, string expectedFire, string expectedMonth)
    {
        ScheduleOptions defaults = new();

        DateTimeOffset fire = NextFire(defaults.MonthlyReport, defaults.TimeZone, DateTimeOffset.Parse(after, System.Globalization.CultureInfo.InvariantCulture));

        Assert.That(fire, Is.EqualTo(DateTimeOffset.Parse(expectedFire, System.Globalization.CultureInfo.InvariantCulture)));
        Assert.That(MonthlyReportJob.PreviousMonth(fire, defaults.TimeZone), Is.EqualTo(expectedMonth));
    }

    // New York changes from EST (-05:00) to EDT (-04:00) on 2027-03-14, so 09:00 local moves from 14:00 to 13:00 UTC.
    [TestCase("2027-02-28T12:00:00Z", "2027-03-03T14:00:00Z")]
    [TestCase("2027-03-03T14:00:00Z", "2027-04-03T13:00:00Z")]
    public void MonthlyReport_OtherZone_FollowsDaylightSaving(string after, string expectedFire)
    {
        DateTimeOffset fire = NextFire("0 0 9 3 * ?", "America/New_York", DateTimeOffset.Parse(after, System.Globalization.CultureInfo.InvariantCulture));

        Assert.That(fire, Is.EqualTo(DateTimeOffset.Parse(expectedFire, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [TestCase("2027-01-01T00:00:00Z", "2026-12")]
    [TestCase("2026-12-31T15:00:00Z", "2026-12")]
    [TestCase("2026-12-31T14:59:59Z", "2026-11")]
    [TestCase("2028-03-01T00:00:00Z", "2028-02")]
    public void PreviousMonth_TokyoBoundary_TakesLocalMonth(string fireTime, string expected)
    {
        string month = MonthlyReportJob.PreviousMonth(DateTimeOffset.Parse(fireTime, System.Globalization.CultureInfo.InvariantCulture), "Asia/Tokyo");

        Assert.That(month, Is.EqualTo(expected));
    }

    [Test]
    public void DailyDigest_TokyoDefault_FiresAtEightLocal()
    {
        ScheduleOptions defaults = new();

        DateTimeOffset fire = NextFire(defaults.DailyDigest, defaults.TimeZone, new DateTimeOffset(2026, 12, 31, 23, 30, 0, TimeSpan.Zero));

        Assert.That(fire, Is.EqualTo(new DateTimeOffset(2027, 1, 1, 23, 0, 0, TimeSpan.Zero)));
    }
}
