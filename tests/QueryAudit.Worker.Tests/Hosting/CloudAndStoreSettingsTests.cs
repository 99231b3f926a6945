using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using QueryAudit.Worker.Commands;
using QueryAudit.Worker.Hosting;
using QueryAudit.Worker.Hosting.Cloud;

namespace QueryAudit.Worker.Tests.Hosting;

/// <summary>
/// The settings a deployment passes apart from the folder ones: MySQL fields beside <c>Store</c>, the cluster list,
/// <c>s3://</c> inputs, the report upload, and the rejection of settings that do not exist.
/// </summary>
public class CloudAndStoreSettingsTests
{
    private static QueryAuditOptions Valid() => new()
    {
        Store = "sqlite:" + Path.Combine(Path.GetTempPath(), "queryaudit-validator.db"),
        Sources = [Path.Combine(TestPaths.Fixtures, "logs", "mariadb")],
        Catalog = Path.Combine(TestPaths.Fixtures, "catalog"),
        Policy = Path.Combine(TestPaths.Fixtures, "policy.yaml"),
    };

    [Test]
    public void Resolve_MySqlFields_ReplaceConnectionStringFields()
    {
        QueryAuditOptions options = Valid();
        options.Store = "mysql:Server=old-host;Database=old;SslMode=Required";
        options.MySql = new MySqlSettings { Host = "db.internal", Port = 3307, Database = "queryaudit", User = "qa", Password = "p;w=\"x" };

        string location = StoreSettings.Resolve(options);

        MySqlConnector.MySqlConnectionStringBuilder parsed = new(location["mysql:".Length..]);
        Assert.That(parsed.Server, Is.EqualTo("db.internal"));
        Assert.That(parsed.Port, Is.EqualTo(3307));
        Assert.That(parsed.Database, Is.EqualTo("queryaudit"));
        Assert.That(parsed.UserID, Is.EqualTo("qa"));
        Assert.That(parsed.Password, Is.EqualTo("p;w=\"x"), "a password with separators survives quoting");
        Assert.That(parsed.SslMode, Is.EqualTo(MySqlConnector.MySqlSslMode.Required));
    }

    [Test]
    public void Resolve_Sqlite_ReturnsStoreUnchanged()
    {
        QueryAuditOptions options = Valid();

        Assert.That(StoreSettings.Resolve(options), Is.EqualTo(options.Store));
    }

    [TestCase("mysql:SslMode=Required", null, "Store mysql: names no server")]
    [TestCase("mysql:Server", null, "Store mysql: is not a valid MySQL connection string")]
    [TestCase("sqlite:./queryaudit.db", "secret", "but Store is sqlite:")]
    public void Validate_BadStore_NamesIt(string store, string? password, string expected)
    {
        QueryAuditOptions options = Valid();
        options.Store = store;
        options.MySql.Password = password;

        var result = new QueryAuditOptionsValidator().Validate(null, options);

        Assert.That(result.Failed, Is.True);
        Assert.That(result.FailureMessage, Does.Contain(expected));
        Assert.That(result.FailureMessage, Does.Not.Contain("secret"), "the password is never echoed");
    }

    [Test]
    public void Validate_MySqlHostOnly_Succeeds()
    {
        QueryAuditOptions options = Valid();
        options.Store = "mysql:SslMode=Required";
        options.MySql.Host = "db.internal";

        var result = new QueryAuditOptionsValidator().Validate(null, options);

        Assert.That(result.Failed, Is.False, result.FailureMessage);
    }

    [Test]
    public void AllSources_Clusters_AddCloudWatchSources()
    {
        QueryAuditOptions options = Valid();
        options.CloudWatch.Clusters = " billing-prod, ,hr-prod ";

        Assert.That(options.AllSources(), Is.EqualTo(new[] { options.Sources[0], "cloudwatch:billing-prod", "cloudwatch:hr-prod" }));
        Assert.That(new QueryAuditOptionsValidator().Validate(null, options).Failed, Is.False);
    }

    [Test]
    public void Validate_S3InputsAndUpload_Succeed()
    {
        QueryAuditOptions options = Valid();
        options.Catalog = "s3://audit-inputs/catalog/";
        options.Policy = "s3://audit-inputs/catalog/policy.yaml";
        options.Report.UploadTo = "s3://audit-reports/reports/";

        var result = new QueryAuditOptionsValidator().Validate(null, options);

        Assert.That(result.Failed, Is.False, result.FailureMessage);
    }

