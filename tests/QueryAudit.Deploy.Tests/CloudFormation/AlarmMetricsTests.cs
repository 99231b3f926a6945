using System.Text.Json;
using Microsoft.Extensions.Options;
using QueryAudit.Worker.Hosting;

namespace QueryAudit.Deploy.Tests.CloudFormation;

/// <summary>
/// Every alarm of the template watches a metric, with the exact dimension set, that the worker's metrics reporter
/// writes for a <c>cloudwatch:</c> source; an alarm on a shape the worker never writes would never see data.
/// </summary>
public sealed class AlarmMetricsTests
{
    private static readonly CloudFormationTemplate Template = CloudFormationTemplate.Load(RepositoryPaths.Template);

    [Test]
    public void Alarms_WatchMetricsTheWorkerWrites()
    {
        using StringWriter output = new();
        IngestionMetrics metrics = new();
        metrics.AddBatch("cloudwatch:billing-prod", 10, 1, 1, DateTimeOffset.UtcNow);
        MetricsReporter reporter = new(metrics, Options.Create(new QueryAuditOptions { Sources = ["cloudwatch:billing-prod"] }), TimeProvider.System, new MetricsOutput(output));
        reporter.WriteOnce();
        HashSet<string> written = new(StringComparer.Ordinal);
        foreach (string line in output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            using JsonDocument document = JsonDocument.Parse(line);
            JsonElement metricSet = document.RootElement.GetProperty("_aws").GetProperty("CloudWatchMetrics")[0];
            string dimensions = string.Join(",", metricSet.GetProperty("Dimensions")[0].EnumerateArray().Select(d => d.GetString()));
            foreach (JsonElement metric in metricSet.GetProperty("Metrics").EnumerateArray())
            {
                written.Add($"{metricSet.GetProperty("Namespace").GetString()}/{metric.GetProperty("Name").GetString()}[{dimensions}]");
            }
        }

        List<TemplateResource> alarms = [.. Template.ResourcesOfType("AWS::CloudWatch::Alarm")];
        Assert.That(alarms, Is.Not.Empty);
        foreach (TemplateResource alarm in alarms)
        {
            string dimensions = string.Join(",", TemplateValues.List(alarm.Properties["Dimensions"], "Dimensions").Select(d => TemplateValues.Map(d, "Dimensions[]")["Name"] as string));
            string watched = $"{alarm.Properties["Namespace"]}/{alarm.Properties["MetricName"]}[{dimensions}]";
            Assert.That(written, Does.Contain(watched), $"{alarm.LogicalId} watches {watched}; the worker writes {string.Join(" ", written.Order(StringComparer.Ordinal))}");
        }
    }
}
