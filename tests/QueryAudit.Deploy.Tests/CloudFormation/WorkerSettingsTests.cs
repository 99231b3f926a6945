using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using QueryAudit.Worker.Hosting;

namespace QueryAudit.Deploy.Tests.CloudFormation;

/// <summary>
/// Feeds the container's Environment and Secrets, as ECS would set them for sample parameters, to the settings code of
/// <c>queryaudit run</c> (the same host builder, binding and validators it uses on start), so that the template and
/// the worker cannot drift apart again.
/// </summary>
[NonParallelizable]
public sealed partial class WorkerSettingsTests
{
    private static readonly CloudFormationTemplate Template = CloudFormationTemplate.Load(RepositoryPaths.Template);

    /// <summary>Sample parameter values, and the pseudo parameters and resource names the container settings refer to.</summary>
    private static readonly Dictionary<string, object> Values = new(StringComparer.Ordinal)
    {
        ["AWS::Region"] = "ap-northeast-1",
        ["ClusterNames"] = new List<string> { "billing-prod", "hr-prod" },
        ["ReportBucket"] = "example-queryaudit-reports",
        ["ReportPrefix"] = "reports/",
        ["ReportRetentionDays"] = "2557",
        ["CatalogBucketName"] = "example-queryaudit-inputs",
        ["CatalogPrefix"] = "catalog/",
        ["ArchiveBucketName"] = "example-audit-archive",
        ["ArchivePrefix"] = "audit-archive/",
    };

    /// <summary>The JSON keys of the state database secret, as RDS writes them, with a password that needs quoting.</summary>
    private static readonly Dictionary<string, string> Secret = new(StringComparer.Ordinal)
    {
        ["host"] = "queryaudit-state.cluster-example.ap-northeast-1.rds.amazonaws.com",
        ["port"] = "3306",
        ["dbname"] = "queryaudit",
        ["username"] = "queryaudit",
        ["password"] = "s3cret;with=chars",
    };

    private static readonly string[] AwsVariables = ["AWS_REGION", "AWS_EC2_METADATA_DISABLED"];

    [TestCase(true)]
    [TestCase(false)]
    public void ContainerSettings_BindAndValidate(bool withArchive)
    {
        Dictionary<string, string> variables = ContainerVariables(withArchive);

        QueryAuditOptions options = BindAndValidate(variables);

        Assert.That(options.AllSources(), Does.Contain("cloudwatch:billing-prod").And.Contain("cloudwatch:hr-prod"));
        Assert.That(options.AllSources(), withArchive ? Does.Contain("s3://example-audit-archive/audit-archive/") : Has.Count.EqualTo(2));
        Assert.That(options.Catalog, Is.EqualTo("s3://example-queryaudit-inputs/catalog/"));
        Assert.That(options.Policy, Is.EqualTo("s3://example-queryaudit-inputs/catalog/policy.yaml"));
        Assert.That(options.Report.UploadTo, Is.EqualTo("s3://example-queryaudit-reports/reports/"));
        Assert.That(options.Report.RetentionDays, Is.EqualTo(2557));
        Assert.That(options.Report.OutputDirectory, Does.StartWith("/tmp/"), "the root filesystem is read-only; /tmp is the task's scratch volume");
        Assert.That(options.Health.Port, Is.EqualTo(8080));
        string store = StoreSettings.Resolve(options);
        Assert.That(store, Does.StartWith("mysql:"));
        Assert.That(store, Does.Contain("Server=" + Secret["host"]));
        Assert.That(store, Does.Contain("Database=queryaudit"));
        Assert.That(store, Does.Contain(Secret["password"]));
    }

    [Test]
    public void ContainerSettings_EveryVariableIsKnown()
    {
        Dictionary<string, string> variables = ContainerVariables(withArchive: true);
        IConfiguration configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(variables
                .Where(v => v.Key.StartsWith(ServiceHost.EnvironmentPrefix, StringComparison.Ordinal))
                .Select(v => KeyValuePair.Create(v.Key[ServiceHost.EnvironmentPrefix.Length..].Replace("__", ":", StringComparison.Ordinal), (string?)v.Value)))
            .Build();

        Assert.That(UnknownSettingsValidator.UnknownKeys(configuration), Is.Empty);
        Assert.That(variables.Keys.Where(name => !name.StartsWith(ServiceHost.EnvironmentPrefix, StringComparison.Ordinal)), Is.EquivalentTo(AwsVariables));
    }

