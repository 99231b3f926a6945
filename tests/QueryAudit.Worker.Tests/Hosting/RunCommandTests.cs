using System.Net;
using QueryAudit.Core.State;
using QueryAudit.Worker.Commands;

namespace QueryAudit.Worker.Tests.Hosting;

/// <summary>
/// <c>queryaudit run</c> in process over the fixture logs with a SQLite store in a temporary folder.
/// </summary>
public class RunCommandTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    [Test]
    public async Task Run_BadSettings_ExitsWithNamedSettings()
    {
        ServiceFixture fixture = new("run-bad");
        using StringWriter output = new();
        using StringWriter errors = new();

        int exitCode = await RunCommand.RunAsync(
            null, fixture.Arguments("--Sources:0=/no/such/folder", "--Report:Language=fr"), output, errors, CancellationToken.None);

        Assert.That(exitCode, Is.EqualTo(RunCommand.InvalidSettings));
        Assert.That(errors.ToString(), Does.Contain("Sources:0 '/no/such/folder' is not an existing folder"));
        Assert.That(errors.ToString(), Does.Contain("Report:Language 'fr' is not supported"));
    }

    [TestCase("--Ingestion:BatchLines=abc", "Ingestion:BatchLines: 'abc' is not a whole number")]
    [TestCase("--Ingestion:PollInterval=fast", "Ingestion:PollInterval: 'fast' is not a time span")]
    [TestCase("--Health:Port=99999999999", "Health:Port: '99999999999' is not a whole number")]
    [TestCase("--Health:MetricsInterval=1m", "Health:MetricsInterval: '1m' is not a time span")]
    [TestCase("--Report:RetentionDays=7y", "Report:RetentionDays: '7y' is not a whole number")]
    [TestCase("--S3:RedeliveryWindow=24h", "S3:RedeliveryWindow: '24h' is not a time span")]
    public async Task Run_SettingOfWrongType_ExitsTwoNamingIt(string setting, string expected)
    {
        ServiceFixture fixture = new("run-type");
        using StringWriter output = new();
        using StringWriter errors = new();

        int exitCode = await RunCommand.RunAsync(null, fixture.Arguments(setting), output, errors, CancellationToken.None);

        Assert.That(exitCode, Is.EqualTo(RunCommand.InvalidSettings), errors.ToString());
        Assert.That(errors.ToString(), Does.Contain("error: invalid settings:"));
        Assert.That(errors.ToString(), Does.Contain(expected));
    }

    [Test]
    public async Task Run_ConfigFileNotJson_NamesLine()
    {
        string config = Path.Combine(TestPaths.NewTempFolder("run-json"), "appsettings.json");
        await File.WriteAllTextAsync(config, "{\n  \"Store\": \"sqlite:./q.db\",\n  \"Sources\": [ \"/tmp\"\n}\n");
        using StringWriter output = new();
        using StringWriter errors = new();

        int exitCode = await RunCommand.RunAsync(config, [], output, errors, CancellationToken.None);

        Assert.That(exitCode, Is.EqualTo(RunCommand.InvalidSettings));
        Assert.That(errors.ToString(), Does.Contain($"settings file '{config}' cannot be read as settings: line 4, character 1:"));
    }

    [TestCase("{ \"Store\": \"sqlite:a.db\", \"Store\": \"sqlite:b.db\" }", "A duplicate key 'Store' was found")]
    [TestCase("[1, 2]", "Top-level JSON element must be an object")]
    public async Task Run_ConfigFileNotSettings_SaysWhy(string text, string reason)
    {
        string config = Path.Combine(TestPaths.NewTempFolder("run-json"), "appsettings.json");
        await File.WriteAllTextAsync(config, text);
        using StringWriter output = new();
        using StringWriter errors = new();

        int exitCode = await RunCommand.RunAsync(config, [], output, errors, CancellationToken.None);

        Assert.That(exitCode, Is.EqualTo(RunCommand.InvalidSettings));
        Assert.That(errors.ToString(), Does.Contain($"settings file '{config}' cannot be read as settings: {reason}"));
    }

    [Test]
    public async Task Run_MissingConfigFile_ExitsWithMessage()
    {
        using StringWriter output = new();
        using StringWriter errors = new();

        int exitCode = await RunCommand.RunAsync("/no/such/appsettings.json", [], output, errors, CancellationToken.None);

        Assert.That(exitCode, Is.EqualTo(RunCommand.InvalidSettings));
        Assert.That(errors.ToString(), Does.Contain("/no/such/appsettings.json"));
    }

    [Test]
    public async Task Run_StopAndResume_CountsEachEventOnce()
    {
        ServiceFixture fixture = new("run-resume");
        // Small batches make the first run slow enough to be stopped mid-way even on an idle machine.
        string[] small = ["--Ingestion:BatchLines=25", "--Health:Port=0"];

        // First run: stop as soon as some batches are committed, well before the end of the logs.
        using (CancellationTokenSource stop = new())
        {
            using StringWriter output = new();
            using StringWriter errors = new();
            Task<int> run = RunCommand.RunAsync(null, fixture.Arguments(small), output, errors, stop.Token);
            await ServiceFixture.WaitUntilAsync(async () => run.IsCompleted || await fixture.StoredEventsAsync() > 0, Patience, "a first committed batch", pollMilliseconds: 50);
            await stop.CancelAsync();

            Assert.That(await run, Is.Zero, errors.ToString());
        }

        long afterStop = await fixture.StoredEventsAsync();
        Assert.That(afterStop, Is.GreaterThan(0));
        Assert.That(afterStop, Is.LessThan(ServiceFixture.TotalLines), "the first run read everything before the stop; the test needs a stop mid-way");

        // Second run: resume from the checkpoints until every line is stored, then let it idle one more scan.
        using (CancellationTokenSource stop = new())
        {
            using StringWriter output = new();
            using StringWriter errors = new();
            Task<int> run = RunCommand.RunAsync(null, fixture.Arguments(small), output, errors, stop.Token);
            await ServiceFixture.WaitUntilAsync(async () => run.IsCompleted || await fixture.StoredEventsAsync() >= ServiceFixture.TotalLines, Patience, "all fixture events");
            await Task.Delay(TimeSpan.FromSeconds(2));
            await stop.CancelAsync();

            Assert.That(await run, Is.Zero, errors.ToString());
        }

        Assert.That(await fixture.StoredEventsAsync(), Is.EqualTo(ServiceFixture.TotalLines));
        await using IStateStore store = await fixture.OpenStoreAsync();
        IReadOnlyList<SourceCheckpoint> checkpoints = await store.CheckpointsAsync(CancellationToken.None);
        Assert.That(checkpoints, Has.Count.EqualTo(1), "one folder source has one checkpoint");
        using System.Text.Json.JsonDocument checkpoint = System.Text.Json.JsonDocument.Parse(checkpoints[0].StateJson);
        Assert.That(checkpoint.RootElement.GetProperty("files").GetArrayLength(), Is.EqualTo(6), "the checkpoint lists each fixture file");
        IReadOnlyList<SourceLease> leases = await store.LeasesAsync(CancellationToken.None);
        Assert.That(leases.Where(l => l.ExpiresAt > DateTimeOffset.UtcNow), Is.Empty, "a stopped service must release its leases");
    }

    [Test]
    public async Task Run_Health_ReadyUntilStoreVanishes()
    {
        ServiceFixture fixture = new("run-health");
        using HttpClient client = new() { BaseAddress = new Uri($"http://127.0.0.1:{fixture.HealthPort}/"), Timeout = TimeSpan.FromSeconds(20) };
        using CancellationTokenSource stop = new();
        using StringWriter output = new();
        using StringWriter errors = new();
        Task<int> run = RunCommand.RunAsync(null, fixture.Arguments(), output, errors, stop.Token);

        await ServiceFixture.WaitUntilAsync(
            async () => run.IsCompleted || await StatusAsync(client, "health/live") == HttpStatusCode.OK, Patience, "the liveness endpoint");
        await ServiceFixture.WaitUntilAsync(
            async () => run.IsCompleted || await StatusAsync(client, "health/ready") == HttpStatusCode.OK, Patience, "readiness");
        Assert.That(await StatusAsync(client, "health/other"), Is.EqualTo(HttpStatusCode.NotFound));
        await ServiceFixture.WaitUntilAsync(
            async () => run.IsCompleted || await fixture.StoredEventsAsync() >= ServiceFixture.TotalLines, Patience, "all fixture events");

        // Without its folder the SQLite store cannot open a connection: that is how an unreachable store looks here.
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(fixture.StoreFolder, recursive: true);
        Assert.That(await StatusAsync(client, "health/ready"), Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(await StatusAsync(client, "health/live"), Is.EqualTo(HttpStatusCode.OK));

        await stop.CancelAsync();
        await run;
    }

    private static async Task<HttpStatusCode?> StatusAsync(HttpClient client, string path)
    {
        try
        {
            using HttpResponseMessage response = await client.GetAsync(new Uri(path, UriKind.Relative));
            return response.StatusCode;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }
}
