using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using QueryAudit.Core.Audit;
using QueryAudit.Core.Policy;
using QueryAudit.Worker.Hosting;

namespace QueryAudit.Worker.Commands;

/// <summary>
/// <c>queryaudit run</c>: the long-running service. Settings come from a JSON file, <c>QUERYAUDIT__</c> environment
/// variables and <c>--Key:SubKey=value</c> arguments, in rising precedence.
/// </summary>
internal static class RunCommand
{
    /// <summary>Exit code when a setting is invalid.</summary>
    public const int InvalidSettings = 2;

    /// <summary>Exit code when the service failed to start or a source failed while running.</summary>
    public const int ServiceFailed = 1;

    public static Command Create()
    {
        Option<string?> config = new("--config")
        {
            Description = "JSON settings file. Default: appsettings.json in the current folder, when it exists.",
        };
        Command command = new("run", "Run the service: ingest the configured sources into the state store, serve health checks and write scheduled reports. Stops cleanly on SIGTERM or Ctrl+C. Any setting can also be given as --Key:SubKey=value, e.g. --Store=sqlite:/data/queryaudit.db.")
        {
            config,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (parseResult, cancellationToken) =>
            await RunAsync(parseResult.GetValue(config), parseResult.UnmatchedTokens, Console.Out, Console.Error, cancellationToken).ConfigureAwait(false));
        return command;
    }

    /// <summary>
    /// Runs the service until <paramref name="stopToken"/> is cancelled (the command-line parser cancels it on SIGTERM
    /// and SIGINT, before the host's own console lifetime would see the signal); returns the process exit code.
    /// </summary>
    public static async Task<int> RunAsync(
        string? configFile, IReadOnlyList<string> settings, TextWriter output, TextWriter errors, CancellationToken stopToken)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (configFile is not null && !File.Exists(configFile))
        {
            await errors.WriteLineAsync($"error: settings file '{configFile}' was not found; check --config.").ConfigureAwait(false);
            return InvalidSettings;
        }

        IHost host;
        try
        {
            host = ServiceHost.Build(configFile, settings, output);
        }
        catch (OptionsValidationException e)
        {
            await WriteInvalidSettingsAsync(errors, e).ConfigureAwait(false);
            return InvalidSettings;
        }
        catch (InvalidDataException e)
        {
            await errors.WriteLineAsync($"error: settings file '{configFile}' cannot be read as settings{JsonPosition(e)}. Write one JSON object of sections and keys, as sql-fixtures/appsettings.ja.json shows.").ConfigureAwait(false);
            return InvalidSettings;
        }

        using (host)
        {
            IReadOnlyList<BackgroundService> services;
            try
            {
                // Resolved before the run, because the host disposes its services when it stops.
                services = [.. host.Services.GetServices<IHostedService>().OfType<BackgroundService>()];
                IHostApplicationLifetime lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();
                using CancellationTokenRegistration stop = stopToken.Register(lifetime.StopApplication);
                await host.StartAsync(CancellationToken.None).ConfigureAwait(false);
                await host.WaitForShutdownAsync(CancellationToken.None).ConfigureAwait(false);
            }
            catch (OptionsValidationException e)
            {
                await WriteInvalidSettingsAsync(errors, e).ConfigureAwait(false);
                return InvalidSettings;
            }
            catch (Exception e) when (e is PolicyException or AuditInputException or ArgumentException or IOException or UnauthorizedAccessException or System.Data.Common.DbException
                or Amazon.Runtime.AmazonServiceException or HttpRequestException or InvalidDataException)
            {
                await errors.WriteLineAsync($"error: the service failed: {e.Message}").ConfigureAwait(false);
                return ServiceFailed;
            }

            // With BackgroundServiceExceptionBehavior.StopHost a failed service stops the host; the exit code shows it.
            return services.Any(s => s.ExecuteTask is { IsFaulted: true }) ? ServiceFailed : 0;
        }
    }

    private static Task WriteInvalidSettingsAsync(TextWriter errors, OptionsValidationException e) =>
        errors.WriteLineAsync("error: invalid settings:" + Environment.NewLine + "  " + string.Join(Environment.NewLine + "  ", e.Failures));

    /// <summary>
    /// Returns ": line N, character M: reason" from the JSON error inside a configuration load failure, or ": reason"
    /// from the configuration parser's own error (a duplicate key, a top-level array).
    /// </summary>
    private static string JsonPosition(Exception failure)
    {
        Exception innermost = failure;
        for (Exception? inner = failure; inner is not null; inner = inner.InnerException)
        {
            if (inner is System.Text.Json.JsonException { LineNumber: { } line } json)
            {
                // JsonException counts lines and positions from 0; editors count from 1.
                string reason = json.Message.Split(" Path:", 2)[0].Split(" LineNumber:", 2)[0].TrimEnd('.');
                return string.Create(CultureInfo.InvariantCulture, $": line {line + 1}, character {(json.BytePositionInLine ?? 0) + 1}: {reason}");
            }

            innermost = inner;
        }

        return innermost == failure ? "" : ": " + innermost.Message.TrimEnd('.');
    }
}
