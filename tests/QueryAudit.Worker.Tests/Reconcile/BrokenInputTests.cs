using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace QueryAudit.Worker.Tests.Reconcile;

/// <summary>
/// Broken lines are counted and quarantined with their position while everything else is reconciled.
/// </summary>
public class BrokenInputTests
{
    [Test]
    public async Task Reconcile_BrokenLinesAmongRealOnes_QuarantinedWithPosition()
    {
        string folder = TestPaths.NewTempFolder("broken");
        string log = Path.Combine(folder, "server_audit.log");
        List<byte[]> lines = ReadFixtureLines();
        int total = lines.Count;

        // Insert broken lines at known positions (1-based line numbers in the written file).
        Dictionary<int, byte[]> broken = new()
        {
            [3] = "20261204 19:52:09,vm,investigator,127.0.0.1,18,44971,QUERY,billing,'SELECT COUNT(*) FROM invoi"u8.ToArray(),
            [10] = [0x00, 0xFF, 0xFE, 0x1B, 0x80, 0x81, 0x7F, 0x00, 0x10],
            [11] = [],
            [20] = Encoding.UTF8.GetBytes("20261204 19:52:10,vm,dba_bob,127.0.0.1,18,44972,QUERY,billing,'" + new string('x', 1024 * 1024) + "',0"),
            [21] = "garbage without any commas"u8.ToArray(),
        };
        await using (FileStream stream = File.Create(log))
        {
            int written = 0;
            int next = 0;
            while (next < lines.Count || broken.ContainsKey(written + 1))
            {
                byte[] line = broken.TryGetValue(written + 1, out byte[]? bad) ? bad : lines[next++];
                await stream.WriteAsync(line);
                stream.WriteByte((byte)'\n');
                written++;
            }
        }

        string output = Path.Combine(folder, "out");
        int exitCode = await ReconcileRunner.RunAsync(ReconcileRunner.Settings(log, output));

        Assert.That(exitCode, Is.Zero);
        CsvTable quarantine = CsvTable.Read(Path.Combine(output, "quarantine.csv"));
        List<long> quarantinedLines = quarantine.Rows.Select(r => long.Parse(r["line"], CultureInfo.InvariantCulture)).ToList();
        Assert.That(quarantinedLines, Is.EquivalentTo(new long[] { 3, 10, 11, 20, 21 }));
        Assert.That(quarantine.Rows.All(r => r["source"] == log), Is.True);
        Assert.That(quarantine.Rows.All(r => r["reason"].Length > 0), Is.True);

        CsvTable findings = CsvTable.Read(Path.Combine(output, "findings.csv"));
        Assert.That(findings.Rows.Any(r => r["kind"] == "unparsed_lines" && r["source"] == log), Is.True, "the unparsed lines are a finding of their own");
        Assert.That(findings.Rows.Any(r => r["kind"] == "audit_config_change"), Is.True, "the rest of the log is still reconciled");
        Assert.That(total, Is.GreaterThan(1000));
    }

