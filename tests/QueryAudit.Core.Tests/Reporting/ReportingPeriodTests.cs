using QueryAudit.Core.Reporting;

namespace QueryAudit.Core.Tests.Reporting;

public class ReportingPeriodTests
{
    [TestCase("2026-12", "Asia/Tokyo", "2026-11-30T15:00:00Z", "2026-12-31T15:00:00Z")]
    [TestCase("2026-12", "UTC", "2026-12-01T00:00:00Z", "2027-01-01T00:00:00Z")]
    [TestCase("2028-02", "Asia/Tokyo", "2028-01-31T15:00:00Z", "2028-02-29T15:00:00Z")]
    [TestCase("2027-02", "Asia/Tokyo", "2027-01-31T15:00:00Z", "2027-02-28T15:00:00Z")]
    [TestCase("2026-03", "America/New_York", "2026-03-01T05:00:00Z", "2026-04-01T04:00:00Z")]
    public void Month_InTimeZone_StartsAndEndsAtLocalMidnight(string month, string zone, string start, string end)
    {
        ReportingPeriod period = ReportingPeriod.Month(month, zone);

        Assert.That(period.Start, Is.EqualTo(DateTimeOffset.Parse(start, System.Globalization.CultureInfo.InvariantCulture)));
        Assert.That(period.End, Is.EqualTo(DateTimeOffset.Parse(end, System.Globalization.CultureInfo.InvariantCulture)));
        Assert.That(period.Label, Is.EqualTo(month));
    }

    [TestCase("2026-11-30T15:30:00Z", "2026-12", true)]
    [TestCase("2026-11-30T15:30:00Z", "2026-11", false)]
    [TestCase("2026-11-30T14:59:59Z", "2026-11", true)]
    [TestCase("2026-12-31T15:00:00Z", "2026-12", false)]
    [TestCase("2026-12-31T14:59:59Z", "2026-12", true)]
    public void Contains_JstDayBoundary(string instant, string month, bool inside)
    {
        ReportingPeriod period = ReportingPeriod.Month(month, "Asia/Tokyo");

        Assert.That(period.Contains(DateTimeOffset.Parse(instant, System.Globalization.CultureInfo.InvariantCulture)), Is.EqualTo(inside));
    }

    [TestCase("2026-12-04T19:51:13Z", "2026-12-04T20:01:13Z", "2026-12-04T19:51:13Z", "2026-12-04T20:01:13Z")]
    [TestCase("2026-12-05T04:51:13+09:00", "2026-12-05T05:01:13+09:00", "2026-12-04T19:51:13Z", "2026-12-04T20:01:13Z")]
    [TestCase("2026-12-05T04:51:13", "2026-12-05 05:01:13", "2026-12-04T19:51:13Z", "2026-12-04T20:01:13Z")]
    public void Between_OffsetsAndLocalTimes(string from, string to, string start, string end)
    {
        ReportingPeriod period = ReportingPeriod.Between(from, to, "Asia/Tokyo");

        Assert.That(period.Start, Is.EqualTo(DateTimeOffset.Parse(start, System.Globalization.CultureInfo.InvariantCulture)));
        Assert.That(period.End, Is.EqualTo(DateTimeOffset.Parse(end, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [TestCase("2026-13", "Invalid period '2026-13'")]
    [TestCase("12/2026", "Invalid period '12/2026'")]
    public void Month_Invalid_SaysHowToWriteIt(string month, string message)
    {
        FormatException error = Assert.Throws<FormatException>(() => ReportingPeriod.Month(month, "UTC"))!;

        Assert.That(error.Message, Does.Contain(message));
        Assert.That(error.Message, Does.Contain("YYYY-MM"));
    }

    [Test]
    public void Between_Inverted_IsRejected()
    {
        FormatException error = Assert.Throws<FormatException>(() => ReportingPeriod.Between("2026-12-05T00:00:00Z", "2026-12-04T00:00:00Z", "UTC"))!;

        Assert.That(error.Message, Does.Contain("is not after"));
    }

    [Test]
    public void FindZone_Unknown_NamesIt()
    {
        FormatException error = Assert.Throws<FormatException>(() => ReportingPeriod.FindZone("Mars/Olympus"))!;

        Assert.That(error.Message, Does.Contain("Mars/Olympus"));
    }
}
