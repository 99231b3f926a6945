namespace QueryAudit.Deploy.Tests.CloudFormation;

public class DeployReadmeTests
{
    private static readonly CloudFormationTemplate Template = CloudFormationTemplate.Load(RepositoryPaths.Template);

    private static readonly string[] ReadmeLines = File.ReadAllLines(RepositoryPaths.DeployReadme);

    [Test]
    public void Parameters_EveryOne_HasTableRow()
    {
        using (Assert.EnterMultipleScope())
        {
            foreach (string parameter in Template.Parameters.Keys)
            {
                Assert.That(ReadmeLines, Has.Some.StartsWith($"| `{parameter}` |"), $"deploy/README.md has no row for parameter {parameter}.");
            }
        }
    }

    [Test]
    public void ParameterTable_NamesOnlyTemplateParameters()
    {
        int header = Array.IndexOf(ReadmeLines, "| parameter | default | what it sets |");
        string[] rows = ReadmeLines.Skip(header + 2).TakeWhile(line => line.StartsWith('|')).ToArray();
        string[] documented = rows.Select(row => row.Split('|')[1].Trim().Trim('`')).ToArray();

        Assert.That(header, Is.GreaterThanOrEqualTo(0), "deploy/README.md has no parameter table.");
        Assert.That(documented, Is.EquivalentTo(Template.Parameters.Keys));
    }

    [Test]
    public void DeployCommand_PassesEveryRequiredParameter()
    {
        string[] required = Template.Parameters
            .Where(parameter => TemplateValues.Get(TemplateValues.Map(parameter.Value, parameter.Key), "Default") is null)
            .Select(parameter => parameter.Key)
            .ToArray();
        string readme = string.Join('\n', ReadmeLines);

        Assert.That(required, Is.Not.Empty);
        using (Assert.EnterMultipleScope())
        {
            foreach (string parameter in required)
            {
                Assert.That(readme, Does.Contain($"    {parameter}="), $"The deploy command in deploy/README.md does not pass the required parameter {parameter}.");
            }
        }
    }
}
