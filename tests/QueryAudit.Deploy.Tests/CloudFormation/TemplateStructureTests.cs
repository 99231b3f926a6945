namespace QueryAudit.Deploy.Tests.CloudFormation;

public class TemplateStructureTests
{
    private static readonly string[] PseudoParameters =
    [
        "AWS::AccountId", "AWS::NotificationARNs", "AWS::NoValue", "AWS::Partition",
        "AWS::Region", "AWS::StackId", "AWS::StackName", "AWS::URLSuffix",
    ];

    private static readonly CloudFormationTemplate Template = CloudFormationTemplate.Load(RepositoryPaths.Template);

    private static readonly TemplateReferences References = TemplateReferences.Collect(Template);

    [Test]
    public void Parameters_EveryOne_IsUsed()
    {
        Assert.That(Template.Parameters.Keys, Is.Not.Empty);
        using (Assert.EnterMultipleScope())
        {
            foreach (string parameter in Template.Parameters.Keys)
            {
                Assert.That(References.Names, Does.Contain(parameter), $"Parameter {parameter} is declared but never used by Ref or Fn::Sub.");
            }
        }
    }

    [Test]
    public void Parameters_EveryOne_IsInAConsoleGroup()
    {
        IEnumerable<object?> groups = TemplateValues.Elements(TemplateValues.Get(Template.Root, "Metadata", "AWS::CloudFormation::Interface", "ParameterGroups"));
        string[] grouped = groups
            .SelectMany(group => TemplateValues.Elements(TemplateValues.Get(TemplateValues.Map(group, "ParameterGroups[]"), "Parameters")))
            .Cast<string>()
            .ToArray();

        Assert.That(grouped, Is.EquivalentTo(Template.Parameters.Keys), "Each parameter appears in exactly one parameter group.");
    }

    [Test]
    public void Parameters_EveryOne_HasDescription()
    {
        using (Assert.EnterMultipleScope())
        {
            foreach ((string name, object? parameter) in Template.Parameters)
            {
                Assert.That(TemplateValues.Get(TemplateValues.Map(parameter, name), "Description") as string, Is.Not.Null.And.Not.Empty, name);
            }
        }
    }

    [Test]
    public void References_EveryName_IsDeclared()
    {
        HashSet<string> declared = new(Template.Parameters.Keys, StringComparer.Ordinal);
        declared.UnionWith(Template.Resources.Select(resource => resource.LogicalId));
        declared.UnionWith(Template.LoopIdentifiers);
        declared.UnionWith(PseudoParameters);

        Assert.That(References.Names.Except(declared), Is.Empty, "Ref or ${Name} to something the template does not declare.");
        Assert.That(References.Attributes.Except(Template.Resources.Select(resource => resource.LogicalId)), Is.Empty, "Fn::GetAtt of an undeclared resource.");
    }

    [Test]
    public void Conditions_EveryOne_IsDeclaredAndUsed()
    {
        Assert.That(References.Conditions, Is.EquivalentTo(Template.Conditions.Keys));
    }

    [Test]
    public void ForEach_NeedsLanguageExtensionsTransform()
    {
        Assert.That(Template.LoopIdentifiers, Is.Not.Empty);
        Assert.That(TemplateValues.Elements(Template.Root.GetValueOrDefault("Transform")), Does.Contain("AWS::LanguageExtensions"));
    }

    [Test]
    public void Load_ShortFormTags_BecomeLongForm()
    {
        string path = Path.Combine(TestContext.CurrentContext.WorkDirectory, "short-form.yaml");
        File.WriteAllText(path, """
            Resources:
              Topic:
                Type: AWS::SNS::Topic
                Properties:
                  TopicName: !Sub "${AWS::StackName}-alarms"
                  DisplayName: !GetAtt Other.Name
                  Tags:
                    - Key: !Ref Env
                      Value: !If [IsProd, "yes", !Ref AWS::NoValue]
            """);

        CloudFormationTemplate template = CloudFormationTemplate.Load(path);
        IReadOnlyDictionary<string, object?> properties = template.Resource("Topic").Properties;

        Assert.That(TemplateValues.Describe(properties["TopicName"]), Is.EqualTo("!Sub ${AWS::StackName}-alarms"));
        Assert.That(TemplateValues.Describe(properties["DisplayName"]), Is.EqualTo("!GetAtt [Other, Name]"));
        Assert.That(TemplateValues.Describe(TemplateValues.Get(TemplateValues.Map(TemplateValues.List(properties["Tags"], "Tags")[0], "Tag"), "Key")), Is.EqualTo("!Ref Env"));
        Assert.That(TemplateValues.Branches(TemplateValues.Get(TemplateValues.Map(TemplateValues.List(properties["Tags"], "Tags")[0], "Tag"), "Value")), Is.EqualTo(new[] { "yes" }));
    }
}
