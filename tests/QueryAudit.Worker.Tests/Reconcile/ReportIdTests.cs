using System.Text.Json;
using QueryAudit.Core.Reporting;
using QueryAudit.Worker.Reconcile;

namespace QueryAudit.Worker.Tests.Reconcile;

/// <summary>
/// Reports that differ get different ids, because <c>--upload-to</c> writes each report under its id, and the id
/// names its period and language in full.
/// </summary>
public class ReportIdTests
{
    // 1796052600000000 µs = 2026-11-30T15:30:00Z = 2026-12-01T00:30 in Asia/Tokyo.
    private const string LogLine =
        "1796052600000000,billing-prod-instance-1,dba_bob,10.0.1.5,77,5001,QUERY,billing,'DELETE FROM customers WHERE customer_id = 3',0";

    private string _log = "";

    [OneTimeSetUp]
    public async Task WriteLog()
    {
        _log = Path.Combine(TestPaths.NewTempFolder("report-id"), "billing-prod-instance-1.audit.log");
        await File.WriteAllTextAsync(_log, LogLine + "\n");
    }

    [Test]
    public async Task Month_TokyoAndUtc_DifferentIds()
    {
        string tokyo = await ReportIdAsync(settings => settings with { TimeZone = "Asia/Tokyo" });
        string utc = await ReportIdAsync(settings => settings with { TimeZone = "UTC" });

        Assert.That(tokyo, Does.Match("^QA-202612-en-[0-9a-f]{8}$"));
        Assert.That(utc, Does.Match("^QA-202612-en-[0-9a-f]{8}$"));
        Assert.That(utc, Is.Not.EqualTo(tokyo));
    }

    [Test]
    public async Task Languages_EnAndJa_DifferentIds()
    {
        string english = await ReportIdAsync(settings => settings with { Language = "en" });
        string japanese = await ReportIdAsync(settings => settings with { Language = "ja" });

        Assert.That(english, Does.StartWith("QA-202612-en-"));
        Assert.That(japanese, Does.StartWith("QA-202612-ja-"));
        Assert.That(japanese[^8..], Is.Not.EqualTo(english[^8..]), "the hash covers the language too");
    }

    [Test]
    public async Task Clusters_Differ_DifferentIds()
    {
        string billing = await ReportIdAsync(settings => settings with { Cluster = "billing-prod" });
        string orders = await ReportIdAsync(settings => settings with { Cluster = "orders-prod" });

        Assert.That(orders, Is.Not.EqualTo(billing));
    }

    [Test]
    public async Task Amendment_NamedAndDifferentId()
    {
        string first = await ReportIdAsync(settings => settings);
        string amended = await ReportIdAsync(settings => settings with
        {
            Amendment = new ReportAmendment(1, new string('a', 64), new DateTimeOffset(2027, 1, 5, 0, 0, 0, TimeSpan.Zero), 0),
        });

        Assert.That(amended, Does.Match("^QA-202612-en-A1-[0-9a-f]{8}$"));
        Assert.That(amended[^8..], Is.Not.EqualTo(first[^8..]));
    }

    [Test]
    public async Task Inputs_Differ_DifferentIds()
    {
        string other = Path.Combine(TestPaths.NewTempFolder("report-id-other"), "billing-prod-instance-1.audit.log");
        await File.WriteAllTextAsync(other, LogLine.Replace("customer_id = 3", "customer_id = 4", StringComparison.Ordinal) + "\n");

        string first = await ReportIdAsync(settings => settings);
        string second = await ReportIdAsync(settings => settings with { Inputs = [other] });

        Assert.That(second, Is.Not.EqualTo(first));
    }

    [Test]
    public async Task SameRunTwice_SameId()
    {
        string first = await ReportIdAsync(settings => settings);
        string second = await ReportIdAsync(settings => settings);

        Assert.That(second, Is.EqualTo(first));
    }

    [Test]
    public async Task FromTo_IdShowsWholeInterval()
    {
        string id = await ReportIdAsync(settings => settings with
        {
            Period = null,
            From = "2026-11-30T15:25:00Z",
            To = "2026-11-30T15:35:30.250Z",
        });

        Assert.That(id, Does.Match("^QA-20261130T152500Z-20261130T153530Z-en-[0-9a-f]{8}$"));
    }

    /// <summary>Reconciles the one-line log for December 2026 with the changed settings and returns report.json's id.</summary>
    private async Task<string> ReportIdAsync(Func<ReconcileSettings, ReconcileSettings> change)
    {
        string output = TestPaths.NewTempFolder("report-id-out");
        ReconcileSettings settings = ReconcileRunner.Settings(_log, output) with { From = null, To = null, Period = "2026-12", TimeZone = "Asia/Tokyo" };

        int exitCode = await ReconcileRunner.RunAsync(change(settings));

        Assert.That(exitCode, Is.Zero);
        using JsonDocument report = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(output, "report.json")));
        return report.RootElement.GetProperty("header").GetProperty("report_id").GetString()!;
    }
}
