using QueryAudit.Worker.Hosting;

namespace QueryAudit.Worker.Tests.Hosting;

public class SourceSpecTests
{
    [TestCase("/var/log/mysql", "Folder", "/var/log/mysql")]
    [TestCase("logs", "Folder", "logs")]
    [TestCase("cloudwatch:billing-prod", "CloudWatch", "billing-prod")]
    [TestCase("CloudWatch:billing-prod", "CloudWatch", "billing-prod")]
    [TestCase("s3://audit-archive/billing/2026/", "S3", "s3://audit-archive/billing/2026/")]
    public void TryParse_KnownForm_ReturnsKindAndLocation(string value, string kind, string location)
    {
        SourceSpec? source = SourceSpec.TryParse(value, out string? error);

        Assert.That(error, Is.Null);
        Assert.That(source, Is.EqualTo(new SourceSpec(Enum.Parse<SourceKind>(kind), location)));
    }

    [TestCase("")]
    [TestCase("cloudwatch:")]
    [TestCase("s3://")]
    [TestCase("ftp://host/logs")]
    public void TryParse_BadForm_ReturnsError(string value)
    {
        SourceSpec? source = SourceSpec.TryParse(value, out string? error);

        Assert.That(source, Is.Null);
        Assert.That(error, Is.Not.Empty);
    }
}
