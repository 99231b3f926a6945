using System.Globalization;
using QueryAudit.Worker.Reconcile;

namespace QueryAudit.Worker.Tests.Reconcile;

/// <summary>
/// A gzip log cut in half (a partial download or copy): the run goes on with a warning and exit code 0, and the report
/// states that the file was cut short and its rest not read, not only that some lines could not be parsed.
/// </summary>
public class CutShortInputTests
{
    [Test]
    public async Task HalfGzip_ReportsUnreadRestWithWarning()
    {
        string folder = TestPaths.NewTempFolder("cut-short");
        string logs = Path.Combine(folder, "logs");
        Directory.CreateDirectory(logs);
        byte[] whole = await File.ReadAllBytesAsync(Path.Combine(TestPaths.Fixtures, "logs", "mariadb", "server_audit.log.001.gz"));
        string cut = Path.Combine(logs, "server_audit.log.1.gz");
        await File.WriteAllBytesAsync(cut, whole[..(whole.Length / 2)]);
        string output = Path.Combine(folder, "report");
        using StringWriter standardOutput = new(CultureInfo.InvariantCulture);
        using StringWriter standardError = new(CultureInfo.InvariantCulture);

        int exitCode = await new ReconcileJob(ReconcileRunner.Settings(logs, output), standardOutput, standardError).RunAsync(CancellationToken.None);

        Assert.That(exitCode, Is.Zero);
        Assert.That(standardError.ToString(), Does.Contain($"warning: '{cut}' was probably cut short"));
        Assert.That(standardError.ToString(), Does.Not.Contain("error:"), "a run that succeeds must not print an error");
        IReadOnlyDictionary<string, string> finding = CsvTable.Read(Path.Combine(output, "findings.csv")).Rows.Single(r => r["kind"] == "unparsed_lines");
        Assert.That(finding["reason"], Does.StartWith($"{cut} was cut short or damaged: reading stopped at line "));
        Assert.That(finding["reason"], Does.Contain("the rest of the file was not read and its events are missing from this report"));
    }
}
