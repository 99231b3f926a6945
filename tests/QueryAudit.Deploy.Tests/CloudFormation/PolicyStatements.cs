namespace QueryAudit.Deploy.Tests.CloudFormation;

/// <summary>
/// Collects every IAM policy statement of a template: inline policies of roles, stand-alone role
/// policies, trust policies, and bucket and topic policies. Both branches of <c>Fn::If</c> are taken.
/// </summary>
internal static class PolicyStatements
{
    public static IReadOnlyList<PolicyStatement> Collect(CloudFormationTemplate template)
    {
        List<PolicyStatement> statements = [];
        foreach (TemplateResource resource in template.Resources)
        {
            switch (resource.Type)
            {
                case "AWS::IAM::Role":
                    statements.AddRange(Read(resource.LogicalId, PolicyKind.RoleTrust, "trust", resource.Properties.GetValueOrDefault("AssumeRolePolicyDocument")));
                    foreach (object? policy in TemplateValues.Elements(resource.Properties.GetValueOrDefault("Policies")))
                    {
                        Dictionary<string, object?> inline = TemplateValues.Map(policy, resource.LogicalId + ".Policies");
                        statements.AddRange(Read(resource.LogicalId, PolicyKind.RolePermissions, PolicyName(inline), inline.GetValueOrDefault("PolicyDocument")));
                    }

                    break;

                case "AWS::IAM::RolePolicy":
                    string role = TemplateValues.RefTarget(resource.Properties.GetValueOrDefault("RoleName"))
                        ?? throw new InvalidDataException($"{resource.LogicalId}: RoleName must be a Ref to a role of the template.");
                    statements.AddRange(Read(role, PolicyKind.RolePermissions, PolicyName(resource.Properties), resource.Properties.GetValueOrDefault("PolicyDocument")));
                    break;

                case "AWS::IAM::Policy" or "AWS::IAM::ManagedPolicy" or "AWS::IAM::User" or "AWS::IAM::Group":
                    // The deployment uses none of these; a test reads them only if they are added with care.
                    throw new InvalidDataException($"{resource.LogicalId}: {resource.Type} is not expected in this template; extend PolicyStatements to check it.");

                case "AWS::S3::BucketPolicy" or "AWS::SNS::TopicPolicy":
                    statements.AddRange(Read(resource.LogicalId, PolicyKind.ResourcePolicy, resource.LogicalId, resource.Properties.GetValueOrDefault("PolicyDocument")));
                    break;

                default:
                    break;
            }
        }

        return statements;
    }

    private static string PolicyName(IReadOnlyDictionary<string, object?> policy) =>
        TemplateValues.Describe(policy.GetValueOrDefault("PolicyName"));

    private static IEnumerable<PolicyStatement> Read(string owner, PolicyKind kind, string policyName, object? document)
    {
        Dictionary<string, object?> map = TemplateValues.Map(document, $"{owner}/{policyName}");
        foreach (object? item in TemplateValues.Elements(map.GetValueOrDefault("Statement")))
        {
            Dictionary<string, object?> statement = TemplateValues.Map(item, $"{owner}/{policyName}.Statement");
            if (statement.ContainsKey("NotAction") || statement.ContainsKey("NotResource"))
            {
                // NotAction/NotResource grant everything not listed, which no test here could bound.
                throw new InvalidDataException($"{owner}/{policyName}: NotAction and NotResource are not allowed.");
            }

            List<string> actions = TemplateValues.Elements(statement.GetValueOrDefault("Action"))
                .Select(action => action as string
                    ?? throw new InvalidDataException($"{owner}/{policyName}: actions must be literal strings, found {TemplateValues.Describe(action)}."))
                .ToList();

            yield return new PolicyStatement(
                owner,
                kind,
                policyName,
                TemplateValues.Describe(statement.GetValueOrDefault("Effect")),
                actions,
                TemplateValues.Elements(statement.GetValueOrDefault("Resource")).ToList(),
                statement);
        }
    }
}
