namespace QueryAudit.Worker.Tests.Reconcile;

/// <summary>
/// Command-line errors exit 2 with a message; input errors exit 1 naming the file or value; a failed run leaves an
/// earlier report folder as it was.
/// </summary>
[NonParallelizable]
public class CommandLineTests
{
    [TestCase("reconcile", "x.log")]
    [TestCase("reconcile", "x.log", "--catalog", "c", "--policy", "p", "--out", "o")]
    [TestCase("reconcile", "x.log", "--catalog", "c", "--policy", "p", "--out", "o", "--period", "2026-12", "--from", "2026-12-01T00:00:00Z", "--to", "2026-12-02T00:00:00Z")]
    [TestCase("reconcile", "x.log", "--catalog", "c", "--policy", "p", "--out", "o", "--period", "2026-12", "--lang", "fr")]
    [TestCase("reconcile", "x.log", "--catalog", "c", "--policy", "p", "--out", "o", "--period", "2026-12", "--langg", "ja")]
    [TestCase("reconcile", "x.log", "--catalog", "c", "--policy", "p", "--out", "o", "--period", "2026-12", "--query-log-limit", "-5")]
    [TestCase("reconcile", "x.log", "--catalog", "c", "--policy", "p", "--out", "o", "--period", "2026-12", "--threads", "0")]
    [TestCase("no-such-command")]
    public async Task InvalidCommandLine_ExitsTwoWithMessage(params string[] args)
    {
        (int exitCode, string errors) = await RunAsync(args);

        Assert.That(exitCode, Is.EqualTo(2));
        Assert.That(errors, Does.Contain("error:"));
    }

    [TestCase("bogus:x", "must start with sqlite:")]
    [TestCase("sqlite:", "needs a file path")]
    [TestCase("mysql:Password=SECRET;Server=127.0.0.1;Port=notanumber", "not a valid connection string")]
    [TestCase("mysql:Server=127.0.0.1;Database=d;Password=SECRET;Bogus=1", "not a valid connection string")]
    [TestCase("mysql:Password=SECRET;Server=127.0.0.1", "names no database")]
    public async Task InvalidStore_ExitsTwoWithoutTheValue(string store, string expected)
    {
        (int exitCode, string errors) = await RunAsync(
            ["reconcile", "x.log", "--catalog", "c", "--policy", "p", "--out", "o", "--period", "2026-12", "--store", store]);

        Assert.That(exitCode, Is.EqualTo(2), errors);
        Assert.That(errors, Does.Contain("Invalid --store: ").And.Contain(expected));
        Assert.That(errors, Does.Not.Contain("SECRET"), "a connection string's password must not be printed");
        Assert.That(errors, Does.Not.Contain("(Parameter").And.Not.Contain("Exception"));
    }

    [TestCase("--threads", "abc", "a whole number")]
    [TestCase("--threads", "99999999999", "a whole number")]
    [TestCase("--retention-days", "abc", "a whole number")]
    [TestCase("--query-log-limit", "1k", "a whole number")]
    public async Task UnconvertibleReconcileValue_ExitsTwoNamingIt(string option, string value, string expected)
    {
        (int exitCode, string errors) = await RunAsync(
            ["reconcile", "x.log", "--catalog", "c", "--policy", "p", "--out", "o", "--period", "2026-12", option, value]);

        Assert.That(exitCode, Is.EqualTo(2), errors);
        Assert.That(errors, Does.Contain($"invalid value '{value}' for {option}"));
        Assert.That(errors, Does.Contain(expected));
        Assert.That(errors, Does.Not.Contain("Exception"));
    }

    [TestCase("findings", "list", "--limit", "x")]
    [TestCase("health", "--timeout", "soon")]
    [TestCase("findings", "list", "--limit", "99999999999")]
    public async Task UnconvertibleValueOfOtherCommands_ExitsTwo(params string[] args)
    {
        (int exitCode, string errors) = await RunAsync(args);

        Assert.That(exitCode, Is.EqualTo(2), errors);
        Assert.That(errors, Does.Contain($"invalid value '{args[^1]}' for {args[^2]}"));
        Assert.That(errors, Does.Not.Contain("System."));
    }

