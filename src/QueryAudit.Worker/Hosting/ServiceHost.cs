using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using QueryAudit.Worker.Hosting.Cloud;
using QueryAudit.Worker.Hosting.Jobs;
using Quartz;

namespace QueryAudit.Worker.Hosting;

/// <summary>
/// Builds the generic host of <c>queryaudit run</c>: configuration, logging, the store, one ingestion service per
/// source, health, metrics and the Quartz schedules.
/// </summary>
internal static class ServiceHost
{
    /// <summary>Prefix of environment variables read as settings: <c>QUERYAUDIT__Store</c> sets <c>Store</c>.</summary>
    public const string EnvironmentPrefix = "QUERYAUDIT__";

    /// <summary>How long shutdown may take before the host gives up on the services; ECS waits 30 s before SIGKILL.</summary>
    public static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(8);

    /// <summary>How often a task checks in to the Quartz cluster.</summary>
    private static readonly TimeSpan ClusterCheckinInterval = TimeSpan.FromSeconds(10);

    private const string MySqlPrefix = "mysql:";

    /// <param name="configFile">A JSON settings file; null reads <c>appsettings.json</c> of the current folder when it exists.</param>
    /// <param name="commandLine">Settings as <c>--Key:SubKey=value</c> or <c>--Key:SubKey value</c> pairs.</param>
    /// <param name="metricsWriter">Where metric lines go; standard output in the service.</param>
    /// <param name="timeProvider">The clock of the service; null for the system clock.</param>
    public static IHost Build(string? configFile, IReadOnlyList<string> commandLine, TextWriter metricsWriter, TimeProvider? timeProvider = null)
    {
        HostApplicationBuilder builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings
        {
            ContentRootPath = Directory.GetCurrentDirectory(),
        });
        builder.Configuration
            .AddJsonFile(configFile is null ? Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json") : Path.GetFullPath(configFile), optional: configFile is null, reloadOnChange: false)
            .AddEnvironmentVariables(EnvironmentPrefix)
            .AddCommandLine([.. commandLine]);
        SettingTypeChecker.ThrowIfInvalid(builder.Configuration);

        ConfigureLogging(builder);
        builder.Services.Configure<HostOptions>(host =>
        {
            host.ShutdownTimeout = ShutdownTimeout;
            host.BackgroundServiceExceptionBehavior = BackgroundServiceExceptionBehavior.StopHost;
        });
        builder.Services.AddSingleton(timeProvider ?? TimeProvider.System);
        builder.Services.AddOptions<QueryAuditOptions>().Bind(builder.Configuration).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<QueryAuditOptions>, QueryAuditOptionsValidator>();
        builder.Services.AddSingleton<IValidateOptions<QueryAuditOptions>>(new UnknownSettingsValidator(builder.Configuration));
        builder.Services.AddSingleton<WorkerIdentity>();
        builder.Services.AddSingleton<IngestionMetrics>();
        builder.Services.AddSingleton(new MetricsOutput(metricsWriter));

        // Hosted services start in registration order: the store and the policy before any source reads a line.
        builder.Services.AddSingleton<StoreAccessor>();
        builder.Services.AddHostedService(services => services.GetRequiredService<StoreAccessor>());
        builder.Services.AddSingleton<ReconcileContextLoader>();
        builder.Services.AddHostedService(services => services.GetRequiredService<ReconcileContextLoader>());
        builder.Services.AddSingleton<BatchCommitter>();
        builder.Services.AddSingleton<CloudClients>();
        builder.Services.AddSingleton<CloudIngestionServices>();
        AddSources(builder);
        builder.Services.AddSingleton<HealthEndpoint>();
        builder.Services.AddHostedService(services => services.GetRequiredService<HealthEndpoint>());
        builder.Services.AddHostedService<MetricsReporter>();
        AddSchedules(builder);

        return builder.Build();
    }

    private static void ConfigureLogging(HostApplicationBuilder builder)
    {
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Information);
        builder.Logging.AddConfiguration(builder.Configuration.GetSection("Logging"));

