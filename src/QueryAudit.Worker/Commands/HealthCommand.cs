using System.CommandLine;
using System.Globalization;
using System.Net;

namespace QueryAudit.Worker.Commands;

/// <summary>
/// <c>queryaudit health</c>: requests a health endpoint of the worker on a loopback address and exits
/// 0 when it returns a 2xx status, 1 otherwise. Container health checks run it because the chiseled
/// runtime image has neither a shell nor curl.
/// </summary>
public static class HealthCommand
{
    /// <summary>Exit code for an endpoint that returned a 2xx status.</summary>
    public const int Healthy = 0;

    /// <summary>
    /// Exit code for every other outcome, invalid arguments included. Docker's HEALTHCHECK reserves
    /// exit code 2, so the command never uses it.
    /// </summary>
    public const int Unhealthy = 1;

    /// <summary>The endpoint the container image and the ECS task definition probe.</summary>
    public const string DefaultUrl = "http://127.0.0.1:8080/health/live";

    /// <summary>Default time to wait for the response, in seconds.</summary>
    public const double DefaultTimeoutSeconds = 3;

    public static Command Create()
    {
        Option<string> url = new("--url")
        {
            Description = "Health endpoint to request; an absolute http or https URL on 127.0.0.1, [::1] or localhost.",
            DefaultValueFactory = _ => DefaultUrl,
        };
        Option<double> timeout = new("--timeout")
        {
            Description = "Seconds to wait for the response before reporting unhealthy.",
            DefaultValueFactory = _ => DefaultTimeoutSeconds,
        };

        Command command = new("health", "Request a health endpoint of a running worker on a loopback address; exit 0 when it returns a 2xx status, else 1.");
        command.Options.Add(url);
        command.Options.Add(timeout);
        command.SetAction((parseResult, cancellationToken) =>
        {
            TextWriter output = parseResult.InvocationConfiguration.Output;
            TextWriter error = parseResult.InvocationConfiguration.Error;
            string urlText = parseResult.GetValue(url) ?? DefaultUrl;
            double timeoutSeconds = parseResult.GetValue(timeout);

            if (!TryParseTarget(urlText, out Uri? target, out string? problem))
            {
                error.WriteLine(problem);
                return Task.FromResult(Unhealthy);
            }

            if (!(timeoutSeconds > 0 && timeoutSeconds <= 300))
            {
                error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Invalid --timeout {timeoutSeconds}: use a number of seconds greater than 0 and at most 300."));
                return Task.FromResult(Unhealthy);
            }

            return ProbeAsync(target, TimeSpan.FromSeconds(timeoutSeconds), output, error, cancellationToken);
        });
        return command;
    }

    /// <summary>
    /// Parses a health endpoint URL and accepts it only when it is an absolute http or https URL whose
    /// host is a loopback address, so the probe cannot be pointed at another machine.
    /// </summary>
    public static bool TryParseTarget(string text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Uri? target, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? problem)
    {
        target = null;
        problem = null;

        if (!Uri.TryCreate(text, UriKind.Absolute, out Uri? parsed) || (parsed.Scheme != Uri.UriSchemeHttp && parsed.Scheme != Uri.UriSchemeHttps))
        {
            problem = $"Invalid --url '{text}': use an absolute http or https URL such as {DefaultUrl}.";
            return false;
        }

        if (!parsed.IsLoopback)
        {
            problem = $"Invalid --url '{text}': the host must be a loopback address (127.0.0.1, [::1] or localhost), because the probe checks this container's own worker.";
            return false;
        }

        target = parsed;
        return true;
    }

    /// <summary>
    /// Sends one GET to <paramref name="target"/> without a proxy and without following redirects,
    /// writes one line about the outcome, and returns <see cref="Healthy"/> for a 2xx status or
    /// <see cref="Unhealthy"/> for anything else: another status, a failed connection or a timeout.
    /// </summary>
    public static async Task<int> ProbeAsync(Uri target, TimeSpan timeout, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);

        // A proxy from HTTP_PROXY would receive the request instead of the local worker.
        using SocketsHttpHandler handler = new() { UseProxy = false, AllowAutoRedirect = false, ConnectTimeout = timeout };
        using HttpClient client = new(handler) { Timeout = Timeout.InfiniteTimeSpan };
        using CancellationTokenSource deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);

        try
        {
            using HttpResponseMessage response = await client.GetAsync(target, HttpCompletionOption.ResponseHeadersRead, deadline.Token).ConfigureAwait(false);
            string status = string.Create(CultureInfo.InvariantCulture, $"{(int)response.StatusCode} {response.ReasonPhrase}");

            if (response.IsSuccessStatusCode)
            {
                await output.WriteLineAsync($"healthy: GET {target} returned {status}").ConfigureAwait(false);
                return Healthy;
            }

            await error.WriteLineAsync($"unhealthy: GET {target} returned {status}").ConfigureAwait(false);
            return Unhealthy;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            await error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"unhealthy: GET {target} timed out after {timeout.TotalSeconds} s")).ConfigureAwait(false);
            return Unhealthy;
        }
        catch (HttpRequestException exception)
        {
            await error.WriteLineAsync($"unhealthy: GET {target} failed: {exception.Message}").ConfigureAwait(false);
            return Unhealthy;
        }
    }
}
