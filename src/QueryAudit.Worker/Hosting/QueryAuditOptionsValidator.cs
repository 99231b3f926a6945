using Microsoft.Extensions.Options;
using QueryAudit.Worker.Hosting.Cloud;
using Quartz;

namespace QueryAudit.Worker.Hosting;

/// <summary>
/// Checks <see cref="QueryAuditOptions"/> on start. Every message names the setting as a configuration key, so that
/// the operator knows which line of appsettings.json or which QUERYAUDIT__ variable to fix.
/// </summary>
internal sealed class QueryAuditOptionsValidator : IValidateOptions<QueryAuditOptions>
{
    public ValidateOptionsResult Validate(string? name, QueryAuditOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        List<string> errors = [];

        if (!Storage.StateStoreLocation.HasKnownForm(options.Store))
        {
            // The value is not echoed, because a MySQL connection string contains a password.
            errors.Add("Store must start with sqlite: (then a file path) or mysql: (then a connection string), e.g. sqlite:./queryaudit.db.");
        }
        else if (options.Store.StartsWith("sqlite:", StringComparison.OrdinalIgnoreCase))
        {
            if (options.Store.Length <= "sqlite:".Length)
            {
                errors.Add("Store sqlite: needs a file path, e.g. sqlite:./queryaudit.db.");
            }

            if (options.MySql.IsSet)
            {
                errors.Add("MySql:Host, Port, Database, User or Password is set, but Store is sqlite:; set Store=mysql: to use them.");
            }
        }
        else
        {
            ValidateMySql(options, errors);
        }

        ValidateSources(options, errors);
        ValidatePaths(options, errors);
        ValidateNumbers(options, errors);
        ValidateSchedules(options.Schedules, errors);
        CloudSettingsValidator.Validate(options, errors);

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void ValidateMySql(QueryAuditOptions options, List<string> errors)
    {
        string location;
        try
        {
            location = StoreSettings.Resolve(options);
        }
        catch (ArgumentException e)
        {
            errors.Add(e.Message);
            return;
        }

        if (!location.Contains("Server=", StringComparison.OrdinalIgnoreCase))
        {
            errors.Add("Store mysql: names no server; add Server=HOST to the connection string or set MySql:Host.");
        }
    }

    private static void ValidateSources(QueryAuditOptions options, List<string> errors)
    {
        IReadOnlyList<string> sources = options.AllSources();
        if (sources.Count == 0)
        {
            errors.Add("Sources is empty; add at least one folder, cloudwatch:CLUSTER or s3://bucket/prefix (QUERYAUDIT__Sources__0=...), or set CloudWatch:Clusters.");
        }

        for (int i = 0; i < sources.Count; i++)
        {
            // Entries after Sources come from CloudWatch:Clusters.
            string key = i < options.Sources.Count ? $"Sources:{i}" : "CloudWatch:Clusters";
            SourceSpec? source = SourceSpec.TryParse(sources[i], out string? error);
            if (source is null)
            {
                errors.Add($"{key} '{sources[i]}' {error}.");
            }
            else if (source.Kind == SourceKind.Folder && !Directory.Exists(source.Location))
            {
                errors.Add($"{key} '{source.Location}' is not an existing folder; create it or correct the path.");
            }
        }
    }

    private static void ValidatePaths(QueryAuditOptions options, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(options.Catalog))
        {
            errors.Add("Catalog is missing; set it to the folder of approved scripts.");
        }
        else if (!IsS3Url(options.Catalog) && !Directory.Exists(options.Catalog))
        {
            errors.Add($"Catalog '{options.Catalog}' is not an existing folder.");
        }

        if (string.IsNullOrWhiteSpace(options.Policy))
        {
            errors.Add("Policy is missing; set it to the policy YAML file.");
        }
        else if (!IsS3Url(options.Policy) && !File.Exists(options.Policy))
        {
            errors.Add($"Policy '{options.Policy}' is not an existing file.");
        }

        if (options.Report.Language is not ("en" or "ja"))
        {
            errors.Add($"Report:Language '{options.Report.Language}' is not supported; use en or ja.");
        }

        if (string.IsNullOrWhiteSpace(options.Report.OutputDirectory))
        {
            errors.Add("Report:OutputDirectory is empty; set the folder for monthly reports.");
        }
    }

    private static bool IsS3Url(string value) => value.StartsWith("s3://", StringComparison.OrdinalIgnoreCase);

    private static void ValidateNumbers(QueryAuditOptions options, List<string> errors)
    {
        IngestionOptions ingestion = options.Ingestion;
        if (ingestion.BatchLines is < 1 or > 1_000_000)
        {
            errors.Add($"Ingestion:BatchLines {ingestion.BatchLines} is out of range; use 1 to 1000000.");
        }

        if (ingestion.PollInterval <= TimeSpan.Zero)
        {
            errors.Add($"Ingestion:PollInterval {ingestion.PollInterval} must be positive, e.g. 00:00:30.");
        }

        if (ingestion.LookbackDays is < 1 or > 3660)
        {
            errors.Add($"Ingestion:LookbackDays {ingestion.LookbackDays} is out of range; use 1 to 3660.");
        }

        if (ingestion.LeaseTtl < TimeSpan.FromSeconds(10))
        {
            errors.Add($"Ingestion:LeaseTtl {ingestion.LeaseTtl} is too short; use at least 00:00:10.");
        }

        if (ingestion.MaxLag <= TimeSpan.Zero)
        {
            errors.Add($"Ingestion:MaxLag {ingestion.MaxLag} must be positive, e.g. 01:00:00.");
        }

        if (options.Health.Port is < 0 or > 65535)
        {
            errors.Add($"Health:Port {options.Health.Port} is not a TCP port; use 1 to 65535, or 0 to turn the endpoint off.");
        }

        if (options.Health.MetricsInterval < TimeSpan.FromSeconds(1))
        {
            errors.Add($"Health:MetricsInterval {options.Health.MetricsInterval} is too short; use at least 00:00:01.");
        }
    }

    private static void ValidateSchedules(ScheduleOptions schedules, List<string> errors)
    {
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(schedules.TimeZone, out _))
        {
            errors.Add($"Schedules:TimeZone '{schedules.TimeZone}' is not a known time zone; use an IANA id such as Asia/Tokyo.");
        }

        (string Key, string Value)[] crons =
        [
            ("Schedules:MonthlyReport", schedules.MonthlyReport),
            ("Schedules:DailyDigest", schedules.DailyDigest),
            ("Schedules:CompletenessCheck", schedules.CompletenessCheck),
        ];
        foreach ((string key, string value) in crons)
        {
            if (!CronExpression.TryParse(value, out _))
            {
                errors.Add($"{key} '{value}' is not a valid Quartz cron expression (seconds minutes hours day-of-month month day-of-week), e.g. 0 0 9 3 * ?.");
            }
        }
    }
}
