using QueryAudit.Core.State;
using QueryAudit.Worker.Hosting.Jobs;

namespace QueryAudit.Worker.Tests.Hosting;

public class CompletenessCheckTests
{
    [Test]
    public void SilentHours_OneQuietHour_ReportsIt()
    {
        DateTimeOffset from = new(2026, 12, 4, 0, 0, 0, TimeSpan.Zero);
        List<HourlyEventCount> counts = [];
        for (int hour = 0; hour < 3; hour++)
        {
            counts.Add(new HourlyEventCount("db-1", from.AddHours(hour), hour == 1 ? 0 : 10));
            counts.Add(new HourlyEventCount("db-2", from.AddHours(hour), 5));
        }

        var silent = CompletenessCheckJob.SilentHours(counts, from, 3);

        Assert.That(silent, Is.EqualTo(new[] { ("db-1", from.AddHours(1)) }));
    }

    [Test]
    public void SilentHours_MissingRows_CountAsSilent()
    {
        DateTimeOffset from = new(2026, 12, 31, 22, 0, 0, TimeSpan.Zero);
        HourlyEventCount[] counts = [new("db-1", from, 1)];

        var silent = CompletenessCheckJob.SilentHours(counts, from, 3);

        Assert.That(silent.Select(s => s.Hour), Is.EqualTo(new[] { from.AddHours(1), from.AddHours(2) }));
    }
}
