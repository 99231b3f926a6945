using System.Globalization;

namespace QueryAudit.Deploy.Tests.CloudFormation;

public class TaskDefinitionTests
{
    private static readonly CloudFormationTemplate Template = CloudFormationTemplate.Load(RepositoryPaths.Template);

    private static IReadOnlyDictionary<string, object?> Container =>
        TemplateValues.Map(
            TemplateValues.List(Template.Resource("TaskDefinition").Properties["ContainerDefinitions"], "ContainerDefinitions").Single(),
            "ContainerDefinitions[0]");

    [Test]
    public void Container_RootFilesystem_IsReadOnly()
    {
        Assert.That(Container.GetValueOrDefault("ReadonlyRootFilesystem"), Is.EqualTo("true"));
    }

    [Test]
    public void Container_User_IsNumericAndNotRoot()
    {
        string user = Container.GetValueOrDefault("User") as string ?? string.Empty;
        string[] parts = user.Split(':');

        Assert.That(parts, Has.Length.InRange(1, 2), $"User '{user}' must be uid or uid:gid.");
        Assert.That(int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int uid), Is.True, $"User '{user}' must be numeric so that ECS can see it is not root.");
        Assert.That(uid, Is.GreaterThan(0), $"User '{user}' is root.");
    }

    [Test]
    public void Container_Capabilities_AllDropped()
    {
        Assert.That(TemplateValues.Get(Container, "LinuxParameters", "Capabilities", "Drop"), Is.EqualTo(new[] { "ALL" }));
        Assert.That(TemplateValues.Get(Container, "LinuxParameters", "Capabilities", "Add"), Is.Null);
        Assert.That(Container.GetValueOrDefault("Privileged"), Is.Null.Or.EqualTo("false"));
    }

    [Test]
    public void Container_Logs_GoToAwslogsInBlockingMode()
    {
        Assert.That(TemplateValues.Get(Container, "LogConfiguration", "LogDriver"), Is.EqualTo("awslogs"));
        Assert.That(TemplateValues.RefTarget(TemplateValues.Get(Container, "LogConfiguration", "Options", "awslogs-group")), Is.EqualTo("ServiceLogGroup"));
        Assert.That(TemplateValues.Get(Container, "LogConfiguration", "Options", "mode"), Is.EqualTo("blocking"));
        Assert.That(Template.Resource("ServiceLogGroup").Properties.GetValueOrDefault("RetentionInDays"), Is.Not.Null, "The service log group must not keep logs forever by default.");
    }

    [Test]
    public void Container_Logs_AreJson()
    {
        Assert.That(ContainerEnvironment().GetValueOrDefault("QUERYAUDIT__Logging__Console__FormatterName"), Is.EqualTo("json"));
    }

    [Test]
    public void Container_OnlyWritablePath_IsTmpScratchVolume()
    {
        List<object?> mounts = TemplateValues.List(Container.GetValueOrDefault("MountPoints"), "MountPoints");
        List<object?> volumes = TemplateValues.List(Template.Resource("TaskDefinition").Properties.GetValueOrDefault("Volumes"), "Volumes");

        Assert.That(mounts, Has.Count.EqualTo(1));
        Dictionary<string, object?> mount = TemplateValues.Map(mounts[0], "MountPoints[0]");
        Assert.That(mount["ContainerPath"], Is.EqualTo("/tmp"));
        Assert.That(volumes, Has.Count.EqualTo(1));
        Dictionary<string, object?> volume = TemplateValues.Map(volumes[0], "Volumes[0]");
        Assert.That(volume["Name"], Is.EqualTo(mount["SourceVolume"]));
        // Without Host, EFS or Docker volume settings, Fargate backs the volume with the task's ephemeral storage.
        Assert.That(volume.Keys, Is.EqualTo(new[] { "Name" }));
    }

    [Test]
    public void Container_Image_IsPinnedByDigest()
    {
        string image = TemplateValues.Describe(Container.GetValueOrDefault("Image"));

        Assert.That(image, Does.EndWith("/${EcrRepositoryName}@${ImageDigest}"));
        Assert.That(TemplateValues.Get(Template.Parameters, "ImageDigest", "AllowedPattern"), Is.EqualTo("^sha256:[0-9a-f]{64}$"));
    }

    [Test]
    public void Container_HealthCheck_RunsTheBinaryOnLoopback()
    {
        List<object?> command = TemplateValues.List(TemplateValues.Get(Container, "HealthCheck", "Command"), "HealthCheck.Command");

        Assert.That(command[0], Is.EqualTo("CMD"), "Exec form: the chiseled image has no shell for CMD-SHELL.");
        Assert.That(command.Skip(1).Take(2), Is.EqualTo(new[] { "/app/queryaudit", "health" }));
        Assert.That(command.Last() as string, Does.StartWith("http://127.0.0.1:"));
    }

    [Test]
    public void Container_HealthCheckPort_MatchesWorkerSetting()
    {
        string url = TemplateValues.List(TemplateValues.Get(Container, "HealthCheck", "Command"), "HealthCheck.Command").Last() as string ?? string.Empty;

        Assert.That(new Uri(url).Port.ToString(CultureInfo.InvariantCulture), Is.EqualTo(ContainerEnvironment().GetValueOrDefault("QUERYAUDIT__Health__Port")));
    }

    [Test]
    public void Container_Environment_HoldsNoSecret()
    {
        using (Assert.EnterMultipleScope())
        {
            foreach (string name in ContainerEnvironment().Keys)
            {
                Assert.That(name, Does.Not.Contain("PASSWORD").IgnoreCase.And.Not.Contain("SECRET").IgnoreCase, $"{name} belongs in Secrets, not Environment.");
                Assert.That(name, Does.StartWith("QUERYAUDIT__").Or.StartWith("AWS_"), $"{name}: settings of the worker use the QUERYAUDIT__ prefix.");
            }
        }
    }

    [Test]
    public void Container_Secrets_ComeFromStateDatabaseSecret()
    {
        List<object?> secrets = TemplateValues.List(Container.GetValueOrDefault("Secrets"), "Secrets");

        Assert.That(secrets, Is.Not.Empty);
        using (Assert.EnterMultipleScope())
        {
            foreach (Dictionary<string, object?> secret in secrets.Select(item => TemplateValues.Map(item, "Secrets[]")))
            {
                Assert.That(TemplateValues.Describe(secret["ValueFrom"]), Does.Match(@"^!Sub \$\{StateDatabaseSecretArn\}:[a-z]+::$"), TemplateValues.Describe(secret));
            }
        }
    }

    [Test]
    public void Service_ExecuteCommand_IsDisabled()
    {
        Assert.That(Template.Resource("Service").Properties.GetValueOrDefault("EnableExecuteCommand"), Is.EqualTo("false"));
    }

    [Test]
    public void Service_RunsOnFargateWithoutPublicAddress()
    {
        IReadOnlyDictionary<string, object?> service = Template.Resource("Service").Properties;

        Assert.That(service.GetValueOrDefault("LaunchType"), Is.EqualTo("FARGATE"));
        Assert.That(TemplateValues.Get(service, "NetworkConfiguration", "AwsvpcConfiguration", "AssignPublicIp"), Is.EqualTo("DISABLED"));
        Assert.That(Template.Resource("TaskDefinition").Properties.GetValueOrDefault("RequiresCompatibilities"), Is.EqualTo(new[] { "FARGATE" }));
    }

    [Test]
    public void TaskSecurityGroup_AllowsNoInbound()
    {
        IReadOnlyDictionary<string, object?> group = Template.Resource("TaskSecurityGroup").Properties;

        Assert.That(group.GetValueOrDefault("SecurityGroupIngress"), Is.Null);
        Assert.That(Template.ResourcesOfType("AWS::EC2::SecurityGroupIngress").Select(r => TemplateValues.Describe(r.Properties["GroupId"])), Has.None.EqualTo("!Ref TaskSecurityGroup"));
    }

    private static Dictionary<string, string?> ContainerEnvironment() =>
        TemplateValues.Elements(Container.GetValueOrDefault("Environment"))
            .Select(item => TemplateValues.Map(item, "Environment[]"))
            .ToDictionary(
                variable => (string)variable["Name"]!,
                variable => variable["Value"] as string,
                StringComparer.Ordinal);
}
