using System.Diagnostics;
using QueryAudit.Worker.Reconcile;

namespace QueryAudit.Worker.Tests.Reconcile;

/// <summary>
/// <c>reconcile --threads 1</c> and <c>--threads 2</c> write byte-identical report folders: the same findings with
/// the same ids in the same order, the same counters, the same manifest.
/// </summary>
public class ThreadCountTests
{
    // Every file a run writes. The PDF and the manifest hold the ids, counts and hashes of all the others.
    private static readonly string[] ReportFiles =
        ["findings.csv", "approved-executions.csv", "report.json", "quarantine.csv", "report.pdf", "manifest.json"];

    [TestCase("mariadb")]
    [TestCase("aurora")]
    public async Task Fixture_SameFilesForOneAndTwoThreads(string layout)
    {
        string folder = TestPaths.NewTempFolder("threads-" + layout);
        ReconcileSettings settings = ReconcileRunner.Settings(Path.Combine(TestPaths.Fixtures, "logs", layout), "");

        await AssertSameFilesAsync(settings, folder);
    }

    [Test]
    public async Task GeneratedMonth_SameFilesForOneAndTwoThreads()
    {
        string folder = TestPaths.NewTempFolder("threads-month");
        string month = Path.Combine(folder, "month");
        await GenerateMonthAsync(month, events: 150_000);
        ReconcileSettings settings = ReconcileRunner.Settings(month, "") with { From = null, To = null, Period = "2026-12" };

        await AssertSameFilesAsync(settings, folder);
        CsvTable findings = CsvTable.Read(Path.Combine(folder, "threads-2", "findings.csv"));
        Assert.That(findings.Rows.Count(r => r["connection_id"].StartsWith("50001", StringComparison.Ordinal)), Is.GreaterThan(0), "the first replay of the planted connections is found");
    }

    [Test]
    public async Task CutGzipAndDuplicate_SameFilesForOneAndTwoThreads()
    {
        string folder = TestPaths.NewTempFolder("threads-broken");
        string logs = Path.Combine(folder, "logs");
        Directory.CreateDirectory(logs);
        string mariadb = Path.Combine(TestPaths.Fixtures, "logs", "mariadb");
        foreach (string file in Directory.GetFiles(mariadb))
        {
            File.Copy(file, Path.Combine(logs, Path.GetFileName(file)));
        }

        // A file cut short in the middle of the rotation, and a copy of another file under a second name: the error,
        // the quarantined cut and the duplicate must come out the same, in the same place.
        byte[] whole = await File.ReadAllBytesAsync(Path.Combine(mariadb, "server_audit.log.004.gz"));
        await File.WriteAllBytesAsync(Path.Combine(logs, "server_audit.log.004.gz"), whole[..(whole.Length / 2)]);
        File.Copy(Path.Combine(mariadb, "server_audit.log.002.gz"), Path.Combine(logs, "server_audit.log.0025.gz"));
        ReconcileSettings settings = ReconcileRunner.Settings(logs, "");

        await AssertSameFilesAsync(settings, folder);
        // The cut falls inside line 3667, so that line is quarantined once and no second row is added for the rest;
        // report.json lists the file as not read to its end from there.
        string cut = Path.Combine(logs, "server_audit.log.004.gz");
        CsvTable quarantine = CsvTable.Read(Path.Combine(folder, "threads-2", "quarantine.csv"));
        Assert.That(quarantine.Rows.Count(r => r["source"] == cut), Is.EqualTo(1), "the cut is quarantined once");
        using (System.Text.Json.JsonDocument report = System.Text.Json.JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(folder, "threads-2", "report.json"))))
        {
            System.Text.Json.JsonElement unread = report.RootElement.GetProperty("completeness").GetProperty("not_read_to_end").EnumerateArray().Single();
            Assert.That(unread.GetProperty("source").GetString(), Is.EqualTo(cut));
        }

        string manifest = await File.ReadAllTextAsync(Path.Combine(folder, "threads-2", "manifest.json"));
        Assert.That(manifest, Does.Contain("\"duplicate\": true"));
    }

    private static async Task AssertSameFilesAsync(ReconcileSettings settings, string folder)
    {
        string one = Path.Combine(folder, "threads-1");
        string two = Path.Combine(folder, "threads-2");

        int exitOne = await ReconcileRunner.RunAsync(settings with { OutputDirectory = one, Threads = 1 });
        int exitTwo = await ReconcileRunner.RunAsync(settings with { OutputDirectory = two, Threads = 2 });

        Assert.That(exitOne, Is.Zero);
        Assert.That(exitTwo, Is.Zero);
        Assert.That(CsvTable.Read(Path.Combine(one, "findings.csv")).Rows, Is.Not.Empty, "the input yields findings to compare");
        foreach (string file in ReportFiles)
        {
            byte[] expected = await File.ReadAllBytesAsync(Path.Combine(one, file));
            byte[] actual = await File.ReadAllBytesAsync(Path.Combine(two, file));
            Assert.That(actual, Is.EqualTo(expected), $"{file} differs between 1 and 2 threads");
        }
    }

    /// <summary>Runs bench/generate-month.py on the fixture capture (seeded, so the month is the same every time).</summary>
    private static async Task GenerateMonthAsync(string output, int events)
    {
        ProcessStartInfo start = new("python3")
        {
            ArgumentList =
            {
                Path.Combine(TestPaths.Root, "bench", "generate-month.py"),
                "--fixture-only", "--events", events.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--replays", "2", "--out", output,
            },
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using Process process = Process.Start(start) ?? throw new InvalidOperationException("python3 did not start; run scripts/install-test-deps.sh.");
        string errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.That(process.ExitCode, Is.Zero, $"bench/generate-month.py failed: {errors}");
    }
}
