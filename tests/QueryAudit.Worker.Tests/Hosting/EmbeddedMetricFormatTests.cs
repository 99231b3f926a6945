using System.Text.Json;
using QueryAudit.Worker.Hosting;

namespace QueryAudit.Worker.Tests.Hosting;

public class EmbeddedMetricFormatTests
{
    [Test]
    public void Format_LagPerSource_WritesEmfDocument()
    {
        DateTimeOffset at = new(2026, 12, 4, 20, 0, 0, TimeSpan.Zero);

        string line = EmbeddedMetricFormat.Format(at, [("Source", "/var/log/mysql")], [("IngestionLagSeconds", 12.5, "Seconds")]);

        Assert.That(line, Does.Not.Contain("\n"));
        using JsonDocument document = JsonDocument.Parse(line);
        JsonElement root = document.RootElement;
        JsonElement directive = root.GetProperty("_aws").GetProperty("CloudWatchMetrics")[0];
        Assert.That(root.GetProperty("_aws").GetProperty("Timestamp").GetInt64(), Is.EqualTo(at.ToUnixTimeMilliseconds()));
        Assert.That(directive.GetProperty("Namespace").GetString(), Is.EqualTo("QueryAudit"));
        Assert.That(directive.GetProperty("Dimensions")[0][0].GetString(), Is.EqualTo("Source"));
        Assert.That(directive.GetProperty("Metrics")[0].GetProperty("Name").GetString(), Is.EqualTo("IngestionLagSeconds"));
        Assert.That(directive.GetProperty("Metrics")[0].GetProperty("Unit").GetString(), Is.EqualTo("Seconds"));
        Assert.That(root.GetProperty("Source").GetString(), Is.EqualTo("/var/log/mysql"));
        Assert.That(root.GetProperty("IngestionLagSeconds").GetDouble(), Is.EqualTo(12.5));
    }

    [Test]
    public void MetricsReporter_OneInterval_WritesRatesAndLag()
    {
        Microsoft.Extensions.Time.Testing.FakeTimeProvider clock = new(new DateTimeOffset(2026, 12, 4, 20, 0, 0, TimeSpan.Zero));
        IngestionMetrics metrics = new();
        using StringWriter output = new();
        MetricsReporter reporter = new(metrics, Microsoft.Extensions.Options.Options.Create(new QueryAuditOptions()), clock, new MetricsOutput(output));
        reporter.WriteOnce();
        output.GetStringBuilder().Clear();

        metrics.AddBatch("/logs", events: 600, parseErrors: 2, criticalFindings: 1, newestEvent: clock.GetUtcNow().AddSeconds(-30));
        clock.Advance(TimeSpan.FromSeconds(60));
        reporter.WriteOnce();

        string[] lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Has.Length.EqualTo(2));
        using JsonDocument totals = JsonDocument.Parse(lines[0]);
        Assert.That(totals.RootElement.GetProperty("EventsPerSecond").GetDouble(), Is.EqualTo(10.0));
        Assert.That(totals.RootElement.GetProperty("ParseErrors").GetDouble(), Is.EqualTo(2));
        Assert.That(totals.RootElement.GetProperty("CriticalFindings").GetDouble(), Is.EqualTo(1));
        using JsonDocument lag = JsonDocument.Parse(lines[1]);
        Assert.That(lag.RootElement.GetProperty("IngestionLagSeconds").GetDouble(), Is.EqualTo(90.0));
    }

    [Test]
    public void MetricsReporter_CloudWatchSource_WritesClusterDimension()
    {
        Microsoft.Extensions.Time.Testing.FakeTimeProvider clock = new(new DateTimeOffset(2026, 12, 4, 20, 0, 0, TimeSpan.Zero));
        IngestionMetrics metrics = new();
        using StringWriter output = new();
        QueryAuditOptions settings = new() { Sources = ["cloudwatch:billing-prod"] };
        MetricsReporter reporter = new(metrics, Microsoft.Extensions.Options.Options.Create(settings), clock, new MetricsOutput(output));
        reporter.WriteOnce();
        output.GetStringBuilder().Clear();

        metrics.AddBatch("cloudwatch:billing-prod", events: 100, parseErrors: 3, criticalFindings: 2, newestEvent: clock.GetUtcNow().AddSeconds(-150));
        metrics.SetInstances("cloudwatch:billing-prod", ["billing-prod-instance-1", "billing-prod-instance-2"]);
        metrics.SetSilentHours([("billing-prod-instance-2", clock.GetUtcNow().AddHours(-3)), ("other-instance", clock.GetUtcNow().AddHours(-2))]);
        reporter.WriteOnce();

        string[] lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Has.Length.EqualTo(2), "totals and the cluster's line; no Source lag line for a cloudwatch: source");
        using JsonDocument cluster = JsonDocument.Parse(lines[1]);
        JsonElement root = cluster.RootElement;
        Assert.That(root.GetProperty("_aws").GetProperty("CloudWatchMetrics")[0].GetProperty("Dimensions")[0].EnumerateArray().Select(d => d.GetString()), Is.EqualTo(new[] { "Cluster" }));
        Assert.That(root.GetProperty("Cluster").GetString(), Is.EqualTo("billing-prod"));
        Assert.That(root.GetProperty("IngestionLagSeconds").GetDouble(), Is.EqualTo(150.0));
        Assert.That(root.GetProperty("CriticalFindings").GetDouble(), Is.EqualTo(2));
        Assert.That(root.GetProperty("ParseErrors").GetDouble(), Is.EqualTo(3));
        Assert.That(root.GetProperty("LogGaps").GetDouble(), Is.EqualTo(1), "only the silent hour of the cluster's own instance");
    }
}