    [TestCase("--period", "2026-13", "Invalid --period '2026-13'")]
    [TestCase("--time-zone", "Mars/Olympus", "Unknown time zone 'Mars/Olympus' in --time-zone")]
    [TestCase("--log-time-zone", "X", "Unknown time zone 'X' in --log-time-zone")]
    public async Task InvalidPeriodOrZone_ExitsTwoNamingOption(string option, string value, string expected)
    {
        string[] period = option == "--period" ? [] : ["--period", "2026-12"];
        (int exitCode, string errors) = await RunAsync(
            ["reconcile", "x.log", "--catalog", "c", "--policy", "p", "--out", "o", .. period, option, value]);

        Assert.That(exitCode, Is.EqualTo(2), errors);
        Assert.That(errors, Does.Contain(expected));
    }

    [TestCase("24h")]
    [TestCase("00:00:00")]
    [TestCase("-01:00:00")]
    [TestCase("soon")]
    public async Task InvalidRedeliveryWindow_ExitsTwoNamingIt(string value)
    {
        (int exitCode, string errors) = await RunAsync(
            ["reconcile", "--source", "s3://audit-archive/firehose/", "--catalog", "c", "--policy", "p", "--out", "o", "--period", "2026-12", "--redelivery-window", value]);

        Assert.That(exitCode, Is.EqualTo(2), errors);
        Assert.That(errors, Does.Contain($"Invalid --redelivery-window '{value}': give a positive time span as HH:MM:SS or D.HH:MM:SS"));
    }

    [Test]
    public async Task InvalidFrom_ExitsTwoNamingOption()
    {
        (int exitCode, string errors) = await RunAsync(
            ["reconcile", "x.log", "--catalog", "c", "--policy", "p", "--out", "o", "--from", "yesterday", "--to", "2026-12-05"]);

        Assert.That(exitCode, Is.EqualTo(2), errors);
        Assert.That(errors, Does.Contain("Invalid --from 'yesterday'"));
    }

    [TestCase("fingerprint", "--bogus")]
    [TestCase("verify", "--bogus")]
    [TestCase("catalog", "check", "--bogus")]
    [TestCase("reconcile", "x.log", "--catalog", "c", "--policy", "p", "--out", "o", "--period", "2026-12", "--bogus")]
    public async Task UnknownOption_ExitsTwoNamingIt(params string[] args)
    {
        (int exitCode, string errors) = await RunAsync(args);

        Assert.That(exitCode, Is.EqualTo(2), errors);
        Assert.That(errors, Does.Contain("Unknown option '--bogus'"));
        Assert.That(errors.Split("--help").Length - 1, Is.EqualTo(1), "the --help hint must be printed once");
    }

    [TestCase("fingerprint", "-x")]
    [TestCase("verify", "-x")]
    [TestCase("catalog", "check", "-x")]
    public async Task UnknownShortOption_ExitsTwoNamingIt(params string[] args)
    {
        // `fingerprint -x` read -x as a file name and exited 1 with "Could not find file".
        (int exitCode, string errors) = await RunAsync(args);

        Assert.That(exitCode, Is.EqualTo(2), errors);
        Assert.That(errors, Does.Contain("Unknown option '-x'"));
        Assert.That(errors, Does.Contain("put '--' before a file name that starts with '-'"));
    }

    [TestCase("--bogus")]
    [TestCase("-x")]
    public async Task OptionLikeFileAfterDoubleDash_IsReadAsFile(string name)
    {
        (int exitCode, string errors) = await RunAsync(["fingerprint", "--", name]);

        Assert.That(exitCode, Is.EqualTo(1), errors);
        Assert.That(errors, Does.Contain($"cannot read {name}"));
    }

    [Test]
    public async Task ReadmeCommand_ParsesAndRuns()
    {
        string output = Path.Combine(TestPaths.NewTempFolder("readme-command"), "demo");

        (int exitCode, string errors) = await RunAsync(
        [
            "reconcile", Path.Combine(TestPaths.Fixtures, "logs", "mariadb"),
            "--catalog", ReconcileRunner.Catalog, "--policy", ReconcileRunner.Policy,
            "--from", "2026-12-04T19:51:13.387Z", "--to", "2026-12-04T20:01:13.439Z",
            "--cluster", "billing-prod", "--out", output,
        ]);

        Assert.That(exitCode, Is.Zero, errors);
        Assert.That(File.Exists(Path.Combine(output, "report.pdf")), Is.True);
    }

