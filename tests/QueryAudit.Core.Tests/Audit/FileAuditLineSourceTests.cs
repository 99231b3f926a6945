using System.IO.Compression;
using System.Text;
using NUnit.Framework;
using QueryAudit.Core.Audit;

namespace QueryAudit.Core.Tests.Audit;

public class FileAuditLineSourceTests
{
    private const string ConnectLine = "20261204 19:51:11,vm,root,localhost,3,0,CONNECT,,,0";
    private const string QueryLine = "20261204 19:51:11,vm,root,localhost,4,2,QUERY,mysql,'CREATE USER \\'admin\\'@\\'%\\' IDENTIFIED BY *****',0";
    private const string AuroraLine = "1796413871000000,vm,root,localhost,3,0,CONNECT,,,0";
    private const string RdsQueryLine = "20240323 13:36:08,ip-10-0-0-3,rdsadmin,localhost,4,149868,QUERY,,'SELECT 1',0,,";

    private string _folder = "";

    [SetUp]
    public void CreateFolder()
    {
        _folder = Path.Combine(Path.GetTempPath(), "queryaudit-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
    }

    [TearDown]
    public void DeleteFolder() => Directory.Delete(_folder, recursive: true);

    [TestCase(false, "server_audit.log")]
    [TestCase(true, "server_audit.log.gz")]
    [TestCase(true, "server_audit.log")]
    [TestCase(false, "server_audit.log.gz")]
    public async Task Read_PlainOrGzip_IsToldByContent(bool gzip, string name)
    {
        string path = Write(name, gzip, ConnectLine + "\n" + QueryLine + "\n");

        List<(string Text, SourcePosition Position, AuditLogFormat Format)> lines = await ReadAsync(new FileAuditLineSource(path));

        Assert.That(lines.Select(l => l.Text), Is.EqualTo(new[] { ConnectLine, QueryLine }));
        Assert.That(lines.Select(l => l.Position), Is.EqualTo(new[] { new SourcePosition(path, 1), new SourcePosition(path, 2) }));
    }

    [Test]
    public async Task Read_ConcatenatedGzipMembers_ReadsAll()
    {
        string path = Path.Combine(_folder, "server_audit.log.gz");
        byte[] joined = [.. Gzip(ConnectLine + "\n"), .. Gzip(QueryLine + "\n")];
        await File.WriteAllBytesAsync(path, joined);

        List<(string Text, SourcePosition Position, AuditLogFormat Format)> lines = await ReadAsync(new FileAuditLineSource(path));

        Assert.That(lines.Select(l => l.Text), Is.EqualTo(new[] { ConnectLine, QueryLine }));
    }

    [Test]
    public async Task Read_CrLf_StripsTerminators()
    {
        string path = Write("a.audit.log", false, ConnectLine + "\r\n\r\n" + QueryLine);

        List<(string Text, SourcePosition Position, AuditLogFormat Format)> lines = await ReadAsync(new FileAuditLineSource(path));

        Assert.That(lines.Select(l => l.Text), Is.EqualTo(new[] { ConnectLine, "", QueryLine }));
        Assert.That(lines.Select(l => l.Position.Line), Is.EqualTo(new long[] { 1, 2, 3 }));
    }

    [TestCase(0)]
    [TestCase(1)]
    public async Task Read_EmptyFile_GivesNoLines(int newlines)
    {
        string path = Write("server_audit.log", false, new string('\n', newlines));

        List<(string Text, SourcePosition Position, AuditLogFormat Format)> lines = await ReadAsync(new FileAuditLineSource(path));

        Assert.That(lines, Has.Count.EqualTo(newlines));
    }

    [Test]
    public async Task Read_LongLines_KeepsEveryByte()
    {
        // Lines of 300 KB cross the reader's initial 64 KB buffer and make it grow.
        string[] texts = [.. Enumerable.Range(0, 5).Select(i => $"20261204 19:51:11,vm,root,localhost,4,{i},QUERY,,'SELECT \\'{new string((char)('a' + i), 300_000)}\\'',0")];
        string path = Write("server_audit.log", true, string.Join("\n", texts) + "\n");

        List<(string Text, SourcePosition Position, AuditLogFormat Format)> lines = await ReadAsync(new FileAuditLineSource(path));

        Assert.That(lines.Select(l => l.Text), Is.EqualTo(texts));
    }

    [Test]
    public async Task Read_BrokenLines_QuarantinedWithPosition()
    {
        string overlong = "20261204 19:51:11,vm,root,localhost,4,9,QUERY,,'" + new string('x', 2 * 1024 * 1024) + "',0";
        string content = string.Join("\n",
            ConnectLine,
            "",
            "20261204 19:51:11,vm,root,localhost,4,2,QUERY,mysql,'CREATE USER \\'adm",
            "\u0001\u0002\u0003 garbage",
            overlong,
            QueryLine,
            "20261204 19:51:12,vm,root,localhost,3,0,DISCONNECT,,,0") + "\n";
        string path = Write("server_audit.log.gz", true, content);
        var parser = new AuditLineParser();

        var events = new List<AuditEvent>();
        var quarantined = new List<QuarantinedLine>();
        await foreach (RawAuditLine line in new FileAuditLineSource(path).ReadLinesAsync(CancellationToken.None))
        {
            AuditParseResult result = parser.Parse(line);
            if (result.Event is not null)
            {
                events.Add(result.Event);
            }
            else
            {
                quarantined.Add(result.Quarantined!);
            }
        }

        Assert.That(events.Select(e => e.Source.Line), Is.EqualTo(new long[] { 1, 6, 7 }));
        Assert.That(quarantined.Select(q => q.Source), Is.EqualTo(new long[] { 2, 3, 4, 5 }.Select(n => new SourcePosition(path, n))));
        Assert.That(quarantined[3].Length, Is.EqualTo(Encoding.UTF8.GetByteCount(overlong)));
        Assert.That(quarantined[3].Reason, Does.Contain("more than the maximum of 1048576 bytes"));
        Assert.That(quarantined[3].Preview, Does.StartWith("20261204 19:51:11,vm,root,localhost,4,9,QUERY"));
    }

    [Test]
    public async Task Read_OverlongLastLineWithoutNewline_IsCounted()
    {
        string path = Write("server_audit.log", false, ConnectLine + "\n" + new string('y', 300));

        var lines = new List<RawAuditLine>();
        await foreach (RawAuditLine line in new FileAuditLineSource(path, new AuditFileSourceOptions { MaxLineBytes = 100 }).ReadLinesAsync(CancellationToken.None))
        {
            lines.Add(line with { Bytes = line.Bytes.ToArray() });
        }

        Assert.That(lines, Has.Count.EqualTo(2));
        Assert.That(lines[1].FullLength, Is.EqualTo(300));
        Assert.That(lines[1].Position.Line, Is.EqualTo(2));
    }

    [TestCase(new[] { AuroraLine }, AuditLogFormat.Aurora)]
    [TestCase(new[] { ConnectLine, QueryLine }, AuditLogFormat.MariaDb)]
    [TestCase(new[] { "20221201 14:07:05,ip-10-0-0-5,rdsadmin,localhost,821,0,CONNECT,,,0,SOCKET", RdsQueryLine }, AuditLogFormat.RdsMySql)]
    [TestCase(new[] { ConnectLine, ConnectLine, RdsQueryLine }, AuditLogFormat.RdsMySql)]
    [TestCase(new[] { "junk", "" }, AuditLogFormat.Auto)]
    public async Task Read_Auto_DetectsFormatPerFile(string[] content, AuditLogFormat format)
    {
        string path = Write("x.audit.log", false, string.Join("\n", content) + "\n");

        List<(string Text, SourcePosition Position, AuditLogFormat Format)> lines = await ReadAsync(new FileAuditLineSource(path));

        Assert.That(lines.Select(l => l.Format), Is.All.EqualTo(format));
        Assert.That(lines.Select(l => l.Text), Is.EqualTo(content));
    }

    [Test]
    public async Task Read_LateDetection_KeepsOrder()
    {
        string[] content = [.. Enumerable.Repeat("junk", 100), .. Enumerable.Repeat(ConnectLine, 30), AuroraLine];
        string path = Write("server_audit.log", false, string.Join("\n", content) + "\n");

        List<(string Text, SourcePosition Position, AuditLogFormat Format)> lines = await ReadAsync(new FileAuditLineSource(path));

        Assert.That(lines.Select(l => l.Text), Is.EqualTo(content));
        Assert.That(lines.Select(l => l.Position.Line), Is.EqualTo(Enumerable.Range(1, content.Length).Select(n => (long)n)));
        Assert.That(lines.Select(l => l.Format).Distinct(), Is.EqualTo(new[] { AuditLogFormat.MariaDb }));
    }

    [Test]
    public async Task Read_ForcedFormat_IsGivenToEveryLine()
    {
        string path = Write("server_audit.log", false, ConnectLine + "\n");

        List<(string Text, SourcePosition Position, AuditLogFormat Format)> lines = await ReadAsync(
            new FileAuditLineSource(path, new AuditFileSourceOptions { Format = AuditLogFormat.Aurora }));

        Assert.That(lines.Single().Format, Is.EqualTo(AuditLogFormat.Aurora));
    }

    [TestCase("billing-prod-instance-1.audit.log.gz", null, "billing-prod-instance-1")]
    [TestCase("billing-prod-instance-1.audit.log.3", null, "billing-prod-instance-1")]
    [TestCase("billing-prod-instance-1.audit.log", "override-1", "override-1")]
    [TestCase("server_audit.log.gz", null, null)]
    [TestCase("audit.log", null, null)]
    public async Task Instance_FromOptionOrFileName(string name, string? option, string? instance)
    {
        string path = Write(name, false, ConnectLine + "\n");
        var source = new FileAuditLineSource(path, new AuditFileSourceOptions { Instance = option });

        var lines = new List<RawAuditLine>();
        await foreach (RawAuditLine line in source.ReadLinesAsync(CancellationToken.None))
        {
            lines.Add(line);
        }

        Assert.That(source.Instance, Is.EqualTo(instance));
        Assert.That(lines.Single().Instance, Is.EqualTo(instance));
        Assert.That(source.Name, Is.EqualTo(path));
    }

    [Test]
    public void Read_MissingFile_NamesPath()
    {
        string path = Path.Combine(_folder, "gone.audit.log");
        var source = new FileAuditLineSource(path);

        Assert.That(async () => await ReadAsync(source),
            Throws.TypeOf<AuditInputException>().With.Message.Contains(path).And.Property(nameof(AuditInputException.InputPath)).EqualTo(path));
    }

    [Test]
    public async Task Read_GzipCutShort_ReadsLinesThenRaises()
    {
        string path = Path.Combine(_folder, "server_audit.log.gz");
        byte[] gzip = Gzip(string.Concat(Enumerable.Range(0, 20_000).Select(i => $"20261204 19:51:11,vm,root,localhost,{i},0,CONNECT,,,0\n")));
        File.WriteAllBytes(path, gzip.AsSpan(0, gzip.Length / 2).ToArray());
        var lines = new List<string>();

        AuditInputException? error = null;
        try
        {
            await foreach (RawAuditLine line in new FileAuditLineSource(path).ReadLinesAsync(CancellationToken.None))
            {
                lines.Add(Encoding.UTF8.GetString(line.Bytes.Span));
            }
        }
        catch (AuditInputException exception)
        {
            error = exception;
        }

        Assert.That(error?.Message, Does.Contain($"'{path}' was probably cut short").And.Contain($"inside line {lines.Count} "));
        Assert.That(lines, Has.Count.GreaterThan(1000));
        Assert.That(lines[1000], Is.EqualTo("20261204 19:51:11,vm,root,localhost,1000,0,CONNECT,,,0"));
    }

    [Test]
    public void Read_CorruptGzip_NamesPathAndLine()
    {
        string path = Path.Combine(_folder, "server_audit.log.gz");
        byte[] gzip = Gzip(string.Concat(Enumerable.Range(0, 20_000).Select(i => $"20261204 19:51:11,vm,root,localhost,{i},0,CONNECT,,,0\n")));
        for (int i = gzip.Length / 2; i < gzip.Length / 2 + 64; i++)
        {
            gzip[i] = 0xFF;
        }

        File.WriteAllBytes(path, gzip);

        Assert.That(async () => await ReadAsync(new FileAuditLineSource(path)),
            Throws.TypeOf<AuditInputException>().With.Message.Contains($"Failed to decompress '{path}' after line"));
    }

    [TestCase(false)]
    [TestCase(true)]
    public async Task StandardInput_PlainOrGzip_ReadsLines(bool gzip)
    {
        byte[] content = gzip ? Gzip(ConnectLine + "\n") : Encoding.UTF8.GetBytes(ConnectLine + "\n");
        var source = new StandardInputAuditLineSource(() => new NonSeekableStream(content));

        List<(string Text, SourcePosition Position, AuditLogFormat Format)> lines = await ReadAsync(source);

        Assert.That(source.Name, Is.EqualTo("-"));
        Assert.That(lines.Single(), Is.EqualTo((ConnectLine, new SourcePosition("-", 1), AuditLogFormat.MariaDb)));
    }

    private string Write(string name, bool gzip, string content)
    {
        string path = Path.Combine(_folder, name);
        File.WriteAllBytes(path, gzip ? Gzip(content) : Encoding.UTF8.GetBytes(content));
        return path;
    }

    private static byte[] Gzip(string content)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(Encoding.UTF8.GetBytes(content));
        }

        return buffer.ToArray();
    }

    private static async Task<List<(string Text, SourcePosition Position, AuditLogFormat Format)>> ReadAsync(IAuditLineSource source)
    {
        var lines = new List<(string, SourcePosition, AuditLogFormat)>();
        await foreach (RawAuditLine line in source.ReadLinesAsync(CancellationToken.None))
        {
            lines.Add((Encoding.UTF8.GetString(line.Bytes.Span), line.Position, line.Format));
        }

        return lines;
    }

    /// <summary>Stands in for standard input, which cannot seek.</summary>
    private sealed class NonSeekableStream(byte[] content) : MemoryStream(content)
    {
        public override bool CanSeek => false;
    }
}
