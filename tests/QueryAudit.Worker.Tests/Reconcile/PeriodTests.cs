using QueryAudit.Worker.Reconcile;

namespace QueryAudit.Worker.Tests.Reconcile;

/// <summary>
/// Events are assigned to the period of the report's time zone.
/// </summary>
public class PeriodTests
{
    // 1796052600000000 µs = 2026-11-30T15:30:00Z = 2026-12-01T00:30 in Asia/Tokyo.
    private const string EarlyDecemberInTokyo =
        "1796052600000000,billing-prod-instance-1,dba_bob,10.0.1.5,77,5001,QUERY,billing,'DELETE FROM customers WHERE customer_id = 3',0";

    [TestCase("2026-12", "Asia/Tokyo", 1)]
    [TestCase("2026-11", "Asia/Tokyo", 0)]
    [TestCase("2026-11", "UTC", 1)]
    [TestCase("2026-12", "UTC", 0)]
    public async Task Reconcile_EventAtJstMidnight_BelongsToTheLocalMonth(string month, string zone, int expectedWrites)
    {
        string folder = TestPaths.NewTempFolder("period");
        string log = Path.Combine(folder, "billing-prod-instance-1.audit.log");
        await File.WriteAllTextAsync(log, EarlyDecemberInTokyo + "\n");
        string output = Path.Combine(folder, "out");

        int exitCode = await ReconcileRunner.RunAsync(ReconcileRunner.Settings(log, output) with
        {
            From = null,
            To = null,
            Period = month,
            TimeZone = zone,
        });

        Assert.That(exitCode, Is.Zero);
        CsvTable findings = CsvTable.Read(Path.Combine(output, "findings.csv"));
        Assert.That(findings.Rows.Count(r => r["kind"] == "unapproved_write"), Is.EqualTo(expectedWrites));
        Assert.That(findings.Rows.Where(r => r["kind"] == "unapproved_write").Select(r => r["occurred_at_utc"]), Is.All.StartsWith("2026-11-30T15:30:00").Or.Empty);
    }

    [Test]
    public async Task Reconcile_Month_ReportsSilentStretchesAsGaps()
    {
        string folder = TestPaths.NewTempFolder("gaps");
        string log = Path.Combine(folder, "billing-prod-instance-1.audit.log");
        await File.WriteAllTextAsync(log, EarlyDecemberInTokyo + "\n");
        string output = Path.Combine(folder, "out");

        await ReconcileRunner.RunAsync(ReconcileRunner.Settings(log, output) with { From = null, To = null, Period = "2026-12", TimeZone = "Asia/Tokyo" });

        CsvTable findings = CsvTable.Read(Path.Combine(output, "findings.csv"));
        List<IReadOnlyDictionary<string, string>> gaps = findings.Rows.Where(r => r["kind"] == "log_gap").ToList();
        Assert.That(gaps, Has.Count.EqualTo(2), "before the only event and after it");
        Assert.That(gaps.All(g => g["severity"] == "critical"), Is.True);
    }
}