        // One JSON object per line where a log driver reads the output (a container); plain lines on a terminal.
        if (Console.IsOutputRedirected)
        {
            builder.Logging.AddJsonConsole(json =>
            {
                json.UseUtcTimestamp = true;
                json.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            });
        }
        else
        {
            builder.Logging.AddSimpleConsole(simple =>
            {
                simple.SingleLine = true;
                simple.TimestampFormat = "HH:mm:ss ";
            });
        }
    }

    private static void AddSources(HostApplicationBuilder builder)
    {
        // Sources are read here to register one service each; their values are checked by the validator on start.
        IReadOnlyList<string> sources = builder.Configuration.Get<QueryAuditOptions>()?.AllSources() ?? [];
        foreach (string value in sources)
        {
            SourceSpec? source = SourceSpec.TryParse(value, out _);
            switch (source?.Kind)
            {
                case SourceKind.Folder:
                    builder.Services.AddSingleton<IHostedService>(services => ActivatorUtilities.CreateInstance<FolderIngestionService>(services, source));
                    break;
                case SourceKind.CloudWatch:
                    builder.Services.AddSingleton<IHostedService>(services => ActivatorUtilities.CreateInstance<CloudWatchIngestionService>(services, source));
                    break;
                case SourceKind.S3:
                    builder.Services.AddSingleton<IHostedService>(services => ActivatorUtilities.CreateInstance<S3IngestionService>(services, source));
                    break;
            }
        }
    }

    private static void AddSchedules(HostApplicationBuilder builder)
    {
        // The store is read here because Quartz is configured before the options are bound; the validator checks it on start.
        string store = QuartzStoreLocation(builder.Configuration);
        builder.Services.AddQuartz(quartz =>
        {
            bool clustered = store.StartsWith(MySqlPrefix, StringComparison.OrdinalIgnoreCase);
            quartz.ConfigureScheduler(scheduler =>
            {
                scheduler.InstanceName = "queryaudit";
                if (clustered)
                {
                    // The cluster tables then name each task as the lease table does. Clustering needs an id that no
                    // other running task has, which the worker id already guarantees.
                    scheduler.InstanceId = WorkerIdentity.OwnerName(builder.Configuration.GetValue<string?>("Ingestion:WorkerId"));
                }
            });
            if (clustered)
            {
                UseClusteredStore(quartz, store[MySqlPrefix.Length..]);
            }

            // With the SQLite store the triggers stay in memory: SQLite serves one task, so there is no second
            // scheduler to share them with.
            AddCronJob<MonthlyReportJob>(quartz, "monthly-report", schedules => schedules.MonthlyReport);
            AddCronJob<DailyDigestJob>(quartz, "daily-digest", schedules => schedules.DailyDigest);
            AddCronJob<CompletenessCheckJob>(quartz, "completeness-check", schedules => schedules.CompletenessCheck);
        });
        builder.AddQuartzHostedService(hosted => hosted.WaitForJobsToComplete = true);
    }

    /// <summary>
    /// Keeps the triggers in Quartz's ADO.NET job store in the state store's MySQL database, clustered, so that every
    /// task shares one set of triggers and each fire runs on one task only. Quartz creates its <c>QRTZ_</c> tables
    /// on start when they are missing, which is safe when several tasks start at once (Quartz 4.7 ProvisionSchema).
    /// </summary>
    private static void UseClusteredStore(IQuartzBuilder quartz, string connectionString)
    {
        quartz.UsePersistentStore(persistent =>
        {
            persistent.UseMySqlConnector(MySqlConnector.MySqlConnectorFactory.Instance, connectionString);
            persistent.UseClustering(cluster =>
            {
                // A task that stops checking in for CheckinMisfireThreshold is taken as dead, and its fires are
                // recovered by another task.
                cluster.CheckinInterval = ClusterCheckinInterval;
                cluster.CheckinMisfireThreshold = ClusterCheckinInterval * 2;
            });
            persistent.ProvisionSchema();
        });
    }

    /// <summary>Returns the store location with the <c>MySql</c> fields applied; an invalid one is left to the validator.</summary>
    private static string QuartzStoreLocation(IConfiguration configuration)
    {
        QueryAuditOptions options = configuration.Get<QueryAuditOptions>() ?? new QueryAuditOptions();
        try
        {
            return StoreSettings.Resolve(options);
        }
        catch (ArgumentException)
        {
            return options.Store;
        }
    }

    private static void AddCronJob<TJob>(IQuartzBuilder quartz, string name, Func<ScheduleOptions, string> cron)
        where TJob : IJob
    {
        quartz.ScheduleJob<TJob>(
            (services, trigger) =>
            {
                ScheduleOptions schedules = services.GetRequiredService<IOptions<QueryAuditOptions>>().Value.Schedules;
                TimeZoneInfo zone = TimeZoneInfo.FindSystemTimeZoneById(schedules.TimeZone);
                trigger.WithIdentity(name).WithCronSchedule(cron(schedules), schedule => schedule.InTimeZone(zone));
            },
            (_, job) => job.WithIdentity(name));
    }
}
