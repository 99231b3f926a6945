using System.CommandLine;
using System.Net;
using System.Net.Sockets;
using QueryAudit.Worker.Commands;

namespace QueryAudit.Worker.Tests.Commands;

public class HealthCommandTests
{
    [TestCase("200 OK")]
    [TestCase("204 No Content")]
    public async Task Probe_SuccessStatus_IsHealthy(string statusLine)
    {
        await using LoopbackHttpResponder server = new(statusLine);
        using StringWriter output = new();
        using StringWriter error = new();

        int exitCode = await HealthCommand.ProbeAsync(server.Url("/health/live"), TimeSpan.FromSeconds(10), output, error, CancellationToken.None);

        Assert.That(exitCode, Is.EqualTo(HealthCommand.Healthy));
        Assert.That(output.ToString(), Does.StartWith("healthy: GET " + server.Url("/health/live")).And.Contain(statusLine));
        Assert.That(error.ToString(), Is.Empty);
    }

    [TestCase("503 Service Unavailable")]
    [TestCase("500 Internal Server Error")]
    [TestCase("404 Not Found")]
    public async Task Probe_ErrorStatus_IsUnhealthy(string statusLine)
    {
        await using LoopbackHttpResponder server = new(statusLine);
        using StringWriter output = new();
        using StringWriter error = new();

        int exitCode = await HealthCommand.ProbeAsync(server.Url("/health/ready"), TimeSpan.FromSeconds(10), output, error, CancellationToken.None);

        Assert.That(exitCode, Is.EqualTo(HealthCommand.Unhealthy));
        Assert.That(error.ToString(), Does.StartWith("unhealthy: GET").And.Contain(statusLine));
        Assert.That(output.ToString(), Is.Empty);
    }

    [Test]
    public async Task Probe_Redirect_IsNotFollowed()
    {
        await using LoopbackHttpResponder server = new("302 Found", "Location: http://127.0.0.1:1/elsewhere");
        using StringWriter output = new();
        using StringWriter error = new();

        int exitCode = await HealthCommand.ProbeAsync(server.Url("/health/live"), TimeSpan.FromSeconds(10), output, error, CancellationToken.None);

        Assert.That(exitCode, Is.EqualTo(HealthCommand.Unhealthy));
        Assert.That(error.ToString(), Does.Contain("302"));
        Assert.That(server.RequestCount, Is.EqualTo(1));
    }

    [Test]
    public async Task Probe_NothingListening_IsUnhealthy()
    {
        Uri closed = ClosedLoopbackPort();
        using StringWriter output = new();
        using StringWriter error = new();

        int exitCode = await HealthCommand.ProbeAsync(closed, TimeSpan.FromSeconds(10), output, error, CancellationToken.None);

        Assert.That(exitCode, Is.EqualTo(HealthCommand.Unhealthy));
        Assert.That(error.ToString(), Does.StartWith($"unhealthy: GET {closed} failed:"));
    }

    [Test]
    public async Task Probe_NoResponse_TimesOut()
    {
        await using LoopbackHttpResponder server = new(statusLine: null);
        using StringWriter output = new();
        using StringWriter error = new();

        int exitCode = await HealthCommand.ProbeAsync(server.Url("/health/live"), TimeSpan.FromMilliseconds(300), output, error, CancellationToken.None);

        Assert.That(exitCode, Is.EqualTo(HealthCommand.Unhealthy));
        Assert.That(error.ToString(), Does.Contain("timed out after 0.3 s"));
    }

    [TestCase("http://127.0.0.1:8080/health/live")]
    [TestCase("http://localhost:8080/health/ready")]
    [TestCase("http://[::1]:8080/health/live")]
    [TestCase("https://127.0.0.1/health/live")]
    [TestCase("http://127.0.0.2:9000/")]
    public void TryParseTarget_Loopback_IsAccepted(string url)
    {
        bool accepted = HealthCommand.TryParseTarget(url, out Uri? target, out string? problem);

        Assert.That(accepted, Is.True, problem);
        Assert.That(target, Is.EqualTo(new Uri(url)));
    }

    [TestCase("http://10.0.0.5:8080/health/live", "loopback")]
    [TestCase("http://169.254.170.2/v2/metadata", "loopback")]
    [TestCase("http://127.0.0.1.example.com/health", "loopback")]
    [TestCase("http://worker:8080/health", "loopback")]
    [TestCase("ftp://127.0.0.1/health", "absolute http or https URL")]
    [TestCase("/health/live", "absolute http or https URL")]
    [TestCase("", "absolute http or https URL")]
    public void TryParseTarget_OtherHostOrScheme_IsRejected(string url, string reason)
    {
        bool accepted = HealthCommand.TryParseTarget(url, out Uri? target, out string? problem);

        Assert.That(accepted, Is.False);
        Assert.That(target, Is.Null);
        Assert.That(problem, Does.StartWith($"Invalid --url '{url}'").And.Contain(reason));
    }

    [Test]
    public async Task Command_ParsesUrlAndTimeout()
    {
        await using LoopbackHttpResponder server = new("200 OK");
        RootCommand root = new() { HealthCommand.Create() };
        using StringWriter output = new();
        using StringWriter error = new();

        int exitCode = await root.Parse(["health", "--url", server.Url("/health/live").ToString(), "--timeout", "10"])
            .InvokeAsync(new InvocationConfiguration { Output = output, Error = error });

        Assert.That(exitCode, Is.EqualTo(HealthCommand.Healthy), error.ToString());
        Assert.That(output.ToString(), Does.StartWith("healthy:"));
    }

    // Rejected URLs here are all loopback or not HTTP, so a broken check cannot send traffic elsewhere.
    [TestCase("ftp://127.0.0.1:8080/health/live", "10")]
    [TestCase("http://127.0.0.1:8080/health/live", "0")]
    [TestCase("http://127.0.0.1:8080/health/live", "-1")]
    public async Task Command_InvalidArgument_IsUnhealthyWithMessage(string url, string timeout)
    {
        RootCommand root = new() { HealthCommand.Create() };
        using StringWriter output = new();
        using StringWriter error = new();

        int exitCode = await root.Parse(["health", "--url", url, "--timeout", timeout])
            .InvokeAsync(new InvocationConfiguration { Output = output, Error = error });

        Assert.That(exitCode, Is.EqualTo(HealthCommand.Unhealthy));
        Assert.That(error.ToString(), Does.StartWith("Invalid --"));
    }

    [Test]
    public void Command_DefaultUrl_IsWhatTheImageProbes()
    {
        Assert.That(HealthCommand.DefaultUrl, Is.EqualTo("http://127.0.0.1:8080/health/live"));
        Assert.That(HealthCommand.TryParseTarget(HealthCommand.DefaultUrl, out _, out _), Is.True);
    }

    private static Uri ClosedLoopbackPort()
    {
        // Bind and release a port: nothing listens on it afterwards, so a connection is refused.
        TcpListener listener = new(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return new Uri($"http://127.0.0.1:{port}/health/live");
    }
}
