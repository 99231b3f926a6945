namespace QueryAudit.Aws.Tests.EndToEnd;

/// <summary>
/// Tests of the end-to-end fixtures' tear-down after a set-up that started no S3 emulator, as when s3rver is not
/// installed outside CI. NUnit runs the tear-down then too, and an exception in it turned the skip into an error that
/// hid the reason.
/// </summary>
public sealed class EmulatorTearDownTests
{
    [Test]
    public void RunFromS3_TearDownWithoutServer() =>
        Assert.That(async () => await new RunFromS3Tests().StopEmulator(), Throws.Nothing);

    [Test]
    public void RunFromFirehose_TearDownWithoutServer() =>
        Assert.That(async () => await new RunFromFirehoseTests().StopEmulator(), Throws.Nothing);
}