    [Test]
    public async Task MissingCatalogFolder_ExitsOneNamingIt()
    {
        string folder = TestPaths.NewTempFolder("no-catalog");
        string catalog = Path.Combine(folder, "nocatalog");

        (int exitCode, string errors) = await RunAsync(
            ["reconcile", Path.Combine(TestPaths.Fixtures, "logs", "mariadb"), "--catalog", catalog, "--policy", ReconcileRunner.Policy, "--period", "2026-12", "--out", Path.Combine(folder, "out")]);

        Assert.That(exitCode, Is.EqualTo(1));
        Assert.That(errors, Does.Contain(catalog));
    }

    [TestCase("reconcile")]
    [TestCase("catalog")]
    public async Task UnclosedBraceInPolicy_NamesFileAndLine(string command)
    {
        string folder = TestPaths.NewTempFolder("policy-yaml");
        string policy = Path.Combine(folder, "pol.yaml");
        string[] lines = File.ReadAllLines(ReconcileRunner.Policy);
        int broken = Array.FindIndex(lines, line => line.Contains("match: dba_bob", StringComparison.Ordinal));
        lines[broken] = lines[broken].Replace(" }", "", StringComparison.Ordinal);
        File.WriteAllLines(policy, lines);
        string[] args = command == "reconcile"
            ? ["reconcile", Path.Combine(TestPaths.Fixtures, "logs", "mariadb"), "--catalog", ReconcileRunner.Catalog, "--policy", policy, "--period", "2026-12", "--out", Path.Combine(folder, "out")]
            : ["catalog", "check", ReconcileRunner.Catalog, "--policy", policy];

        (int exitCode, string errors) = await RunAsync(args);

        Assert.That(exitCode, Is.Not.Zero);
        Assert.That(errors, Does.Contain($"{policy}:{broken + 1}: invalid YAML"));
        Assert.That(errors, Does.Not.Contain("Exception"));
    }

    [Test]
    public async Task PolicyFolder_SaysItIsAFolder()
    {
        string folder = TestPaths.NewTempFolder("policy-folder");

        (int exitCode, string errors) = await RunAsync(
            ["reconcile", Path.Combine(TestPaths.Fixtures, "logs", "mariadb"), "--catalog", ReconcileRunner.Catalog, "--policy", folder, "--period", "2026-12", "--out", Path.Combine(folder, "out")]);

        Assert.That(exitCode, Is.EqualTo(1));
        Assert.That(errors, Does.Contain($"{folder}: is a folder; give the policy YAML file"));
    }

    [Test]
    public async Task UncreatableOut_NamesOption()
    {
        string output = "/proc/queryaudit-no-such-folder";

        (int exitCode, string errors) = await RunAsync(
            ["reconcile", Path.Combine(TestPaths.Fixtures, "logs", "mariadb"), "--catalog", ReconcileRunner.Catalog, "--policy", ReconcileRunner.Policy, "--period", "2026-12", "--out", output]);

        Assert.That(exitCode, Is.EqualTo(1));
        Assert.That(errors, Does.Contain($"cannot create the --out folder '{output}'"));
    }

    [Test]
    public async Task UnreachableMySqlStore_HidesPassword()
    {
        // Port 1 on the loopback address has no server, so opening the store fails after the command line was accepted.
        string folder = TestPaths.NewTempFolder("unreachable-store");

        (int exitCode, string errors) = await RunAsync(
            ["reconcile", Path.Combine(TestPaths.Fixtures, "logs", "mariadb", "server_audit.log.004.gz"), "--catalog", ReconcileRunner.Catalog, "--policy", ReconcileRunner.Policy,
                "--period", "2026-12", "--out", Path.Combine(folder, "out"), "--store", "mysql:Server=127.0.0.1;Port=1;Database=d;User ID=u;Password=SECRET;Connection Timeout=5"]);

        Assert.That(exitCode, Is.EqualTo(1));
        Assert.That(errors, Does.Contain("error: the state store mysql:127.0.0.1:1/d failed"));
        Assert.That(errors, Does.Not.Contain("SECRET"));
    }

