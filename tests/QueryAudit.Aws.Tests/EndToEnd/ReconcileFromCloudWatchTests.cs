using System.Globalization;
using QueryAudit.Aws.Tests.Fakes;
using QueryAudit.Aws.Tests.Support;
using QueryAudit.Worker.Commands;
using QueryAudit.Worker.Reconcile;

namespace QueryAudit.Aws.Tests.EndToEnd;

/// <summary>
/// <c>queryaudit reconcile --source cloudwatch:CLUSTER</c> over the real capture loaded into the fake service as three
/// instance streams, with throttling, server errors, dropped connections, repeated events and late ingestion, finds
/// the same findings and approved executions as reading the same lines from files.
/// </summary>
[NonParallelizable]
public sealed class ReconcileFromCloudWatchTests
{
    private const int Streams = 3;

    [Test]
    public async Task Reconcile_CaptureWithFaults_SameResultsAsFiles()
    {
        string folder = Path.Combine(Path.GetTempPath(), "queryaudit-tests", "cloudwatch-e2e-" + Guid.NewGuid().ToString("N")[..8]);
        string logs = Path.Combine(folder, "logs");
        Directory.CreateDirectory(logs);

        List<string>[] perStream = AuroraCapture.ByConnection(Streams);

        await using FakeCloudWatchLogsServer server = await FakeCloudWatchLogsServer.StartAsync();
        for (int s = 0; s < Streams; s++)
        {
            string stream = $"billing-prod-instance-{s + 1}";
            await File.WriteAllLinesAsync(Path.Combine(logs, stream + ".audit.log"), perStream[s]);
            server.Store.PutLogEvents(
                AuroraCapture.Group,
                stream,
                perStream[s].Select((line, i) =>
                {
                    long timestamp = AuroraCapture.TimestampMs(line);

                    // Events are ingested in write order a few seconds later; every 40th arrives four minutes late,
                    // behind windows already read.
                    long ingestion = timestamp + (i % 40 == 39 ? 240_000 : 2_000);
                    return (timestamp, line, ingestion);
                }));
        }

        server.MaxPageEvents = 1_000;
        server.RepeatedEventsPerPage = 2;
        server.FaultSchedule = (request, operation) => (request % 17) switch
        {
            3 => FakeFault.Throttle,
            7 => FakeFault.ServiceUnavailable,
            11 => FakeFault.DropConnection,
            13 => FakeFault.InternalError,
            _ => FakeFault.None,
        };

        string fromFiles = Path.Combine(folder, "files");
        string fromCloudWatch = Path.Combine(folder, "cloudwatch");
        using (EnvironmentScope.Set(
            ("AWS_ACCESS_KEY_ID", FakeCloudWatchLogsServer.AccessKey),
            ("AWS_SECRET_ACCESS_KEY", FakeCloudWatchLogsServer.SecretKey),
            ("AWS_REGION", "us-east-1"),
            ("AWS_PROFILE", null),
            ("AWS_SESSION_TOKEN", null)))
        {
            Assert.That(await ReconcileCommand.RunAsync(Settings([logs], [], null, fromFiles), CancellationToken.None), Is.Zero);
            Assert.That(
                await ReconcileCommand.RunAsync(Settings([], ["cloudwatch:billing-prod"], server.ServiceUrl.ToString(), fromCloudWatch), CancellationToken.None),
                Is.Zero);
        }

        Assert.That(server.InjectedFaults, Is.GreaterThan(0), "faults were injected");
        Assert.That(Rows(fromCloudWatch, "findings.csv"), Is.EquivalentTo(Rows(fromFiles, "findings.csv")));
        Assert.That(Rows(fromCloudWatch, "approved-executions.csv"), Is.EquivalentTo(Rows(fromFiles, "approved-executions.csv")));
        Assert.That(Rows(fromFiles, "findings.csv"), Has.Count.GreaterThan(30));
    }

    private static ReconcileSettings Settings(IReadOnlyList<string> inputs, IReadOnlyList<string> sources, string? endpoint, string output) => new()
    {
        Inputs = inputs,
        Sources = sources,
        CloudWatchEndpoint = endpoint,
        CatalogDirectory = Path.Combine(RepositoryPaths.Root, "sql-fixtures", "catalog"),
        PolicyFile = Path.Combine(RepositoryPaths.Root, "sql-fixtures", "policy.yaml"),
        From = "2026-12-04T19:51:13.387Z",
        To = "2026-12-04T20:01:13.439Z",
        Cluster = "billing-prod",
        OutputDirectory = output,
        Progress = false,
    };

    /// <summary>Findings or executions as (kind or script, instance, account, connection, query), ignoring ids and sources, which name the file or stream.</summary>
    internal static List<string> Rows(string folder, string file)
    {
        string[] lines = File.ReadAllLines(Path.Combine(folder, file));
        string[] header = lines[0].Split(',');
        int Column(string name) => Array.IndexOf(header, name);
        int first = Column(file == "findings.csv" ? "kind" : "script");
        return lines.Skip(1)
            .Select(line => line.Split(','))
            .Where(cells => cells.Length >= header.Length - 8)
            .Select(cells => string.Join("|", cells[first], cells[Column("instance")], cells[Column("account")], cells[Column("connection_id")], cells[Column("query_id")]))
            .ToList();
    }
}

/// <summary>
/// Sets environment variables for a scope and restores the earlier values afterwards.
/// </summary>
internal sealed class EnvironmentScope : IDisposable
{
    private readonly List<(string Name, string? Value)> _previous = [];

    private EnvironmentScope()
    {
    }

    public static EnvironmentScope Set(params (string Name, string? Value)[] variables)
    {
        EnvironmentScope scope = new();
        foreach ((string name, string? value) in variables)
        {
            scope._previous.Add((name, Environment.GetEnvironmentVariable(name)));
            Environment.SetEnvironmentVariable(name, value);
        }

        return scope;
    }

    public void Dispose()
    {
        foreach ((string name, string? value) in _previous)
        {
            Environment.SetEnvironmentVariable(name, value);
        }
    }
}
