using NUnit.Framework;
using QueryAudit.Core.Audit;

namespace QueryAudit.Core.Tests.Audit;

/// <summary>Reads whole real captures through the file sources, the parser and the assembler.</summary>
public class AuditCorpusTests
{
    // Line counts of the trimmed capture in sql-fixtures/logs (both layouts hold the same lines).
    private const long FixtureLines = 37_350;

    // Line count of the full real capture: six MariaDB files, and one Aurora-layout file with the same lines.
    private const long RealCaptureLines = 919_601;

    [TestCase("mariadb", AuditLogFormat.MariaDb)]
    [TestCase("aurora", AuditLogFormat.Aurora)]
    public async Task Fixtures_EveryLine_Parses(string layout, AuditLogFormat format)
    {
        CorpusSummary summary = await ReadAsync(Path.Combine(RepositoryPaths.FixtureLogs, layout));

        Assert.That(summary.Quarantined, Is.Empty, () => string.Join("\n", summary.Quarantined.Take(5)));
        Assert.That(summary.Lines, Is.EqualTo(FixtureLines));
        Assert.That(summary.Formats, Is.EquivalentTo(new[] { format }));
        Assert.That(summary.AssembledRecords, Is.EqualTo(summary.Lines));
    }

    [TestCase("run1", AuditLogFormat.MariaDb)]
    [TestCase("aurora", AuditLogFormat.Aurora)]
    public async Task RealCapture_EveryLine_Parses(string folder, AuditLogFormat format)
    {
        string path = Path.Combine(RepositoryPaths.RealMariaDbCorpus, folder);
        if (!Directory.Exists(path))
        {
            Assert.Ignore($"The full real capture is not at {path}; this test needs the shared corpus next to the repository.");
        }

        CorpusSummary summary = await ReadAsync(path);

        Assert.That(summary.Quarantined, Is.Empty, () => string.Join("\n", summary.Quarantined.Take(5)));
        Assert.That(summary.Lines, Is.EqualTo(RealCaptureLines));
        Assert.That(summary.Formats, Is.EquivalentTo(new[] { format }));
        Assert.That(summary.AssembledRecords, Is.EqualTo(summary.Lines));
        TestContext.Out.WriteLine($"{folder}: {summary.Lines} lines, {summary.Statements} statements, {summary.Orphans} orphan groups, {summary.Truncated} truncated");
    }

    /// <summary>Reads a folder; the assembled records count every record once, whether in a statement, an orphan group or as an event.</summary>
    private static async Task<CorpusSummary> ReadAsync(string folder)
    {
        var parser = new AuditLineParser();
        var assembler = new StatementAssembler();
        var output = new List<AssembledRecord>();
        var summary = new CorpusSummary();
        foreach (IAuditLineSource source in AuditInputs.Expand([folder]).Sources)
        {
            await foreach (RawAuditLine line in source.ReadLinesAsync(CancellationToken.None))
            {
                summary.Lines++;
                AuditParseResult result = parser.Parse(line);
                if (result.Quarantined is not null)
                {
                    summary.Quarantined.Add($"{result.Quarantined.Source}: {result.Quarantined.Reason}: {result.Quarantined.Preview}");
                    continue;
                }

                summary.Formats.Add(result.Event!.Format);
                summary.Truncated += result.Event.Truncated ? 1 : 0;
                assembler.Add(result.Event, output);
            }
        }

        assembler.Complete(output);
        foreach (AssembledRecord item in output)
        {
            if (item.IsEvent)
            {
                summary.AssembledRecords++;
            }
            else if (item.IsOrphan)
            {
                summary.Orphans++;
                summary.AssembledRecords += item.Statement!.OrphanTables.Count;
            }
            else
            {
                summary.Statements++;
                summary.AssembledRecords += 1 + item.Statement!.Tables.Count;
            }
        }

        return summary;
    }

    private sealed class CorpusSummary
    {
        public long Lines { get; set; }

        public List<string> Quarantined { get; } = [];

        public HashSet<AuditLogFormat> Formats { get; } = [];

        public long AssembledRecords { get; set; }

        public long Statements { get; set; }

        public long Orphans { get; set; }

        public long Truncated { get; set; }
    }
}