    [Test]
    public void ContainerSettings_MisspeltVariable_FailsValidation()
    {
        Dictionary<string, string> variables = ContainerVariables(withArchive: false);
        variables["QUERYAUDIT__Store__Provider"] = "MySql";

        OptionsValidationException? failure = Assert.Throws<OptionsValidationException>(() => BindAndValidate(variables));

        Assert.That(failure!.Failures, Has.Some.Contains("Store:Provider is not a setting"));
    }

    /// <summary>Sets the variables for the duration of the call and reads the settings as <c>queryaudit run</c> does on start.</summary>
    private static QueryAuditOptions BindAndValidate(Dictionary<string, string> variables)
    {
        Dictionary<string, string?> previous = variables.Keys.ToDictionary(name => name, Environment.GetEnvironmentVariable, StringComparer.Ordinal);
        try
        {
            foreach ((string name, string value) in variables)
            {
                Environment.SetEnvironmentVariable(name, value);
            }

            using IHost host = ServiceHost.Build(null, [], TextWriter.Null);
            return host.Services.GetRequiredService<IOptions<QueryAuditOptions>>().Value;
        }
        finally
        {
            foreach ((string name, string? value) in previous)
            {
                Environment.SetEnvironmentVariable(name, value);
            }
        }
    }

    /// <summary>Returns the container's variables as ECS sets them: Environment evaluated for <see cref="Values"/>, Secrets from <see cref="Secret"/>.</summary>
    private static Dictionary<string, string> ContainerVariables(bool withArchive)
    {
        IReadOnlyDictionary<string, object?> container = TemplateValues.Map(
            TemplateValues.List(Template.Resource("TaskDefinition").Properties["ContainerDefinitions"], "ContainerDefinitions").Single(),
            "ContainerDefinitions[0]");
        Dictionary<string, string> variables = new(StringComparer.Ordinal);
        foreach (object? item in TemplateValues.List(container["Environment"], "Environment"))
        {
            if (Choose(item, withArchive) is Dictionary<string, object?> variable)
            {
                variables.Add((string)variable["Name"]!, Evaluate(variable["Value"]));
            }
        }

        foreach (Dictionary<string, object?> secret in TemplateValues.List(container["Secrets"], "Secrets").Select(item => TemplateValues.Map(item, "Secrets[]")))
        {
            Match key = SecretKey().Match(TemplateValues.Describe(secret["ValueFrom"]));
            Assert.That(key.Success, Is.True, TemplateValues.Describe(secret));
            variables.Add((string)secret["Name"]!, Secret[key.Groups["key"].Value]);
        }

        return variables;
    }

    /// <summary>Resolves <c>Fn::If</c> on the archive condition, the only condition the container settings use; null for <c>AWS::NoValue</c>.</summary>
    private static object? Choose(object? value, bool withArchive)
    {
        if (value is Dictionary<string, object?> map && map.TryGetValue("Fn::If", out object? branches))
        {
            List<object?> arguments = TemplateValues.List(branches, "Fn::If");
            Assert.That(arguments[0], Is.EqualTo("HasArchive"), "the container settings depend on no other condition");
            return Choose(withArchive ? arguments[1] : arguments[2], withArchive);
        }

        return TemplateValues.RefTarget(value) == "AWS::NoValue" ? null : value;
    }

    private static string Evaluate(object? value)
    {
        switch (value)
        {
            case string text:
                return text;
            case Dictionary<string, object?> map when map.TryGetValue("Ref", out object? target):
                return Values[(string)target!] as string ?? throw new AssertionException($"!Ref {target} is a list; join it.");
            case Dictionary<string, object?> map when map.TryGetValue("Fn::Sub", out object? format):
                return SubstitutionReference().Replace((string)format!, match => (string)Values[match.Groups["name"].Value]);
            case Dictionary<string, object?> map when map.TryGetValue("Fn::Join", out object? arguments):
                List<object?> join = TemplateValues.List(arguments, "Fn::Join");
                return string.Join((string)join[0]!, (List<string>)Values[TemplateValues.RefTarget(join[1])!]);
            default:
                Assert.Fail($"The test cannot evaluate {TemplateValues.Describe(value)}; extend Evaluate.");
                return "";
        }
    }

    [GeneratedRegex(@"\$\{(?<name>[A-Za-z0-9:]+)\}")]
    private static partial Regex SubstitutionReference();

    [GeneratedRegex(@"^!Sub \$\{StateDatabaseSecretArn\}:(?<key>[a-z]+)::$")]
    private static partial Regex SecretKey();
}
