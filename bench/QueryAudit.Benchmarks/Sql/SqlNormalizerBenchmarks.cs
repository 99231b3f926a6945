using System.Buffers;
using System.Text;
using BenchmarkDotNet.Attributes;
using QueryAudit.Sql;
using QueryAudit.Sql.Lexing;

namespace QueryAudit.Benchmarks.Sql;

/// <summary>
/// Cost per statement of the SQL lexer and normaliser on the 4,725-statement corpus in sql-fixtures/corpus/statements,
/// decoded and in memory. The cases are lexing alone, the template and exact form written into a buffer, and full
/// normalisation (forms, SHA-256 hashes, kind, tables, tickets). Two more split the corpus as a script: the one-pass
/// path of the fingerprint command, and plain splitting into strings.
/// </summary>
[MemoryDiagnoser]
public class SqlNormalizerBenchmarks
{
    private const int Statements = 4_725;

    private string[] _statements = [];
    private string _script = string.Empty;
    private char[] _destination = [];
    private ArrayBufferWriter<char> _output = new();

    [GlobalSetup]
    public void LoadCorpus()
    {
        string path = Path.Combine(FindRepositoryRoot(), "sql-fixtures", "corpus", "statements", "mysql-statements.txt");
        _statements = File.ReadAllLines(path, Encoding.UTF8).Select(Decode).ToArray();
        if (_statements.Length != Statements)
        {
            throw new InvalidDataException($"{path} has {_statements.Length} statements; the benchmark expects {Statements}.");
        }

        // One statement per record as pt-fingerprint reads files: each ends with ";\n", except DELIMITER scripts,
        // which end with their own "DELIMITER ;" line.
        _script = string.Concat(_statements.Select(s => s.TrimEnd().EndsWith("DELIMITER ;", StringComparison.Ordinal) ? s + "\n" : s + ";\n"));
        _destination = new char[(_statements.Max(s => s.Length) * 3) + 16];
        _output = new ArrayBufferWriter<char>(_script.Length * 2);
    }

    [Benchmark(OperationsPerInvoke = Statements)]
    public long Lex()
    {
        long total = 0;
        foreach (string statement in _statements)
        {
            MySqlLexer lexer = new(statement);
            while (lexer.TryRead(out MySqlToken token))
            {
                total += token.Length;
            }
        }

        return total;
    }

    [Benchmark(OperationsPerInvoke = Statements)]
    public long TryFormatTemplate()
    {
        long total = 0;
        foreach (string statement in _statements)
        {
            SqlNormalizer.TryFormatTemplate(statement, _destination, out int written);
            total += written;
        }

        return total;
    }

    [Benchmark(OperationsPerInvoke = Statements)]
    public long TryFormatExactForm()
    {
        long total = 0;
        foreach (string statement in _statements)
        {
            SqlNormalizer.TryFormatExactForm(statement, _destination, out int written);
            total += written;
        }

        return total;
    }

    [Benchmark(OperationsPerInvoke = Statements)]
    public long Normalize()
    {
        long total = 0;
        foreach (string statement in _statements)
        {
            total += SqlNormalizer.Normalize(statement).ExactForm.Length;
        }

        return total;
    }

    [Benchmark(OperationsPerInvoke = Statements)]
    public int WriteScriptTemplates()
    {
        _output.ResetWrittenCount();
        return SqlFingerprint.WriteScript(_script, _output, exactForm: false);
    }

    [Benchmark(OperationsPerInvoke = Statements)]
    public int SplitScript() => SqlSplitter.SplitScript(_script).Count;

    private static string Decode(string line) =>
        line.Replace("\\\\", "\u0001", StringComparison.Ordinal)
            .Replace("\\n", "\n", StringComparison.Ordinal)
            .Replace("\\r", "\r", StringComparison.Ordinal)
            .Replace("\\t", "\t", StringComparison.Ordinal)
            .Replace("\u0001", "\\", StringComparison.Ordinal);

    private static string FindRepositoryRoot()
    {
        DirectoryInfo? directory = new(AppContext.BaseDirectory);
        while (directory is not null && !Directory.Exists(Path.Combine(directory.FullName, "sql-fixtures")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new DirectoryNotFoundException($"No sql-fixtures folder above {AppContext.BaseDirectory}; run from a repository checkout.");
    }
}
