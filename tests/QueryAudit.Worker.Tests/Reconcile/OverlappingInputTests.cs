using System.Text.Json;
using NUnit.Framework;

namespace QueryAudit.Worker.Tests.Reconcile;

/// <summary>
/// `reconcile` over inputs that repeat lines of each other (a live log downloaded twice, a partial copy next to the
/// whole file) reads each line once, counts the repeats as duplicates, and reports each finding once.
/// </summary>
public class OverlappingInputTests
{
    private static readonly string Fixture = Path.Combine(TestPaths.Fixtures, "logs", "mariadb", "server_audit.log.004.gz");

    [TestCase("b1.log", false, "b2.log", false, TestName = "Reconcile_PrefixCopyPlainThenWholePlain_ReadsEachLineOnce")]
    [TestCase("b1.log.gz", true, "b2.log", false, TestName = "Reconcile_PrefixCopyGzipThenWholePlain_ReadsEachLineOnce")]
    [TestCase("b2.log", false, "a1.log.gz", true, TestName = "Reconcile_WholeFileSortedBeforeItsPrefixCopy_ReadsEachLineOnce")]
    public async Task Reconcile_PrefixCopy_ReadsLinesOnce(string partName, bool partGzip, string wholeName, bool wholeGzip)
    {
        string folder = TestPaths.NewTempFolder("overlap");
        string[] lines = FixtureLines();
        string part = Write(folder, partName, partGzip, lines[..5000]);
        string whole = Write(folder, wholeName, wholeGzip, lines);

        (JsonDocument alone, _, string aloneFolder) = await RunAsync(folder, "alone", [whole]);
        (JsonDocument both, string errors, string bothFolder) = await RunAsync(folder, "both", [part, whole]);

        Assert.That(Events(both), Is.EqualTo(Events(alone)), "the repeated lines are reconciled once");
        Assert.That(both.RootElement.GetProperty("counts").GetProperty("duplicatesRemoved").GetInt64(), Is.EqualTo(5000));
        using JsonDocument report = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(bothFolder, "report.json")));
        Assert.That(report.RootElement.GetProperty("completeness").GetProperty("duplicates_removed").GetInt64(), Is.EqualTo(5000));
        Assert.That(errors, Does.Contain("duplicate: ").And.Contain("lines 1-5000"));
        Assert.That(Ids(bothFolder), Is.EquivalentTo(Ids(aloneFolder)), "finding ids follow the events, not the path");
    }

    [Test]
    public async Task Reconcile_NoOverlap_ReadsBothWhole()
    {
        string folder = TestPaths.NewTempFolder("no-overlap");
        string[] lines = FixtureLines();
        string first = Write(folder, "server_audit.log.1", false, lines[..4000]);
        string second = Write(folder, "server_audit.log", false, lines[4000..]);
        string whole = Write(folder, "whole", false, lines);

        (JsonDocument alone, _, _) = await RunAsync(folder, "alone", [whole]);
        (JsonDocument both, string errors, _) = await RunAsync(folder, "both", [first, second]);

        Assert.That(Events(both), Is.EqualTo(Events(alone)));
        Assert.That(both.RootElement.GetProperty("counts").GetProperty("duplicatesRemoved").GetInt64(), Is.Zero);
        Assert.That(errors, Does.Not.Contain("duplicate:"));
    }

    [Test]
    public async Task Reconcile_MiddleCopy_FindingIdsOnce()
    {
        // A copy of the middle of a file is not a prefix, so its lines are read twice. The findings they raise again
        // have the same ids, so they must appear once, as the store keeps them.
        string folder = TestPaths.NewTempFolder("middle-copy");
        string[] lines = FixtureLines();
        string whole = Write(folder, "a.log", false, lines);
        string middle = Write(folder, "b.log", false, lines[2000..]);

        (_, _, string aloneFolder) = await RunAsync(folder, "alone", [whole]);
        (_, _, string bothFolder) = await RunAsync(folder, "both", [whole, middle]);

        Assert.That(Ids(bothFolder), Is.Unique);
        Assert.That(Ids(bothFolder), Is.SupersetOf(Ids(aloneFolder)));
    }

    private static async Task<(JsonDocument Manifest, string Errors, string Folder)> RunAsync(string folder, string name, string[] inputs)
    {
        string output = Path.Combine(folder, name);
        StringWriter errors = new();
        TextWriter previous = Console.Error;
        Console.SetError(errors);
        try
        {
            await ReconcileRunner.RunAsync(ReconcileRunner.Settings(inputs[0], output) with { Inputs = inputs });
        }
        finally
        {
            Console.SetError(previous);
        }

        return (JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(output, "manifest.json"))), errors.ToString(), output);
    }

    private static long Events(JsonDocument manifest) => manifest.RootElement.GetProperty("counts").GetProperty("events").GetInt64();

    private static List<string> Ids(string output) =>
        CsvTable.Read(Path.Combine(output, "findings.csv")).Rows.Select(r => r["id"]).ToList();

    private static string[] FixtureLines() => AuditLogFiles.ReadGzipLines(Fixture);

    private static string Write(string folder, string name, bool gzip, string[] lines) => AuditLogFiles.Write(folder, name, gzip, lines);
}