    [Test]
    public async Task GarbageStoreFile_NamesPath()
    {
        string folder = TestPaths.NewTempFolder("garbage-store");
        string store = Path.Combine(folder, "g.db");
        await File.WriteAllTextAsync(store, "garbage, not an SQLite file, but long enough to hold a header\n");

        (int exitCode, string errors) = await RunAsync(
            ["reconcile", Path.Combine(TestPaths.Fixtures, "logs", "mariadb", "server_audit.log.004.gz"), "--catalog", ReconcileRunner.Catalog, "--policy", ReconcileRunner.Policy,
                "--period", "2026-12", "--out", Path.Combine(folder, "out"), "--store", "sqlite:" + store]);

        Assert.That(exitCode, Is.EqualTo(1));
        Assert.That(errors, Does.Contain($"{store} is not a SQLite database"));
    }

    [Test]
    public async Task FailedRun_LeavesEarlierReportUntouched()
    {
        string folder = TestPaths.NewTempFolder("keep-report");
        string output = Path.Combine(folder, "out");
        string log = Path.Combine(TestPaths.Fixtures, "logs", "mariadb", "server_audit.log.004.gz");
        Assert.That(await ReconcileRunner.RunAsync(ReconcileRunner.Settings(log, output)), Is.Zero);
        Dictionary<string, byte[]> before = Directory.GetFiles(output).ToDictionary(f => Path.GetFileName(f), File.ReadAllBytes);

        (int exitCode, _) = await RunAsync(
            ["reconcile", log, "--catalog", ReconcileRunner.Catalog, "--policy", Path.Combine(folder, "missing.yaml"), "--period", "2026-12", "--out", output]);

        Assert.That(exitCode, Is.EqualTo(1));
        foreach ((string name, byte[] bytes) in before)
        {
            Assert.That(File.ReadAllBytes(Path.Combine(output, name)), Is.EqualTo(bytes), name);
        }

        Assert.That(Directory.GetDirectories(output), Is.Empty, "no staging folder is left behind");
    }

    [Test]
    public async Task PeriodWithoutEvents_WarnsAndReportsWholePeriodGap()
    {
        string folder = TestPaths.NewTempFolder("empty-period");
        string output = Path.Combine(folder, "out");

        (int exitCode, string errors) = await RunAsync(
            ["reconcile", Path.Combine(TestPaths.Fixtures, "logs", "mariadb"), "--catalog", ReconcileRunner.Catalog, "--policy", ReconcileRunner.Policy, "--period", "2026-11", "--out", output]);

        Assert.That(exitCode, Is.Zero);
        Assert.That(errors, Does.Contain("no audit event fell inside the period 2026-11"));
        CsvTable findings = CsvTable.Read(Path.Combine(output, "findings.csv"));
        Assert.That(findings.Rows.Single(r => r["kind"] == "log_gap")["severity"], Is.EqualTo("critical"));
    }

    [Test]
    public async Task InvalidApprovalHeader_IsCatalogProblemFinding()
    {
        string folder = TestPaths.NewTempFolder("bad-header");
        string catalog = Path.Combine(folder, "catalog");
        CopyFolder(ReconcileRunner.Catalog, catalog);
        string script = Path.Combine(catalog, "operations", "OPS-2026-1201__fix_negative_balances.sql");
        await File.WriteAllTextAsync(script, (await File.ReadAllTextAsync(script)).Replace("approved-by:", "aproved-by:", StringComparison.Ordinal));
        string output = Path.Combine(folder, "out");

        int exitCode = await ReconcileRunner.RunAsync(ReconcileRunner.Settings(Path.Combine(TestPaths.Fixtures, "logs", "mariadb"), output) with { CatalogDirectory = catalog });

        Assert.That(exitCode, Is.Zero);
        CsvTable findings = CsvTable.Read(Path.Combine(output, "findings.csv"));
        Assert.That(findings.Rows.Any(r => r["kind"] == "catalog_problem" && r["source"].Contains("OPS-2026-1201", StringComparison.Ordinal)), Is.True);
        Assert.That(findings.Rows.Any(r => r["connection_id"] == "20" && r["kind"] == "unapproved_write"), Is.True, "the script's run is no longer approved");
    }

