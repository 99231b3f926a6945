namespace QueryAudit.Deploy.Tests.CloudFormation;

public class IamPolicyTests
{
    /// <summary>Every action a role of the template may be granted, with the reason it needs it.</summary>
    private static readonly Dictionary<string, Dictionary<string, string>> AllowedActions = new(StringComparer.Ordinal)
    {
        ["TaskRole"] = new(StringComparer.Ordinal)
        {
            ["logs:DescribeLogGroups"] = "check that each audited cluster's audit log group exists",
            ["logs:DescribeLogStreams"] = "list the audit log streams, one per DB instance",
            ["logs:FilterLogEvents"] = "read audit events over closed time windows",
            ["logs:GetLogEvents"] = "read one audit log stream in order",
            ["s3:PutObject"] = "write the report, its exports and its manifest",
            ["s3:PutObjectRetention"] = "set the Object Lock retain-until date of each report object",
            ["s3:GetObject"] = "read catalog scripts and archived audit logs",
            ["s3:ListBucket"] = "list the catalog and archive keys under their prefixes",
        },
        ["ExecutionRole"] = new(StringComparer.Ordinal)
        {
            ["ecr:GetAuthorizationToken"] = "log in to the registry to pull the image",
            ["ecr:BatchCheckLayerAvailability"] = "pull the image",
            ["ecr:BatchGetImage"] = "pull the image manifest",
            ["ecr:GetDownloadUrlForLayer"] = "pull the image layers",
            ["logs:CreateLogStream"] = "create the task's stream in the service log group",
            ["logs:PutLogEvents"] = "ship the task's stdout and stderr",
            ["secretsmanager:GetSecretValue"] = "inject the state database secret into the container",
            ["kms:Decrypt"] = "decrypt that secret when a customer managed key encrypts it",
        },
    };

    /// <summary>
    /// Actions that IAM cannot scope to a named resource, so an Allow with <c>Resource: "*"</c> is accepted
    /// for them and for nothing else.
    /// </summary>
    private static readonly Dictionary<string, string> WildcardResourceActions = new(StringComparer.Ordinal)
    {
        ["logs:DescribeLogGroups"] = "lists the log groups of the account and Region; the request names no group",
        ["ecr:GetAuthorizationToken"] = "returns a registry login token, which belongs to no repository",
    };

    private static readonly CloudFormationTemplate Template = CloudFormationTemplate.Load(RepositoryPaths.Template);

    private static readonly IReadOnlyList<PolicyStatement> Statements = PolicyStatements.Collect(Template);

    [Test]
    public void Collect_Template_FindsRolePermissionsOfBothRoles()
    {
        string[] owners = Statements.Where(s => s.Kind == PolicyKind.RolePermissions).Select(s => s.Owner).Distinct().Order(StringComparer.Ordinal).ToArray();

        Assert.That(owners, Is.EqualTo(new[] { "ExecutionRole", "TaskRole" }));
    }

    [Test]
    public void RolePermissions_EveryAction_IsInAllowedList()
    {
        using (Assert.EnterMultipleScope())
        {
            foreach (PolicyStatement statement in Statements.Where(s => s.Kind == PolicyKind.RolePermissions))
            {
                Assert.That(AllowedActions, Does.ContainKey(statement.Owner), $"A policy is attached to a role with no allowed list: {statement}");
                if (!AllowedActions.TryGetValue(statement.Owner, out Dictionary<string, string>? allowed))
                {
                    continue;
                }

                foreach (string action in statement.Actions)
                {
                    Assert.That(allowed, Does.ContainKey(action), $"{action} is not in the allowed list of {statement.Owner}: {statement}");
                }
            }
        }
    }

    [Test]
    public void RolePermissions_OnlyAllow()
    {
        // A Deny in an identity policy would hide that the matching Allow is broader than it looks.
        Assert.That(Statements.Where(s => s.Kind == PolicyKind.RolePermissions && !s.IsAllow), Is.Empty);
    }

    [Test]
    public void AllowStatements_NoWildcardAction()
    {
        using (Assert.EnterMultipleScope())
        {
            foreach (PolicyStatement statement in Statements.Where(s => s.IsAllow))
            {
                foreach (string action in statement.Actions)
                {
                    Assert.That(action, Does.Not.Contain('*').And.Not.Contain('?'), $"Wildcard action in {statement}");
                }
            }
        }
    }

    [Test]
    public void AllowStatements_WildcardResource_OnlyForActionsThatNeedIt()
    {
        using (Assert.EnterMultipleScope())
        {
            foreach (PolicyStatement statement in Statements.Where(s => s.IsAllow && s.Kind == PolicyKind.RolePermissions))
            {
                if (!statement.Resources.Any(resource => resource is "*"))
                {
                    continue;
                }

                foreach (string action in statement.Actions)
                {
                    Assert.That(WildcardResourceActions, Does.ContainKey(action), $"Resource \"*\" for {action}, which can be scoped: {statement}");
                }
            }
        }
    }

    [Test]
    public void AllowStatements_EveryResource_IsNamed()
    {
        using (Assert.EnterMultipleScope())
        {
            foreach (PolicyStatement statement in Statements.Where(s => s.IsAllow && s.Kind != PolicyKind.RoleTrust))
            {
                Assert.That(statement.Resources, Is.Not.Empty, $"Statement without Resource: {statement}");
                foreach (object? resource in statement.Resources.Where(resource => resource is not "*"))
                {
                    // A named resource is an intrinsic function over parameters or resources, never a literal with wildcards in account or Region.
                    Assert.That(resource, Is.Not.InstanceOf<string>(), $"Literal resource ARN {TemplateValues.Describe(resource)} in {statement}");
                }
            }
        }
    }

