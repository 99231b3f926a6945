using System.Collections.Concurrent;
using System.IO.Compression;
using System.Text;
using NUnit.Framework;
using QueryAudit.Core.Audit;

namespace QueryAudit.Core.Tests.Audit;

/// <summary>
/// The digest a source computes while it reads a file equals the one <see cref="AuditContentDigest.ComputeAsync"/>
/// computes in a pass of its own, the first line read alone gives the same <see cref="AuditContentDigest.HeadSha256"/>,
/// and a gzip file read with its digest is decompressed once.
/// </summary>
[NonParallelizable]
public class AuditContentDigestTests
{
    private const string ConnectLine = "20261204 19:51:11,vm,root,localhost,3,0,CONNECT,,,0";

    // Real lines from sql-fixtures/logs/mariadb/server_audit.log.004.gz (its first 300).
    private string _folder = "";
    private string _lines = "";

    [SetUp]
    public void CreateFolder()
    {
        _folder = Path.Combine(Path.GetTempPath(), "queryaudit-digest-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
        _lines = ReadFixture(300);
    }

    [TearDown]
    public void DeleteFolder()
    {
        GzipReadObserver.Observer = null;
        Directory.Delete(_folder, recursive: true);
    }

    private static IEnumerable<TestCaseData> Contents()
    {
        yield return new TestCaseData("fixture").SetName("{m}(fixture lines)");
        yield return new TestCaseData("").SetName("{m}(empty)");
        yield return new TestCaseData("\n").SetName("{m}(one LF)");
        yield return new TestCaseData(ConnectLine).SetName("{m}(no LF at all)");
        yield return new TestCaseData("fixture" + "cut last line").SetName("{m}(last line without LF)");
        yield return new TestCaseData(ConnectLine + "\r\n\r\n" + ConnectLine + "\r\n").SetName("{m}(CRLF)");
        yield return new TestCaseData(string.Concat(Enumerable.Range(0, 5).Select(i => new string((char)('a' + i), 300_000) + "\n"))).SetName("{m}(lines longer than the read buffer)");
        yield return new TestCaseData(new string('x', AuditContentHead.MaxBytes + 10) + "\n" + ConnectLine + "\n").SetName("{m}(first line longer than the head limit)");
    }

    [TestCaseSource(nameof(Contents))]
    public async Task ReadWithDigest_PlainOrGzip_SameAsComputed(string content)
    {
        content = content.Replace("fixture", _lines, StringComparison.Ordinal);
        foreach (bool gzip in new[] { false, true })
        {
            string path = Write(gzip ? "a.log.gz" : "a.log", gzip, content);

            FileAuditLineSource source = new FileAuditLineSource(path).WithContentDigest();
            if (gzip && content.Length > 0 && !content.EndsWith('\n'))
            {
                // Reported as cut short after its last line, but decompressed to its end, so it keeps its digest.
                Assert.That(async () => await ReadAllAsync(source), Throws.TypeOf<AuditInputException>().With.Message.Contains("was probably cut short"));
            }
            else
            {
                await ReadAllAsync(source);
            }

            AuditContentDigest expected = await AuditContentDigest.ComputeAsync(path, CancellationToken.None);
            Assert.That(source.ContentDigest, Is.EqualTo(expected), gzip ? "gzip" : "plain");
        }
    }

    [Test]
    public async Task ReadWithDigest_OverlongLines_SameAsComputed()
    {
        // The reader skips lines over the maximum without buffering them, and the digest still covers them.
        string path = Write("a.log.gz", gzip: true, ConnectLine + "\n" + new string('y', 5000) + "\n" + ConnectLine + "\n" + new string('z', 300) + "\n");

        FileAuditLineSource source = new FileAuditLineSource(path, new AuditFileSourceOptions { MaxLineBytes = 100 }).WithContentDigest();
        await ReadAllAsync(source);

        Assert.That(source.ContentDigest, Is.EqualTo(await AuditContentDigest.ComputeAsync(path, CancellationToken.None)));
    }

    [Test]
    public async Task ReadWithDigest_ConcatenatedMembersAndTrailingBytes_SameAsComputed()
    {
        string path = Path.Combine(_folder, "a.log.gz");
        byte[] content = [.. Gzip(ConnectLine + "\n"), .. Gzip(_lines), 0, 0, 0, 0];
        await File.WriteAllBytesAsync(path, content);

        FileAuditLineSource source = new FileAuditLineSource(path).WithContentDigest();
        List<string> lines = await ReadAllAsync(source);

        AuditContentDigest expected = await AuditContentDigest.ComputeAsync(path, CancellationToken.None);
        Assert.That(lines, Has.Count.EqualTo(301));
        Assert.That(source.ContentDigest, Is.EqualTo(expected));
        Assert.That(source.ContentDigest!.FileBytes, Is.EqualTo(content.Length), "the trailing bytes are in the file hash");
    }

    [Test]
    public async Task ReadWithDigest_GzipCutShort_SameAsComputed()
    {
        string path = Path.Combine(_folder, "a.log.gz");
        byte[] gzip = Gzip(_lines);
        await File.WriteAllBytesAsync(path, gzip[..(gzip.Length / 2)]);
        FileAuditLineSource source = new FileAuditLineSource(path).WithContentDigest();

        Assert.That(async () => await ReadAllAsync(source), Throws.TypeOf<AuditInputException>().With.Message.Contains("was probably cut short"));
        AuditContentDigest expected = await AuditContentDigest.ComputeAsync(path, CancellationToken.None);
        Assert.That(source.ContentDigest, Is.EqualTo(expected));
        Assert.That(expected.Damaged, Is.False, "the decompressor reports no error for a file cut short");
    }

    [Test]
    public async Task ReadWithDigest_CorruptGzip_NoDigest()
    {
        string path = Path.Combine(_folder, "a.log.gz");
        byte[] gzip = Gzip(string.Concat(Enumerable.Range(0, 20_000).Select(i => $"20261204 19:51:11,vm,root,localhost,{i},0,CONNECT,,,0\n")));
        gzip.AsSpan(gzip.Length / 2, 64).Fill(0xFF);
        await File.WriteAllBytesAsync(path, gzip);
        FileAuditLineSource source = new FileAuditLineSource(path).WithContentDigest();

        Assert.That(async () => await ReadAllAsync(source), Throws.TypeOf<AuditInputException>().With.Message.Contains("Failed to decompress"));
        Assert.That(source.ContentDigest, Is.Null, "the caller digests a damaged file in a pass of its own");
        Assert.That((await AuditContentDigest.ComputeAsync(path, CancellationToken.None)).Damaged, Is.True);
    }

    [Test]
    public async Task ReadWithoutDigest_NoDigest()
    {
        FileAuditLineSource source = new(Write("a.log.gz", gzip: true, _lines));

        await ReadAllAsync(source);

        Assert.That(source.ContentDigest, Is.Null);
    }

    [Test]
    public async Task ReadWithDigest_Gzip_DecompressedOnce()
    {
        string path = Write("a.log.gz", gzip: true, _lines);
        ConcurrentQueue<(string Path, long Bytes)> passes = new();
        GzipReadObserver.Observer = (file, bytes) => passes.Enqueue((file, bytes));

        FileAuditLineSource source = new FileAuditLineSource(path).WithContentDigest();
        await ReadAllAsync(source);

        Assert.That(source.ContentDigest, Is.Not.Null);
        Assert.That(passes, Is.EqualTo(new[] { (path, (long)Encoding.UTF8.GetByteCount(_lines)) }));
    }

    [Test]
    public void WithContentDigest_AfterSkip_ReadsFromStart()
    {
        string path = Write("a.log", gzip: false, _lines);
        FileAuditLineSource skipping = new FileAuditLineSource(path).After(new ContentOverlap("earlier.log", 10, 1, Whole: false));

        // WithContentDigest reads from the start again, so the skip does not carry over.
        Assert.That(skipping.WithContentDigest().Skip, Is.Null);
    }

    [TestCase(false)]
    [TestCase(true)]
    public async Task Head_SameAsComputed(bool gzip)
    {
        string path = Write("a.log", gzip, _lines);

        AuditContentHead head = await AuditContentHead.ReadAsync(path, CancellationToken.None);

        AuditContentDigest digest = await AuditContentDigest.ComputeAsync(path, CancellationToken.None);
        Assert.That(head.HeadSha256, Is.EqualTo(digest.HeadSha256));
        Assert.That(head.HeadSha256, Is.Not.Empty);
        Assert.That(head.FileBytes, Is.EqualTo(digest.FileBytes));
    }

    [TestCase(false)]
    [TestCase(true)]
    public async Task Head_NoWholeLine_Empty(bool gzip)
    {
        string path = Write("a.log", gzip, ConnectLine);

        AuditContentHead head = await AuditContentHead.ReadAsync(path, CancellationToken.None);

        Assert.That(head.HeadSha256, Is.Empty);
        Assert.That((await AuditContentDigest.ComputeAsync(path, CancellationToken.None)).HeadSha256, Is.Empty);
    }

    [Test]
    public async Task Head_EmptyFile_EmptyWithSizeZero()
    {
        string path = Path.Combine(_folder, "a.log.gz");
        await File.WriteAllBytesAsync(path, []);

        AuditContentHead head = await AuditContentHead.ReadAsync(path, CancellationToken.None);

        Assert.That(head, Is.EqualTo(new AuditContentHead(0, "")));
    }

    [TestCase(false)]
    [TestCase(true)]
    public async Task Head_FirstLineOverLimit_Unknown(bool gzip)
    {
        string path = Write("a.log", gzip, new string('x', AuditContentHead.MaxBytes) + "\n" + ConnectLine + "\n");

        AuditContentHead head = await AuditContentHead.ReadAsync(path, CancellationToken.None);

        Assert.That(head.HeadSha256, Is.Null);
    }

    [Test]
    public async Task Head_FirstLineAtLimit_Known()
    {
        // The LF is the last byte of the limit.
        string path = Write("a.log.gz", gzip: true, new string('x', AuditContentHead.MaxBytes - 1) + "\n" + ConnectLine + "\n");

        AuditContentHead head = await AuditContentHead.ReadAsync(path, CancellationToken.None);

        Assert.That(head.HeadSha256, Is.EqualTo((await AuditContentDigest.ComputeAsync(path, CancellationToken.None)).HeadSha256));
    }

    [Test]
    public async Task Head_DamagedBeforeFirstLine_Unknown()
    {
        string path = Path.Combine(_folder, "a.log.gz");
        byte[] gzip = Gzip(_lines);
        gzip.AsSpan(10, 32).Fill(0xFF);
        await File.WriteAllBytesAsync(path, gzip);

        AuditContentHead head = await AuditContentHead.ReadAsync(path, CancellationToken.None);

        Assert.That(head.HeadSha256, Is.Null);
    }

    [Test]
    public async Task Head_Gzip_DecompressesOnlyTheStart()
    {
        string path = Write("a.log.gz", gzip: true, string.Concat(Enumerable.Repeat(_lines, 20)));
        ConcurrentQueue<(string Path, long Bytes)> passes = new();
        GzipReadObserver.Observer = (file, bytes) => passes.Enqueue((file, bytes));

        await AuditContentHead.ReadAsync(path, CancellationToken.None);

        Assert.That(passes.Single().Bytes, Is.LessThanOrEqualTo(8 * 1024));
    }

    private static async Task<List<string>> ReadAllAsync(FileAuditLineSource source)
    {
        List<string> lines = [];
        await foreach (RawAuditLine line in source.ReadLinesAsync(CancellationToken.None))
        {
            lines.Add(Encoding.UTF8.GetString(line.Bytes.Span));
        }

        return lines;
    }

    private string Write(string name, bool gzip, string content)
    {
        string path = Path.Combine(_folder, name);
        File.WriteAllBytes(path, gzip ? Gzip(content) : Encoding.UTF8.GetBytes(content));
        return path;
    }

    private static byte[] Gzip(string content)
    {
        using MemoryStream buffer = new();
        using (GZipStream gzip = new(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(Encoding.UTF8.GetBytes(content));
        }

        return buffer.ToArray();
    }

    private static string ReadFixture(int count)
    {
        using FileStream file = File.OpenRead(Path.Combine(TestPaths.Fixtures, "logs", "mariadb", "server_audit.log.004.gz"));
        using GZipStream gzip = new(file, CompressionMode.Decompress);
        using StreamReader reader = new(gzip, Encoding.UTF8);
        StringBuilder lines = new();
        for (int i = 0; i < count && reader.ReadLine() is { } line; i++)
        {
            lines.Append(line).Append('\n');
        }

        return lines.ToString();
    }
}