    [Test]
    public async Task CompressedAndPlainCopies_ReadOnce()
    {
        string folder = TestPaths.NewTempFolder("gz-and-plain");
        string gz = Path.Combine(TestPaths.Fixtures, "logs", "mariadb", "server_audit.log.004.gz");
        string plain = Path.Combine(folder, "server_audit.log.4");
        await using (FileStream source = File.OpenRead(gz))
        await using (System.IO.Compression.GZipStream gzip = new(source, System.IO.Compression.CompressionMode.Decompress))
        await using (FileStream target = File.Create(plain))
        {
            await gzip.CopyToAsync(target);
        }

        string once = Path.Combine(folder, "once");
        string both = Path.Combine(folder, "both");
        await ReconcileRunner.RunAsync(ReconcileRunner.Settings(gz, once));
        await ReconcileRunner.RunAsync(ReconcileRunner.Settings(gz, both) with { Inputs = [gz, plain] });

        Assert.That(CsvTable.Read(Path.Combine(both, "findings.csv")).Rows, Has.Count.EqualTo(CsvTable.Read(Path.Combine(once, "findings.csv")).Rows.Count));
        Assert.That(CsvTable.Read(Path.Combine(both, "findings.csv")).Rows.Any(r => r["kind"] == "max_runs_exceeded"), Is.False);
    }

    [TestCase("x,'secret value',y", "x,'?',y")]
    [TestCase("a 'it\\'s' b 'O''Brien' c", "a '?' b '?' c")]
    [TestCase("cut 'taro.yamada@exam", "cut '?")]
    [TestCase("no quotes", "no quotes")]
    public void QuarantinePreview_MasksQuotedText(string preview, string expected)
    {
        Assert.That(QueryAudit.Worker.Reconcile.QuarantineCsvWriter.MaskQuoted(preview), Is.EqualTo(expected));
    }

    [TestCase("=HYPERLINK(\"http://127.0.0.1/\")", "'=HYPERLINK(\"http://127.0.0.1/\")")]
    [TestCase("@SUM(A1)", "'@SUM(A1)")]
    [TestCase("-2+3", "'-2+3")]
    [TestCase("plain text", "plain text")]
    public void QuarantineCsv_FormulaPreview_IsNeutralized(string preview, string expected)
    {
        string file = Path.Combine(Path.GetTempPath(), "queryaudit-quarantine-" + Guid.NewGuid().ToString("N") + ".csv");
        try
        {
            using (QueryAudit.Worker.Reconcile.QuarantineCsvWriter writer = new(file, includeLiterals: true))
            {
                writer.Write(new QueryAudit.Core.Audit.QuarantinedLine(new QueryAudit.Core.Audit.SourcePosition("=x.log", 3), "+reason", preview, preview.Length));
            }

            CsvTable table = CsvTable.Read(file);
            Assert.That(table.Rows[0]["preview"], Is.EqualTo(expected));
            Assert.That(table.Rows[0]["source"], Is.EqualTo("'=x.log"));
            Assert.That(table.Rows[0]["reason"], Is.EqualTo("'+reason"));
            Assert.That(table.Rows[0]["line"], Is.EqualTo("3"));
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static async Task<(int ExitCode, string Errors)> RunAsync(string[] args)
    {
        StringWriter errors = new();
        TextWriter previousError = Console.Error;
        TextWriter previousOut = Console.Out;
        Console.SetError(errors);
        Console.SetOut(new StringWriter());
        try
        {
            int exitCode = await Program.RunAsync(args);
            return (exitCode, errors.ToString());
        }
        finally
        {
            Console.SetError(previousError);
            Console.SetOut(previousOut);
        }
    }

    private static void CopyFolder(string from, string to)
    {
        foreach (string file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            string target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
