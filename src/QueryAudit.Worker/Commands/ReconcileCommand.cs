using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using QueryAudit.Core.Audit;
using QueryAudit.Core.Policy;
using QueryAudit.Core.Reconciliation;
using QueryAudit.Core.Reporting;
using QueryAudit.Storage;
using QueryAudit.Worker.Reconcile;

namespace QueryAudit.Worker.Commands;

/// <summary>
/// <c>queryaudit reconcile</c>: reads audit logs, reconciles them and writes the report folder.
/// </summary>
internal static class ReconcileCommand
{
    public static Command Create()
    {
        Argument<string[]> inputs = new("inputs")
        {
            Description = "Audit log files or folders (plain or .gz; folders are read recursively), or - for standard input.",
            Arity = ArgumentArity.ZeroOrMore,
        };
        Option<string[]> source = new("--source")
        {
            Description = "A cloud source, repeatable: cloudwatch:CLUSTER (log group /aws/rds/cluster/CLUSTER/audit, read for the period) or s3://BUCKET/PREFIX (CloudWatch exports or Firehose deliveries).",
            AllowMultipleArgumentsPerToken = false,
        };
        Option<string?> awsRegion = new("--aws-region") { Description = "AWS Region of the cloud sources. Default: AWS_REGION or AWS_DEFAULT_REGION." };
        Option<string?> cloudWatchEndpoint = new("--cloudwatch-endpoint") { Description = "CloudWatch Logs endpoint URL (a VPC endpoint or a test server). Default: the Region's endpoint." };
        Option<string?> uploadTo = new("--upload-to")
        {
            Description = "Also upload the report folder to s3://BUCKET/PREFIX/REPORT-ID/ with Object Lock in compliance mode and each file's SHA-256 as metadata.",
        };
        Option<int?> retentionDays = new("--retention-days")
        {
            Description = "Object Lock retention of uploaded files, in days. Default 2557 (7 years).",
        };
        Option<string?> s3Endpoint = new("--s3-endpoint") { Description = "S3 endpoint URL (a VPC endpoint or an emulator, addressed path-style). Default: the Region's endpoint." };
        Option<string?> redeliveryWindow = new("--redelivery-window")
        {
            Description = "How far, in event time, a Firehose redelivery in an s3:// source may lag the newest event read and still be dropped as a duplicate, as HH:MM:SS or D.HH:MM:SS. The event ids of this much time are kept in memory. Default 01:00:00.",
        };
        Option<string> catalog = new("--catalog") { Description = "Folder of approved scripts (migrations/ and operations/).", Required = true };
        Option<string> policy = new("--policy") { Description = "Policy YAML file (account classes, thresholds).", Required = true };
        Option<string?> period = new("--period") { Description = "Calendar month to report, YYYY-MM, in the report time zone." };
        Option<string?> from = new("--from") { Description = "Start instant (ISO 8601; without an offset it is local time in the report time zone). Use with --to instead of --period." };
        Option<string?> to = new("--to") { Description = "End instant (exclusive), like --from." };
        Option<string?> timeZone = new("--time-zone") { Description = "IANA time zone of the period and of times in the report. Default: the policy's time-zone (Asia/Tokyo if unset)." };
        Option<string?> cluster = new("--cluster") { Description = "Cluster the file inputs come from; checked against script targets." };
        Option<string?> instance = new("--instance") { Description = "DB instance of every file input. Default: from a file name <instance>.audit.log[.gz], else the log line's serverhost." };
        Option<string> format = new("--format")
        {
            Description = "Log layout: auto, aurora, mariadb or rds-mysql. Default auto (detected per file).",
            DefaultValueFactory = _ => "auto",
        };
        format.AcceptOnlyFromAmong("auto", "aurora", "mariadb", "rds-mysql");
        Option<string?> logTimeZone = new("--log-time-zone") { Description = "Time zone of MariaDB-layout timestamps (server local time). Default: the policy's log-time-zone (UTC if unset)." };
        Option<int?> queryLogLimit = new("--query-log-limit") { Description = "The server's server_audit_query_log_limit in bytes, to recognise cut statements. Default: the policy's query-log-limit (1024 if unset)." };
        Option<string> outDir = new("--out") { Description = "Folder for findings.csv, approved-executions.csv, report.pdf, report.json, quarantine.csv and manifest.json.", Required = true };
        Option<string?> language = new("--lang") { Description = "Report language: en or ja. Default: the policy's report-language (en if unset)." };
        language.AcceptOnlyFromAmong("en", "ja");
        Option<bool> includeLiterals = new("--include-literals") { Description = "Print query literals unmasked in the report (the cover says so). Default: masked." };
        Option<string?> failOn = new("--fail-on") { Description = "Exit with code 3 when any finding is at or above this severity: info, low, medium, high or critical." };
        failOn.AcceptOnlyFromAmong("info", "low", "medium", "high", "critical");
        Option<int?> threads = new("--threads")
        {
            Description = "Threads for reading the inputs: 1 runs everything on one thread; 2 decompresses, parses and assembles each input on a second thread while the first reconciles. Values above 2 run as 2. The results are the same for any value. Default: 2, or 1 on a single-processor machine.",
        };
        Option<bool> noProgress = new("--no-progress") { Description = "Do not show progress on a terminal." };
        Option<string?> store = new("--store")
        {
            Description = "State store to save the findings in for triage (queryaudit findings ...) and to read their dispositions from for the report: sqlite:PATH or mysql:CONNECTION-STRING. Default: the QUERYAUDIT_STORE environment variable; without either, no store is used.",
        };

        Command command = new("reconcile", "Reconcile audit logs against the approved catalog and policy; write findings, approved executions, the PDF report and a manifest.")
        {
            inputs, catalog, policy, period, from, to, timeZone, cluster, instance, format, logTimeZone, queryLogLimit,
            outDir, language, includeLiterals, failOn, threads, noProgress, store, source, awsRegion, cloudWatchEndpoint, s3Endpoint, redeliveryWindow,
            uploadTo, retentionDays,
        };
        command.Validators.Add(result =>
        {
            bool hasPeriod = result.GetValue(period) is not null;
            bool hasFrom = result.GetValue(from) is not null;
            bool hasTo = result.GetValue(to) is not null;
            if (hasPeriod == (hasFrom || hasTo))
            {
                result.AddError("Give either --period YYYY-MM or both --from and --to.");
            }
            else if (hasFrom != hasTo)
            {
                result.AddError("--from and --to must be given together.");
            }

            if ((result.GetValue(inputs) ?? []).Length == 0 && (result.GetValue(source) ?? []).Length == 0)
            {
                result.AddError("Give at least one input file or folder, - for standard input, or a --source.");
            }

            foreach (string spec in result.GetValue(source) ?? [])
            {
                if (!CloudSources.IsValid(spec))
                {
                    result.AddError($"Invalid --source '{spec}': use cloudwatch:CLUSTER or s3://BUCKET/PREFIX.");
                }
            }

            ValidatePeriod(result, result.GetValue(period), result.GetValue(from), result.GetValue(to), result.GetValue(timeZone));
            ValidateTimeZone(result, "--log-time-zone", result.GetValue(logTimeZone));

            if (result.GetValue(store) is { } storeLocation && StateStoreLocation.Problem(storeLocation) is { } storeProblem)
            {
                result.AddError("Invalid --store: " + storeProblem);
            }

            if (result.GetValue(uploadTo) is { } upload && !Aws.S3.S3ArchiveSource.TryParseSpec(upload, out _, out _))
            {
                result.AddError($"Invalid --upload-to '{upload}': write it as s3://BUCKET/PREFIX.");
            }

            if (result.GetValue(redeliveryWindow) is { } window && ParseRedeliveryWindow(window) is null)
            {
                result.AddError($"Invalid --redelivery-window '{window}': give a positive time span as HH:MM:SS or D.HH:MM:SS, e.g. 01:00:00, or 1.00:00:00 for a day.");
            }

            if (result.GetValue(retentionDays) is < 1)
            {
                result.AddError($"Invalid --retention-days {result.GetValue(retentionDays)}: give a whole number of days, at least 1.");
            }

            if (result.GetValue(threads) is < 1)
            {
                result.AddError($"Invalid --threads {result.GetValue(threads)}: give a whole number of threads, at least 1.");
            }

            if (result.GetValue(queryLogLimit) is < 1)
            {
                result.AddError($"Invalid --query-log-limit {result.GetValue(queryLogLimit)}: give the server's server_audit_query_log_limit in bytes, at least 1.");
            }
        });

        command.SetAction(async (parseResult, cancellationToken) =>
        {
            ReconcileSettings settings = new()
            {
                Inputs = parseResult.GetValue(inputs) ?? [],
                Sources = parseResult.GetValue(source) ?? [],
                AwsRegion = parseResult.GetValue(awsRegion),
                CloudWatchEndpoint = parseResult.GetValue(cloudWatchEndpoint),
                S3Endpoint = parseResult.GetValue(s3Endpoint),
                RedeliveryWindow = ParseRedeliveryWindow(parseResult.GetValue(redeliveryWindow)) ?? ReconcileSettings.DefaultRedeliveryWindow,
                UploadTo = parseResult.GetValue(uploadTo),
                RetentionDays = parseResult.GetValue(retentionDays) ?? 2557,
                CatalogDirectory = parseResult.GetValue(catalog)!,
                PolicyFile = parseResult.GetValue(policy)!,
                Period = parseResult.GetValue(period),
                From = parseResult.GetValue(from),
                To = parseResult.GetValue(to),
                TimeZone = parseResult.GetValue(timeZone),
                Cluster = parseResult.GetValue(cluster) ?? CloudSources.SingleCluster(parseResult.GetValue(source) ?? []),
                Instance = parseResult.GetValue(instance),
                Format = ParseFormat(parseResult.GetValue(format)!),
                LogTimeZone = parseResult.GetValue(logTimeZone),
                QueryLogLimit = parseResult.GetValue(queryLogLimit),
                OutputDirectory = parseResult.GetValue(outDir)!,
                Language = parseResult.GetValue(language),
                IncludeLiterals = parseResult.GetValue(includeLiterals),
                FailOn = parseResult.GetValue(failOn) is { } level ? Enum.Parse<Severity>(level, ignoreCase: true) : null,
                Threads = parseResult.GetValue(threads) ?? ReconcileSettings.DefaultThreads,
                Progress = !parseResult.GetValue(noProgress),
                Store = parseResult.GetValue(store) ?? NullIfEmpty(Environment.GetEnvironmentVariable("QUERYAUDIT_STORE")),
            };
            return await RunAsync(settings, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    /// <summary>Runs the job, turning input errors into a message on standard error and exit code 1.</summary>
    public static async Task<int> RunAsync(ReconcileSettings settings, CancellationToken cancellationToken)
    {
        try
        {
            return await new ReconcileJob(settings, Console.Out, Console.Error).RunAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (PolicyException e)
        {
            await Console.Error.WriteLineAsync($"error: invalid policy file:{Environment.NewLine}{e.Message}").ConfigureAwait(false);
        }
        catch (FormatException e)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
        }
        catch (AuditInputException e)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
        }
        catch (StoreLocationException e)
        {
            await Console.Error.WriteLineAsync($"error: invalid store location (--store or QUERYAUDIT_STORE): {e.Message}").ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
        }
        catch (System.Data.Common.DbException e)
        {
            await Console.Error.WriteLineAsync($"error: the state store {StateStoreLocation.Describe(settings.Store ?? "")} failed: {e.Message} Check --store or QUERYAUDIT_STORE.").ConfigureAwait(false);
        }

        return 1;
    }

    // Checked here, not in the job, so that a mistyped --period, --from, --to or time zone is a usage error (exit 2).
    private static void ValidatePeriod(CommandResult result, string? period, string? from, string? to, string? timeZone)
    {
        ValidateTimeZone(result, "--time-zone", timeZone);

        // Only the form is checked here; the policy's time-zone, read later, places the period in time.
        const string anyZone = "UTC";
        try
        {
            if (period is not null)
            {
                _ = ReportingPeriod.Month(period, anyZone);
            }
            else if (from is not null && to is not null)
            {
                _ = ReportingPeriod.Between(from, to, anyZone);
            }
        }
        catch (FormatException e)
        {
            result.AddError(period is not null ? $"Invalid --period '{period}': write the month as YYYY-MM, e.g. 2026-12." : e.Message);
        }
    }

    private static void ValidateTimeZone(CommandResult result, string option, string? timeZone)
    {
        if (timeZone is not null && !TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out _))
        {
            result.AddError($"Unknown time zone '{timeZone}' in {option}: use an IANA id such as Asia/Tokyo or UTC (the tzdata package must be installed).");
        }
    }

    /// <summary>Returns a positive time span written as <c>HH:MM:SS</c> or <c>D.HH:MM:SS</c> (as <c>run</c> settings are); null for null or anything else.</summary>
    private static TimeSpan? ParseRedeliveryWindow(string? value) =>
        TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out TimeSpan window) && window > TimeSpan.Zero ? window : null;

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private static AuditLogFormat ParseFormat(string value) => value switch
    {
        "aurora" => AuditLogFormat.Aurora,
        "mariadb" => AuditLogFormat.MariaDb,
        "rds-mysql" => AuditLogFormat.RdsMySql,
        _ => AuditLogFormat.Auto,
    };
}
