namespace QueryAudit.Deploy.Tests.CloudFormation;

public class ReportBucketTests
{
    private static readonly CloudFormationTemplate Template = CloudFormationTemplate.Load(RepositoryPaths.Template);

    private static TemplateResource Bucket => Template.Resource("ReportBucket");

    [Test]
    public void ObjectLock_IsEnabledInComplianceMode()
    {
        Assert.That(Bucket.Properties.GetValueOrDefault("ObjectLockEnabled"), Is.EqualTo("true"));
        Assert.That(TemplateValues.Get(Bucket.Properties, "ObjectLockConfiguration", "ObjectLockEnabled"), Is.EqualTo("Enabled"));
        Assert.That(TemplateValues.Get(Bucket.Properties, "ObjectLockConfiguration", "Rule", "DefaultRetention", "Mode"), Is.EqualTo("COMPLIANCE"));
        Assert.That(
            TemplateValues.RefTarget(TemplateValues.Get(Bucket.Properties, "ObjectLockConfiguration", "Rule", "DefaultRetention", "Days")),
            Is.EqualTo("ReportRetentionDays"));
    }

    [Test]
    public void Versioning_IsEnabled()
    {
        Assert.That(TemplateValues.Get(Bucket.Properties, "VersioningConfiguration", "Status"), Is.EqualTo("Enabled"));
    }

    [TestCase("BlockPublicAcls")]
    [TestCase("BlockPublicPolicy")]
    [TestCase("IgnorePublicAcls")]
    [TestCase("RestrictPublicBuckets")]
    public void PublicAccess_IsBlocked(string setting)
    {
        Assert.That(TemplateValues.Get(Bucket.Properties, "PublicAccessBlockConfiguration", setting), Is.EqualTo("true"));
    }

    [Test]
    public void Bucket_IsRetainedWhenStackGoes()
    {
        Assert.That(Bucket.Definition.GetValueOrDefault("DeletionPolicy"), Is.EqualTo("Retain"));
        Assert.That(Bucket.Definition.GetValueOrDefault("UpdateReplacePolicy"), Is.EqualTo("Retain"));
    }

    [Test]
    public void Bucket_AclsAreDisabledAndObjectsEncrypted()
    {
        List<object?> rules = TemplateValues.List(TemplateValues.Get(Bucket.Properties, "OwnershipControls", "Rules"), "OwnershipControls.Rules");
        List<object?> encryption = TemplateValues.List(TemplateValues.Get(Bucket.Properties, "BucketEncryption", "ServerSideEncryptionConfiguration"), "ServerSideEncryptionConfiguration");

        Assert.That(TemplateValues.Get(TemplateValues.Map(rules.Single(), "Rules[0]"), "ObjectOwnership"), Is.EqualTo("BucketOwnerEnforced"));
        Assert.That(TemplateValues.Get(TemplateValues.Map(encryption.Single(), "Encryption[0]"), "ServerSideEncryptionByDefault", "SSEAlgorithm"), Is.Not.Null);
    }

    [Test]
    public void BucketPolicy_CoversBucketAndObjects()
    {
        PolicyStatement deny = PolicyStatements.Collect(Template).Single(s => s.Owner == "ReportBucketPolicy" && !s.IsAllow);

        Assert.That(
            deny.Resources.Select(TemplateValues.Describe),
            Is.EquivalentTo(new[] { "!GetAtt [ReportBucket, Arn]", "!Sub ${ReportBucket.Arn}/*" }));
    }
}
