using QueryAudit.Worker.Hosting;

namespace QueryAudit.Worker.Tests.Hosting;

public class QueryAuditOptionsValidatorTests
{
    private static QueryAuditOptions Valid() => new()
    {
        Store = "sqlite:" + Path.Combine(Path.GetTempPath(), "queryaudit-validator.db"),
        Sources = [Path.Combine(TestPaths.Fixtures, "logs", "mariadb"), "cloudwatch:billing-prod", "s3://audit-archive/billing/"],
        Catalog = Path.Combine(TestPaths.Fixtures, "catalog"),
        Policy = Path.Combine(TestPaths.Fixtures, "policy.yaml"),
    };

    [Test]
    public void Validate_FixtureSettings_Succeeds()
    {
        var result = new QueryAuditOptionsValidator().Validate(null, Valid());

        Assert.That(result.Failed, Is.False, result.FailureMessage);
    }

    [TestCase("Store", "postgres://db", "Store must start with sqlite:")]
    [TestCase("Store", "sqlite:", "Store sqlite: needs a file path")]
    [TestCase("Sources", "", "Sources is empty")]
    [TestCase("Sources", "/no/such/folder", "Sources:0 '/no/such/folder' is not an existing folder")]
    [TestCase("Sources", "cloudwatch:", "Sources:0 'cloudwatch:' names no cluster")]
    [TestCase("Sources", "s3:///prefix", "Sources:0 's3:///prefix' names no bucket")]
    [TestCase("Sources", "https://example.invalid/logs", "Sources:0 'https://example.invalid/logs' has an unknown scheme")]
    [TestCase("Catalog", "", "Catalog is missing")]
    [TestCase("Catalog", "/no/such/catalog", "Catalog '/no/such/catalog' is not an existing folder")]
    [TestCase("Policy", "/no/such/policy.yaml", "Policy '/no/such/policy.yaml' is not an existing file")]
    [TestCase("Report:Language", "fr", "Report:Language 'fr' is not supported")]
    [TestCase("Ingestion:BatchLines", "0", "Ingestion:BatchLines 0 is out of range")]
    [TestCase("Ingestion:LeaseTtl", "00:00:01", "Ingestion:LeaseTtl 00:00:01 is too short")]
    [TestCase("Health:Port", "70000", "Health:Port 70000 is not a TCP port")]
    [TestCase("Schedules:TimeZone", "Mars/Olympus", "Schedules:TimeZone 'Mars/Olympus' is not a known time zone")]
    [TestCase("Schedules:MonthlyReport", "0 0 9 32 * ?", "Schedules:MonthlyReport '0 0 9 32 * ?' is not a valid Quartz cron expression")]
    [TestCase("Schedules:DailyDigest", "every day", "Schedules:DailyDigest 'every day' is not a valid Quartz cron expression")]
    public void Validate_BadSetting_NamesIt(string key, string value, string expected)
    {
        QueryAuditOptions options = Valid();
        switch (key)
        {
            case "Store": options.Store = value; break;
            case "Sources": options.Sources = value.Length == 0 ? [] : [value]; break;
            case "Catalog": options.Catalog = value; break;
            case "Policy": options.Policy = value; break;
            case "Report:Language": options.Report.Language = value; break;
            case "Ingestion:BatchLines": options.Ingestion.BatchLines = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
            case "Ingestion:LeaseTtl": options.Ingestion.LeaseTtl = TimeSpan.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
            case "Health:Port": options.Health.Port = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
            case "Schedules:TimeZone": options.Schedules.TimeZone = value; break;
            case "Schedules:MonthlyReport": options.Schedules.MonthlyReport = value; break;
            case "Schedules:DailyDigest": options.Schedules.DailyDigest = value; break;
            default: Assert.Fail($"No setter for {key}"); break;
        }

        var result = new QueryAuditOptionsValidator().Validate(null, options);

        Assert.That(result.Failed, Is.True);
        Assert.That(result.Failures, Has.Some.Contains(expected));
    }

    [Test]
    public void Validate_MySqlStore_DoesNotEchoPassword()
    {
        QueryAuditOptions options = Valid();
        options.Store = "mysq:Server=127.0.0.1;Password=hunter2";

        var result = new QueryAuditOptionsValidator().Validate(null, options);

        Assert.That(result.Failed, Is.True);
        Assert.That(result.FailureMessage, Does.Not.Contain("hunter2"));
    }
}
