using System.Diagnostics;
using System.Text.Json;
using QueryAudit.Aws.Tests.Fakes;
using QueryAudit.Aws.Tests.Support;

namespace QueryAudit.Aws.Tests.CloudWatchLogs;

/// <summary>
/// Runs the official AWS CLI (Debian awscli, botocore inside) against the fake server, so the
/// fake is known to speak the real protocol and to accept botocore's SigV4 signatures.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class AwsCliCompatibilityTests
{
    private const string Group = "/aws/rds/cluster/billing-prod/audit";
    private const long Start = 1_796_413_871_000;

    private FakeCloudWatchLogsServer _server = null!;

    [SetUp]
    public async Task StartServer()
    {
        _server = await FakeCloudWatchLogsServer.StartAsync();
        _server.MaxPageEvents = 1000;
        _server.Store.PutLogEvents(Group, "billing-prod-instance-1", Enumerable.Range(0, 2500).Select(i => (Start + (i / 10), $"event {i:D4}", Start)));
    }

    [TearDown]
    public async Task StopServer() => await _server.DisposeAsync();

    [Test]
    public async Task FilterLogEvents_AwsCli_PagesThroughAllEvents()
    {
        using JsonDocument output = await RunAsync("logs", "filter-log-events", "--log-group-name", Group);

        string[] messages = [.. output.RootElement.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("message").GetString()!)];
        Assert.That(messages, Has.Length.EqualTo(2500));
        Assert.That(messages, Is.EqualTo(Enumerable.Range(0, 2500).Select(i => $"event {i:D4}")));
        Assert.That(_server.RequestCount("FilterLogEvents"), Is.EqualTo(3));
        Assert.That(_server.RejectedSignatures, Is.Zero);
    }

    [Test]
    public async Task FilterLogEvents_AwsCliWithThrottling_RetriesAndCompletes()
    {
        _server.ScheduleFaults(FakeFault.Throttle, FakeFault.Throttle);

        using JsonDocument output = await RunAsync("logs", "filter-log-events", "--log-group-name", Group, "--start-time", $"{Start + 100}", "--end-time", $"{Start + 199}");

        Assert.That(output.RootElement.GetProperty("events").GetArrayLength(), Is.EqualTo(1000));
        Assert.That(_server.InjectedFaults, Is.EqualTo(2));
    }

    [Test]
    public async Task FilterLogEvents_AwsCliWithPattern_ReturnsMatchingEvents()
    {
        using JsonDocument output = await RunAsync("logs", "filter-log-events", "--log-group-name", Group, "--filter-pattern", "\"event 00\"");

        Assert.That(output.RootElement.GetProperty("events").GetArrayLength(), Is.EqualTo(100));
    }

    [Test]
    public async Task DescribeLogGroups_AwsCli_PagesThroughAllGroups()
    {
        for (int i = 0; i < 120; i++)
        {
            _server.Store.CreateLogGroup($"/aws/rds/cluster/c{i:D3}/audit");
        }

        using JsonDocument output = await RunAsync("logs", "describe-log-groups", "--log-group-name-prefix", "/aws/rds/cluster/");

        Assert.That(output.RootElement.GetProperty("logGroups").GetArrayLength(), Is.EqualTo(121));
        Assert.That(_server.RequestCount("DescribeLogGroups"), Is.EqualTo(3));
    }

    [Test]
    public async Task GetLogEvents_AwsCliFromHead_EndsOnRepeatedToken()
    {
        // awscli 2.9 does not page get-log-events itself, so the test follows the forward
        // tokens the way every reader must: until the service returns the token it was sent.
        List<string> messages = [];
        string? token = null;
        for (int call = 0; call < 10; call++)
        {
            List<string> arguments = ["logs", "get-log-events", "--log-group-name", Group, "--log-stream-name", "billing-prod-instance-1", "--start-from-head"];
            if (token is not null)
            {
                arguments.AddRange(["--next-token", token]);
            }

            using JsonDocument output = await RunAsync([.. arguments]);
            messages.AddRange(output.RootElement.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("message").GetString()!));
            string next = output.RootElement.GetProperty("nextForwardToken").GetString()!;
            if (next == token)
            {
                break;
            }

            token = next;
        }

        Assert.That(messages, Is.EqualTo(Enumerable.Range(0, 2500).Select(i => $"event {i:D4}")));
        Assert.That(_server.RequestCount("GetLogEvents"), Is.EqualTo(4), "three full pages and one empty page that returns the same token");
    }

    [Test]
    public async Task DescribeLogStreams_AwsCli_ReportsStreamTimes()
    {
        using JsonDocument output = await RunAsync("logs", "describe-log-streams", "--log-group-name", Group);

        JsonElement stream = output.RootElement.GetProperty("logStreams").EnumerateArray().Single();
        Assert.That(stream.GetProperty("logStreamName").GetString(), Is.EqualTo("billing-prod-instance-1"));
        Assert.That(stream.GetProperty("firstEventTimestamp").GetInt64(), Is.EqualTo(Start));
        Assert.That(stream.GetProperty("lastEventTimestamp").GetInt64(), Is.EqualTo(Start + 249));
    }

    [Test]
    public async Task AwsCli_WrongSecret_IsRejected()
    {
        int exitCode = await RunForExitCodeAsync(secret: "not-the-secret", "logs", "describe-log-groups");

        Assert.That(exitCode, Is.Not.Zero);
        Assert.That(_server.RejectedSignatures, Is.EqualTo(1));
    }

    private async Task<JsonDocument> RunAsync(params string[] arguments)
    {
        (int exitCode, string output, string error) = await RunProcessAsync(FakeCloudWatchLogsServer.SecretKey, arguments);
        Assert.That(exitCode, Is.Zero, $"aws {string.Join(' ', arguments)} failed: {error}");
        return JsonDocument.Parse(output);
    }

    private async Task<int> RunForExitCodeAsync(string secret, params string[] arguments) => (await RunProcessAsync(secret, arguments)).ExitCode;

    private async Task<(int ExitCode, string Output, string Error)> RunProcessAsync(string secret, string[] arguments)
    {
        ProcessStartInfo start = new(ExternalTool.Require(ExternalTool.AwsCli, "The AWS CLI (Debian package awscli)"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (string argument in new[] { "--endpoint-url", _server.ServiceUrl.ToString().TrimEnd('/'), "--region", "us-east-1", "--output", "json", "--no-cli-pager" })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["AWS_ACCESS_KEY_ID"] = FakeCloudWatchLogsServer.AccessKey;
        start.Environment["AWS_SECRET_ACCESS_KEY"] = secret;
        start.Environment.Remove("AWS_SESSION_TOKEN");
        start.Environment.Remove("AWS_PROFILE");
        start.Environment["AWS_EC2_METADATA_DISABLED"] = "true";
        start.Environment["AWS_CONFIG_FILE"] = "/dev/null";
        start.Environment["AWS_SHARED_CREDENTIALS_FILE"] = "/dev/null";
        start.Environment["AWS_RETRY_MODE"] = "standard";
        start.Environment["AWS_MAX_ATTEMPTS"] = "3";

        using Process process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        using CancellationTokenSource timeout = new(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }
}
