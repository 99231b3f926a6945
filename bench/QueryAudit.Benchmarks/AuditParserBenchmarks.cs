using BenchmarkDotNet.Attributes;
using QueryAudit.Core.Audit;

namespace QueryAudit.Benchmarks;

/// <summary>
/// Throughput of the audit log stages on the fixture capture (37,350 real MariaDB lines and the same lines in the
/// Aurora layout): parsing lines already in memory, parsing plus statement assembly, and reading the gzip files.
/// </summary>
[MemoryDiagnoser]
public class AuditParserBenchmarks
{
    private RawAuditLine[] _mariaDbLines = [];
    private RawAuditLine[] _auroraLines = [];
    private IReadOnlyList<IAuditLineSource> _mariaDbSources = [];

    [GlobalSetup]
    public void LoadFixtures()
    {
        string logs = Path.Combine(FindRepositoryRoot(), "sql-fixtures", "logs");
        _mariaDbSources = AuditInputs.Expand([Path.Combine(logs, "mariadb")]).Sources;
        _mariaDbLines = Load(_mariaDbSources);
        _auroraLines = Load(AuditInputs.Expand([Path.Combine(logs, "aurora")]).Sources);
    }

    [Benchmark(OperationsPerInvoke = 37_350)]
    public long ParseMariaDb() => Parse(_mariaDbLines);

    [Benchmark(OperationsPerInvoke = 37_350)]
    public long ParseAurora() => Parse(_auroraLines);

    [Benchmark(OperationsPerInvoke = 37_350)]
    public long ParseAndAssembleMariaDb()
    {
        var parser = new AuditLineParser();
        var assembler = new StatementAssembler();
        var output = new List<AssembledRecord>();
        long items = 0;
        foreach (RawAuditLine line in _mariaDbLines)
        {
            if (parser.Parse(line).Event is { } record)
            {
                assembler.Add(record, output);
                items += output.Count;
                output.Clear();
            }
        }

        assembler.Complete(output);
        return items + output.Count;
    }

    [Benchmark(OperationsPerInvoke = 37_350)]
    public async Task<long> ReadGzipMariaDb()
    {
        long lines = 0;
        foreach (IAuditLineSource source in _mariaDbSources)
        {
            await foreach (RawAuditLine line in source.ReadLinesAsync(CancellationToken.None))
            {
                lines += line.Bytes.Length > 0 ? 1 : 0;
            }
        }

        return lines;
    }

    private static long Parse(RawAuditLine[] lines)
    {
        var parser = new AuditLineParser();
        long events = 0;
        foreach (RawAuditLine line in lines)
        {
            events += parser.Parse(line).IsEvent ? 1 : 0;
        }

        return events;
    }

    private static RawAuditLine[] Load(IReadOnlyList<IAuditLineSource> sources)
    {
        var lines = new List<RawAuditLine>();
        foreach (IAuditLineSource source in sources)
        {
            foreach (RawAuditLine line in source.ReadLinesAsync(CancellationToken.None).ToBlockingEnumerable())
            {
                // The source reuses its buffer, so each line is copied to stay valid.
                lines.Add(line with { Bytes = line.Bytes.ToArray() });
            }
        }

        return [.. lines];
    }

    private static string FindRepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "QueryAudit.sln")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new InvalidOperationException(
            $"No QueryAudit.sln above {AppContext.BaseDirectory}; run the benchmarks from the repository.");
    }
}
