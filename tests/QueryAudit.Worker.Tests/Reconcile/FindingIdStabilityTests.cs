using QueryAudit.Core.State;
using QueryAudit.Storage;

namespace QueryAudit.Worker.Tests.Reconcile;

/// <summary>
/// Finding ids name the audit event, not the file it was read from, so that triage decisions survive reading the
/// same logs by another path, from a copy or after log rotation renamed a file.
/// </summary>
public class FindingIdStabilityTests
{
    private static string Logs => Path.Combine(TestPaths.Fixtures, "logs", "mariadb");

    [Test]
    public async Task FixtureLogs_IdsUniqueWithinRun()
    {
        IReadOnlyList<string> ids = await IdsAsync(Logs, TestPaths.NewTempFolder("ids-unique"));

        Assert.That(ids, Has.Count.EqualTo(51));
        Assert.That(ids, Is.Unique);
    }

    [Test]
    public async Task RelativePath_GivesSameIds()
    {
        string folder = TestPaths.NewTempFolder("ids-relative");
        string relative = Path.GetRelativePath(Environment.CurrentDirectory, Logs);
        Assume.That(Path.IsPathRooted(relative), Is.False, "the fixture must be reachable by a relative path");

        Assert.That(await IdsAsync(relative, folder), Is.EqualTo(await IdsAsync(Logs, folder)));
    }

    [Test]
    public async Task CopiedFolder_GivesSameIds()
    {
        string folder = TestPaths.NewTempFolder("ids-copied");
        string copy = CopyLogs(folder, name => name);

        Assert.That(await IdsAsync(copy, folder), Is.EqualTo(await IdsAsync(Logs, folder)));
    }

    [Test]
    public async Task RotatedFileNames_GiveSameIds()
    {
        // Rotation renames the live log to the next number and each numbered log one number up.
        string folder = TestPaths.NewTempFolder("ids-rotated");
        string rotated = CopyLogs(folder, name => name == "server_audit.log.gz"
            ? "server_audit.log.001.gz"
            : $"server_audit.log.{int.Parse(name.Split('.')[2], System.Globalization.CultureInfo.InvariantCulture) + 1:000}.gz");

        Assert.That(await IdsAsync(rotated, folder), Is.EqualTo(await IdsAsync(Logs, folder)));
    }

    [Test]
    public async Task StoreFromTwoPaths_Keeps51Findings()
    {
        string folder = TestPaths.NewTempFolder("ids-store");
        string store = "sqlite:" + Path.Combine(folder, "queryaudit.db");
        string copy = CopyLogs(folder, name => name);

        Assert.That(await ReconcileRunner.RunAsync(ReconcileRunner.Settings(Logs, Path.Combine(folder, "first")) with { Store = store }), Is.Zero);
        Assert.That(await ReconcileRunner.RunAsync(ReconcileRunner.Settings(copy, Path.Combine(folder, "second")) with { Store = store }), Is.Zero);

        await using IStateStore state = await StateStoreLocation.OpenAsync(store, TimeProvider.System, CancellationToken.None);
        IReadOnlyList<StoredFinding> findings = await state.FindFindingsAsync(FindingFilter.All, CancellationToken.None);
        Assert.That(findings, Has.Count.EqualTo(51));
    }

    /// <summary>Reconciles <paramref name="input"/> and returns the finding ids of findings.csv, sorted.</summary>
    private static async Task<IReadOnlyList<string>> IdsAsync(string input, string folder)
    {
        string output = Path.Combine(folder, "report-" + Guid.NewGuid().ToString("N")[..8]);
        Assert.That(await ReconcileRunner.RunAsync(ReconcileRunner.Settings(input, output)), Is.Zero);
        return CsvTable.Read(Path.Combine(output, "findings.csv")).Rows.Select(r => r["id"]).Order(StringComparer.Ordinal).ToList();
    }

    private static string CopyLogs(string folder, Func<string, string> rename)
    {
        string copy = Path.Combine(folder, "copied-logs");
        Directory.CreateDirectory(copy);
        foreach (string file in Directory.GetFiles(Logs))
        {
            File.Copy(file, Path.Combine(copy, rename(Path.GetFileName(file))));
        }

        return copy;
    }
}