    [Test]
    public async Task Reconcile_GzipCutInHalf_KeepsLinesReadAndReportsTheCut()
    {
        string folder = TestPaths.NewTempFolder("cut-gzip");
        byte[] whole = await File.ReadAllBytesAsync(Path.Combine(TestPaths.Fixtures, "logs", "mariadb", "server_audit.log.004.gz"));
        string cut = Path.Combine(folder, "server_audit.log.004.gz");
        await File.WriteAllBytesAsync(cut, whole[..(whole.Length / 2)]);
        string output = Path.Combine(folder, "out");
        StringWriter errors = new();
        TextWriter previous = Console.Error;
        Console.SetError(errors);
        int exitCode;
        try
        {
            exitCode = await ReconcileRunner.RunAsync(ReconcileRunner.Settings(cut, output));
        }
        finally
        {
            Console.SetError(previous);
        }

        Assert.That(exitCode, Is.Zero);
        Assert.That(errors.ToString(), Does.Contain(cut));
        CsvTable quarantine = CsvTable.Read(Path.Combine(output, "quarantine.csv"));
        Assert.That(quarantine.Rows.Any(r => r["source"] == cut), Is.True, "the cut is reported as unparsed input");
        using System.Text.Json.JsonDocument manifest = System.Text.Json.JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(output, "manifest.json")));
        Assert.That(manifest.RootElement.GetProperty("counts").GetProperty("events").GetInt64(), Is.GreaterThan(1000), "lines before the cut are kept");
        Assert.That(manifest.RootElement.GetProperty("counts").GetProperty("unparsedLines").GetInt64(), Is.EqualTo(quarantine.Rows.Count), "each quarantine row is one unparsed count");
        Assert.That(quarantine.Rows, Has.Count.EqualTo(1), "the cut line is counted once, not again for the unread rest");
    }

    [Test]
    public async Task Reconcile_EmptyGzipFile_WarnsAndSucceeds()
    {
        string folder = TestPaths.NewTempFolder("empty-gzip");
        string empty = Path.Combine(folder, "server_audit.log.001.gz");
        await File.WriteAllBytesAsync(empty, []);
        string fixture = Path.Combine(TestPaths.Fixtures, "logs", "mariadb", "server_audit.log.004.gz");
        StringWriter errors = new();
        TextWriter previous = Console.Error;
        Console.SetError(errors);
        int exitCode;
        try
        {
            exitCode = await ReconcileRunner.RunAsync(ReconcileRunner.Settings(fixture, Path.Combine(folder, "out")) with { Inputs = [empty, fixture] });
        }
        finally
        {
            Console.SetError(previous);
        }

        Assert.That(exitCode, Is.Zero);
        Assert.That(errors.ToString(), Does.Contain($"warning: {empty} is empty (0 bytes)"));
    }

    [Test]
    public async Task Reconcile_SameFileTwice_ReadOnceAndCountedAsDuplicate()
    {
        string folder = TestPaths.NewTempFolder("duplicate");
        string original = Path.Combine(TestPaths.Fixtures, "logs", "mariadb", "server_audit.log.004.gz");
        string copy = Path.Combine(folder, "copy-of-server_audit.log.004.gz");
        File.Copy(original, copy);
        string once = Path.Combine(folder, "once");
        string twice = Path.Combine(folder, "twice");

        await ReconcileRunner.RunAsync(ReconcileRunner.Settings(original, once));
        await ReconcileRunner.RunAsync(ReconcileRunner.Settings(original, twice) with { Inputs = [original, copy] });

        using System.Text.Json.JsonDocument manifest = System.Text.Json.JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(twice, "manifest.json")));
        System.Text.Json.JsonElement inputs = manifest.RootElement.GetProperty("inputs");
        Assert.That(inputs.GetArrayLength(), Is.EqualTo(2));
        Assert.That(inputs.EnumerateArray().Count(i => i.GetProperty("duplicate").GetBoolean()), Is.EqualTo(1));
        long duplicateLines = inputs.EnumerateArray().Single(i => i.GetProperty("duplicate").GetBoolean()).GetProperty("lines").GetInt64();
        Assert.That(duplicateLines, Is.GreaterThan(1000));
        Assert.That(manifest.RootElement.GetProperty("counts").GetProperty("duplicatesRemoved").GetInt64(), Is.EqualTo(duplicateLines));

        // Finding ids name the event, not the file, so reading the copy first gives the same ids.
        Assert.That(
            CsvTable.Read(Path.Combine(twice, "findings.csv")).Rows.Select(r => (r["id"], r["kind"], r["connection_id"], r["query_id"])),
            Is.EquivalentTo(CsvTable.Read(Path.Combine(once, "findings.csv")).Rows.Select(r => (r["id"], r["kind"], r["connection_id"], r["query_id"]))));
    }

    [Test]
    public async Task Reconcile_MissingInput_FailsNamingThePath()
    {
        string folder = TestPaths.NewTempFolder("missing");
        StringWriter errors = new();
        TextWriter previous = Console.Error;
        Console.SetError(errors);
        int exitCode;
        try
        {
            exitCode = await ReconcileRunner.RunAsync(ReconcileRunner.Settings(Path.Combine(folder, "nope.log"), Path.Combine(folder, "out")));
        }
        finally
        {
            Console.SetError(previous);
        }

        Assert.That(exitCode, Is.EqualTo(1));
        Assert.That(errors.ToString(), Does.Contain("nope.log"));
    }

    [Test]
    public async Task Reconcile_InvalidPolicy_FailsNamingFileAndLine()
    {
        string folder = TestPaths.NewTempFolder("policy");
        string policy = Path.Combine(folder, "policy.yaml");
        await File.WriteAllTextAsync(policy, "time-zone: Asia/Tokyo\ngap-threshold: soon\n");
        StringWriter errors = new();
        TextWriter previous = Console.Error;
        Console.SetError(errors);
        int exitCode;
        try
        {
            exitCode = await ReconcileRunner.RunAsync(ReconcileRunner.Settings(Path.Combine(TestPaths.Fixtures, "logs", "mariadb"), Path.Combine(folder, "out")) with { PolicyFile = policy });
        }
        finally
        {
            Console.SetError(previous);
        }

        Assert.That(exitCode, Is.EqualTo(1));
        Assert.That(errors.ToString(), Does.Contain(policy + ":2:"));
        Assert.That(errors.ToString(), Does.Contain("soon"));
    }

    private static List<byte[]> ReadFixtureLines()
    {
        List<byte[]> lines = [];
        foreach (string file in new[] { "server_audit.log.005.gz", "server_audit.log.004.gz" })
        {
            using GZipStream gzip = new(File.OpenRead(Path.Combine(TestPaths.Fixtures, "logs", "mariadb", file)), CompressionMode.Decompress);
            using MemoryStream buffer = new();
            gzip.CopyTo(buffer);
            byte[] bytes = buffer.ToArray();
            int start = 0;
            for (int i = 0; i < bytes.Length; i++)
            {
                if (bytes[i] == (byte)'\n')
                {
                    lines.Add(bytes[start..i]);
                    start = i + 1;
                }
            }
        }

        return lines;
    }
}