    [TestCase("Policy", "s3://audit-inputs/catalog/", "Policy 's3://audit-inputs/catalog/' names no object")]
    [TestCase("Report:UploadTo", "/reports", "Report:UploadTo '/reports' is not an S3 location")]
    [TestCase("Report:RetentionDays", "0", "Report:RetentionDays 0 is out of range")]
    [TestCase("Aws:CloudWatchEndpoint", "logs.internal", "Aws:CloudWatchEndpoint 'logs.internal' is not an http or https URL")]
    [TestCase("CloudWatch:WindowSize", "00:00:00", "CloudWatch:WindowSize 00:00:00 must be positive")]
    [TestCase("S3:RedeliveryWindow", "00:00:00", "S3:RedeliveryWindow 00:00:00 must be positive")]
    [TestCase("S3:RedeliveryWindow", "-01:00:00", "S3:RedeliveryWindow -01:00:00 must be positive")]
    public void Validate_BadCloudSetting_NamesIt(string key, string value, string expected)
    {
        QueryAuditOptions options = Valid();
        switch (key)
        {
            case "Policy":
                options.Policy = value;
                break;
            case "Report:UploadTo":
                options.Report.UploadTo = value;
                break;
            case "Report:RetentionDays":
                options.Report.RetentionDays = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
                break;
            case "Aws:CloudWatchEndpoint":
                options.Aws.CloudWatchEndpoint = value;
                break;
            case "CloudWatch:WindowSize":
                options.CloudWatch.WindowSize = TimeSpan.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
                break;
            case "S3:RedeliveryWindow":
                options.S3.RedeliveryWindow = TimeSpan.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
                break;
        }

        var result = new QueryAuditOptionsValidator().Validate(null, options);

        Assert.That(result.Failed, Is.True);
        Assert.That(result.FailureMessage, Does.Contain(expected));
    }

    [TestCase(null, "01:00:00")]
    [TestCase("1.00:00:00", "1.00:00:00")]
    [TestCase("00:10:00", "00:10:00")]
    public void Build_RedeliveryWindowSetting_BindsForS3Sources(string? setting, string expected)
    {
        ServiceFixture fixture = new("run-redelivery");
        List<string> arguments = fixture.Arguments();
        if (setting is not null)
        {
            arguments.Add("--S3:RedeliveryWindow=" + setting);
        }

        using IHost host = ServiceHost.Build(null, arguments, TextWriter.Null);
        QueryAuditOptions options = host.Services.GetRequiredService<IOptions<QueryAuditOptions>>().Value;

        Assert.That(options.S3.RedeliveryWindow, Is.EqualTo(TimeSpan.Parse(expected, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Test]
    [NonParallelizable]
    public void Build_RedeliveryWindowFromEnvironment_Binds()
    {
        ServiceFixture fixture = new("run-redelivery-env");
        string variable = ServiceHost.EnvironmentPrefix + "S3__RedeliveryWindow";
        Environment.SetEnvironmentVariable(variable, "2.00:00:00");
        try
        {
            using IHost host = ServiceHost.Build(null, fixture.Arguments(), TextWriter.Null);

            Assert.That(host.Services.GetRequiredService<IOptions<QueryAuditOptions>>().Value.S3.RedeliveryWindow, Is.EqualTo(TimeSpan.FromDays(2)));
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [Test]
    public async Task Run_UnknownSetting_ExitsWithItsName()
    {
        ServiceFixture fixture = new("run-unknown");
        using StringWriter output = new();
        using StringWriter errors = new();

        int exitCode = await RunCommand.RunAsync(null, fixture.Arguments("--Store:Provider=MySql", "--Health:Port=0"), output, errors, CancellationToken.None);

        Assert.That(exitCode, Is.EqualTo(RunCommand.InvalidSettings));
        Assert.That(errors.ToString(), Does.Contain("Store:Provider is not a setting of queryaudit run"));
        Assert.That(errors.ToString(), Does.Contain("QUERYAUDIT__Store__Provider"));
    }
}