    [Test]
    public void TrustPolicies_OnlyEcsTasksFromThisAccount()
    {
        PolicyStatement[] trust = Statements.Where(s => s.Kind == PolicyKind.RoleTrust).ToArray();

        Assert.That(trust.Select(s => s.Owner).Order(StringComparer.Ordinal), Is.EqualTo(new[] { "ExecutionRole", "TaskRole" }));
        using (Assert.EnterMultipleScope())
        {
            foreach (PolicyStatement statement in trust)
            {
                Assert.That(statement.Actions, Is.EqualTo(new[] { "sts:AssumeRole" }), statement.ToString());
                Assert.That(TemplateValues.Get(statement.Statement, "Principal", "Service"), Is.EqualTo("ecs-tasks.amazonaws.com"), statement.ToString());
                Assert.That(
                    TemplateValues.RefTarget(TemplateValues.Get(statement.Statement, "Condition", "StringEquals", "aws:SourceAccount")),
                    Is.EqualTo("AWS::AccountId"),
                    $"{statement.Owner} trust policy lacks the aws:SourceAccount condition against the confused deputy problem.");
            }
        }
    }

    [Test]
    public void AuditLogRead_IsScopedToEachClusterAuditGroup()
    {
        TemplateResource policy = Template.ResourcesOfType("AWS::IAM::RolePolicy").Single();
        PolicyStatement statement = Statements.Single(s => s.Actions.Contains("logs:FilterLogEvents"));

        Assert.That(policy.LoopIdentifier, Is.EqualTo("AuditedCluster"), "The read policy must be repeated per cluster of ClusterNames.");
        Assert.That(TemplateValues.Get(Template.Root, "Resources", "Fn::ForEach::AuditLogReadPolicies"), Is.Not.Null);
        Assert.That(statement.Actions, Is.EquivalentTo(new[] { "logs:DescribeLogStreams", "logs:FilterLogEvents", "logs:GetLogEvents" }));
        Assert.That(
            TemplateValues.Describe(statement.Resources.Single()),
            Is.EqualTo("!Sub arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:/aws/rds/cluster/${AuditedCluster}/audit:*"));
    }

    [Test]
    public void ReportWrite_IsScopedToReportPrefix()
    {
        PolicyStatement statement = Statements.Single(s => s.Actions.Contains("s3:PutObject"));

        Assert.That(statement.Owner, Is.EqualTo("TaskRole"));
        Assert.That(statement.Actions, Is.EquivalentTo(new[] { "s3:PutObject", "s3:PutObjectRetention" }));
        Assert.That(TemplateValues.Describe(statement.Resources.Single()), Is.EqualTo("!Sub ${ReportBucket.Arn}/${ReportPrefix}*"));
    }

    [TestCase("CatalogBucketName", "CatalogPrefix")]
    [TestCase("ArchiveBucketName", "ArchivePrefix")]
    public void InputRead_IsScopedToPrefix(string bucketParameter, string prefixParameter)
    {
        PolicyStatement get = Statements.Single(s => s.Actions.Contains("s3:GetObject") && TemplateValues.Describe(s.Resources.Single()).Contains(bucketParameter, StringComparison.Ordinal));
        PolicyStatement list = Statements.Single(s => s.Actions.Contains("s3:ListBucket") && TemplateValues.Describe(s.Resources.Single()).Contains(bucketParameter, StringComparison.Ordinal));

        Assert.That(TemplateValues.Describe(get.Resources.Single()), Is.EqualTo($"!Sub arn:${{AWS::Partition}}:s3:::${{{bucketParameter}}}/${{{prefixParameter}}}*"));
        Assert.That(TemplateValues.Describe(list.Resources.Single()), Is.EqualTo($"!Sub arn:${{AWS::Partition}}:s3:::${{{bucketParameter}}}"));
        Assert.That(
            TemplateValues.Describe(TemplateValues.Get(list.Statement, "Condition", "StringLike", "s3:prefix")),
            Is.EqualTo($"!Sub ${{{prefixParameter}}}*"),
            "ListBucket must be limited to the prefix with the s3:prefix condition.");
    }

    [Test]
    public void StateDatabaseSecret_ReadOnlyByExecutionRole()
    {
        PolicyStatement statement = Statements.Single(s => s.Actions.Contains("secretsmanager:GetSecretValue"));

        Assert.That(statement.Owner, Is.EqualTo("ExecutionRole"), "ECS injects the secret, so the process itself needs no Secrets Manager access.");
        Assert.That(TemplateValues.RefTarget(statement.Resources.Single()), Is.EqualTo("StateDatabaseSecretArn"));
    }

    [Test]
    public void ResourcePolicies_DenyRequestsWithoutTls()
    {
        foreach (string owner in new[] { "ReportBucketPolicy", "AlarmTopicPolicy" })
        {
            PolicyStatement? deny = Statements.SingleOrDefault(s => s.Owner == owner && !s.IsAllow);

            Assert.That(deny, Is.Not.Null, $"{owner} has no Deny statement.");
            Assert.That(TemplateValues.Get(deny!.Statement, "Condition", "Bool", "aws:SecureTransport"), Is.EqualTo("false"), owner);
            Assert.That(TemplateValues.Get(deny.Statement, "Principal"), Is.EqualTo("*"), owner);
        }
    }
}
