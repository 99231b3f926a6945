using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using QueryAudit.Core.State;
using QueryAudit.Storage;

namespace QueryAudit.Worker.Tests.Hosting;

/// <summary>
/// A temporary folder with a copy of the fixture MariaDB logs and a SQLite store path, and the settings of
/// <c>queryaudit run</c> over them.
/// </summary>
internal sealed class ServiceFixture
{
    public ServiceFixture(string name)
    {
        Folder = TestPaths.NewTempFolder(name);
        Logs = Path.Combine(Folder, "logs");
        Directory.CreateDirectory(Logs);
        foreach (string file in Directory.GetFiles(SourceLogs, "*.gz"))
        {
            File.Copy(file, Path.Combine(Logs, Path.GetFileName(file)));
        }

        StoreFolder = Path.Combine(Folder, "state");
        Directory.CreateDirectory(StoreFolder);
        Store = "sqlite:" + Path.Combine(StoreFolder, "queryaudit.db");
        HealthPort = FreePort();
    }

    private ServiceFixture(ServiceFixture other, string storeName)
    {
        Folder = other.Folder;
        Logs = other.Logs;
        StoreFolder = Path.Combine(Folder, storeName);
        Directory.CreateDirectory(StoreFolder);
        Store = "sqlite:" + Path.Combine(StoreFolder, "queryaudit.db");
        HealthPort = FreePort();
    }

    public string Folder { get; }

    public string Logs { get; }

    public string StoreFolder { get; }

    public string Store { get; }

    public int HealthPort { get; }

    /// <summary>Returns a fixture over the same log files (same paths, so the same finding ids) with its own store.</summary>
    public ServiceFixture WithOwnStore(string storeName) => new(this, storeName);

    /// <summary>
    /// Name of the environment variable that points the service tests at another folder of gzip audit logs, such as a
    /// month from bench/generate-month.py, in place of the fixture logs.
    /// </summary>
    public const string LogsVariable = "QUERYAUDIT_TEST_LOGS";

    /// <summary>The folder whose gzip logs (<c>*.gz</c>) each fixture copies: <see cref="LogsVariable"/> when set, else the fixture MariaDB logs.</summary>
    public static string SourceLogs { get; } =
        Environment.GetEnvironmentVariable(LogsVariable) is { Length: > 0 } folder ? folder : Path.Combine(TestPaths.Fixtures, "logs", "mariadb");

    /// <summary>Lines of all fixture logs; each is one audit event.</summary>
    public static long TotalLines { get; } = CountLines();

    /// <summary>Settings as command-line arguments; <paramref name="extra"/> overrides or adds.</summary>
    public List<string> Arguments(params string[] extra) =>
    [
        "--Store=" + Store,
        "--Sources:0=" + Logs,
        "--Catalog=" + Path.Combine(TestPaths.Fixtures, "catalog"),
        "--Policy=" + Path.Combine(TestPaths.Fixtures, "policy.yaml"),
        "--Health:Port=" + HealthPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        "--Ingestion:MaxLag=3650.00:00:00",
        "--Ingestion:PollInterval=00:00:01",
        .. extra,
    ];

    public async Task<IStateStore> OpenStoreAsync() =>
        await StateStoreLocation.OpenAsync(Store, TimeProvider.System, CancellationToken.None);

    /// <summary>Returns the events stored so far, summed over every instance and hour.</summary>
    public async Task<long> StoredEventsAsync()
    {
        if (!File.Exists(Store["sqlite:".Length..]))
        {
            return 0;
        }

        await using IStateStore store = await OpenStoreAsync();
        IReadOnlyList<HourlyEventCount> counts = await store.EventCountsAsync(DateTimeOffset.MinValue.AddYears(1), DateTimeOffset.MaxValue.AddYears(-1), CancellationToken.None);
        return counts.Sum(c => c.Events);
    }

    /// <summary>Waits until <paramref name="condition"/> holds; fails the test after <paramref name="timeout"/>.</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what, int pollMilliseconds = 500)
    {
        using CancellationTokenSource deadline = new(timeout);
        while (!await condition())
        {
            if (deadline.IsCancellationRequested)
            {
                Assert.Fail($"Timed out after {timeout} waiting for {what}.");
            }

            // Each check opens the store; checking more often slows the worker that writes to it.
            await Task.Delay(pollMilliseconds);
        }
    }

    private static int FreePort()
    {
        using TcpListener listener = new(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static long CountLines()
    {
        long lines = 0;
        foreach (string file in Directory.GetFiles(SourceLogs, "*.gz"))
        {
            using FileStream stream = File.OpenRead(file);
            using GZipStream gzip = new(stream, CompressionMode.Decompress);
            using StreamReader reader = new(gzip);
            while (reader.ReadLine() is not null)
            {
                lines++;
            }
        }

        return lines;
    }
}
