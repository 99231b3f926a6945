using QueryAudit.Aws.S3;

namespace QueryAudit.Aws.Tests.S3;

/// <summary>The memory of Firehose event ids: exact comparison and its bound in event time.</summary>
public sealed class ArchiveDuplicatesMemoryTests
{
    private const string Stream = "/aws/rds/cluster/billing-prod/audit/billing-prod-instance-1";

    [TestCase("31953106606966983378809025079804211143289615424298221568", "31953106606966983378809025079804211143289615424298221569")]
    [TestCase("0123", "123")]
    [TestCase("999999999999999999999999999999999999999999999999999999999", "999999999999999999999999999999999999999999999999999999998")]
    [TestCase("9999999999999999999999999999999999999999999999999999999999", "9999999999999999999999999999999999999999999999999999999998")]
    [TestCase("eventId1", "eventId2")]
    public void TryDeliverEvent_DistinctIds_EachDeliveredOnce(string first, string second)
    {
        ArchiveDuplicates memory = new(TimeSpan.FromHours(1));

        Assert.That(memory.TryDeliverEvent(Stream, first, 1_000), Is.True);
        Assert.That(memory.TryDeliverEvent(Stream, second, 1_000), Is.True);
        Assert.That(memory.TryDeliverEvent(Stream, first, 1_000), Is.False);
        Assert.That(memory.TryDeliverEvent(Stream, second, 1_000), Is.False);
        Assert.That(memory.TryDeliverEvent(Stream + "-2", first, 1_000), Is.True, "the same id in another stream is another event");
    }

    [Test]
    public void TryDeliverEvent_DayOfEvents_MemoryStaysBounded()
    {
        ArchiveDuplicates memory = new(TimeSpan.FromMinutes(1));
        int largest = 0;
        int delivered = 0;

        // Ten events a second for a day.
        for (int i = 0; i < 864_000; i++)
        {
            delivered += memory.TryDeliverEvent(Stream, i.ToString("D56", System.Globalization.CultureInfo.InvariantCulture), i * 100L) ? 1 : 0;
            largest = Math.Max(largest, memory.RememberedEvents);
        }

        Assert.That(delivered, Is.EqualTo(864_000));
        Assert.That(largest, Is.LessThanOrEqualTo(751), "75 seconds of ten events a second, and the newest");
        Assert.That(memory.TryDeliverEvent(Stream, 863_500.ToString("D56", System.Globalization.CultureInfo.InvariantCulture), 86_350_000), Is.False, "50 s old: within the window");
        Assert.That(memory.TryDeliverEvent(Stream, 800_000.ToString("D56", System.Globalization.CultureInfo.InvariantCulture), 80_000_000), Is.True, "an hour and more old: beyond the window");
        Assert.That(memory.EventsBeforeWindow, Is.EqualTo(1));
    }
}
