namespace QueryAudit.Aws.Tests.Support;

/// <summary>
/// Runs once before every test of the assembly: keeps AWSSDK.Core away from the EC2 instance
/// metadata address, so a missing credential never turns into traffic off the machine.
/// </summary>
[SetUpFixture]
public sealed class AwsTestEnvironment
{
    [OneTimeSetUp]
    public void DisableInstanceMetadata()
    {
        Environment.SetEnvironmentVariable("AWS_EC2_METADATA_DISABLED", "true");
    }
}
