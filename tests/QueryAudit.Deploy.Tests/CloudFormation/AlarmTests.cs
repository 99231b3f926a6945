namespace QueryAudit.Deploy.Tests.CloudFormation;

public class AlarmTests
{
    private static readonly CloudFormationTemplate Template = CloudFormationTemplate.Load(RepositoryPaths.Template);

    [TestCase("IngestionLagSeconds")]
    [TestCase("CriticalFindings")]
    [TestCase("ParseErrors")]
    [TestCase("LogGaps")]
    public void Metric_HasOneAlarmPerCluster(string metric)
    {
        TemplateResource alarm = Template.ResourcesOfType("AWS::CloudWatch::Alarm")
            .Single(resource => resource.Properties.GetValueOrDefault("MetricName") as string == metric);
        List<object?> dimensions = TemplateValues.List(alarm.Properties.GetValueOrDefault("Dimensions"), "Dimensions");
        Dictionary<string, object?> dimension = TemplateValues.Map(dimensions.Single(), "Dimensions[0]");

        Assert.That(alarm.LoopIdentifier, Is.Not.Null, $"The {metric} alarm must be repeated for each cluster of ClusterNames.");
        Assert.That(dimension["Name"], Is.EqualTo("Cluster"));
        Assert.That(TemplateValues.RefTarget(dimension["Value"]), Is.EqualTo(alarm.LoopIdentifier));
        Assert.That(TemplateValues.Elements(alarm.Properties.GetValueOrDefault("AlarmActions")).Select(TemplateValues.RefTarget), Is.EqualTo(new[] { "AlarmTopic" }));
    }

    [Test]
    public void Alarms_UseNamespaceTheWorkerWrites()
    {
        string workerNamespace = QueryAudit.Worker.Hosting.EmbeddedMetricFormat.Namespace;

        Assert.That(workerNamespace, Is.EqualTo("QueryAudit"));
        Assert.That(
            Template.ResourcesOfType("AWS::CloudWatch::Alarm").Select(alarm => alarm.Properties.GetValueOrDefault("Namespace")),
            Is.All.EqualTo(workerNamespace));
    }

    [Test]
    public void IngestionLag_MissingData_Alarms()
    {
        // A worker that stopped writing metrics has stopped reading the log, which must not look healthy.
        TemplateResource alarm = Template.ResourcesOfType("AWS::CloudWatch::Alarm")
            .Single(resource => resource.Properties.GetValueOrDefault("MetricName") as string == "IngestionLagSeconds");

        Assert.That(alarm.Properties.GetValueOrDefault("TreatMissingData"), Is.EqualTo("breaching"));
    }
}
