using System.IO.Compression;
using System.Text;
using NUnit.Framework;
using QueryAudit.Core.Audit;

namespace QueryAudit.Core.Tests.Audit;

/// <summary>
/// Inputs whose first lines repeat another input's (a live log downloaded twice, a partial copy next to the whole file)
/// are found by their content, compressed or not, and only true repeats are skipped.
/// </summary>
public class AuditContentOverlapTests
{
    // Real lines from sql-fixtures/logs/mariadb/server_audit.log.004.gz (its first 300).
    private string _folder = "";
    private string[] _lines = [];

    [SetUp]
    public void CreateFolder()
    {
        _folder = Path.Combine(Path.GetTempPath(), "queryaudit-overlap-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
        _lines = ReadFixture(300);
    }

    [TearDown]
    public void DeleteFolder() => Directory.Delete(_folder, recursive: true);

    [TestCase(false, false)]
    [TestCase(true, false)]
    [TestCase(false, true)]
    [TestCase(true, true)]
    public async Task Find_ShortCopyFirst_SkipsItsLines(bool shortGzip, bool longGzip)
    {
        string shorter = Write("b1.log", shortGzip, _lines[..200]);
        string longer = Write("b2.log", longGzip, _lines);

        ContentOverlap? overlap = await FindAsync(shorter, longer);

        Assert.That(overlap, Is.Not.Null);
        Assert.That(overlap!.Lines, Is.EqualTo(200));
        Assert.That(overlap.Whole, Is.False);
        List<RawAuditLine> rest = await ReadAsync(new FileAuditLineSource(longer).After(overlap));
        Assert.That(rest.Select(l => Encoding.UTF8.GetString(l.Bytes.Span)), Is.EqualTo(_lines[200..]));
        Assert.That(rest[0].Position.Line, Is.EqualTo(201), "lines keep their numbers in the file");
    }

    [TestCase(false, false)]
    [TestCase(true, false)]
    [TestCase(false, true)]
    public async Task Find_LongFileFirst_SkipsShortCopy(bool shortGzip, bool longGzip)
    {
        string longer = Write("a.log", longGzip, _lines);
        string shorter = Write("b.log", shortGzip, _lines[..120]);

        ContentOverlap? overlap = await FindAsync(longer, shorter);

        Assert.That(overlap, Is.EqualTo(new ContentOverlap(longer, overlap?.Bytes ?? -1, 120, Whole: true)));
    }

    [Test]
    public async Task Find_SameLinesTwice_IsWhole()
    {
        string first = Write("a.log", gzip: false, _lines);
        string second = Write("b.log.gz", gzip: true, _lines);

        ContentOverlap? overlap = await FindAsync(first, second);

        Assert.That(overlap?.Lines, Is.EqualTo(300));
        Assert.That(overlap?.Whole, Is.True);
    }

    [Test]
    public async Task Find_NoOverlap_SkipsNothing()
    {
        string first = Write("a.log", gzip: false, _lines[..150]);
        string second = Write("b.log", gzip: false, _lines[150..]);

        Assert.That(await FindAsync(first, second), Is.Null);
        Assert.That(await FindAsync(second, first), Is.Null);
    }

    [Test]
    public async Task Find_SameFirstLineOnly_SkipsNothing()
    {
        // The same first line is only a candidate; the rest must be proven equal.
        string first = Write("a.log", gzip: false, _lines[..100]);
        string second = Write("b.log", gzip: false, [_lines[0], .. _lines[150..]]);

        Assert.That(await FindAsync(first, second), Is.Null);
        Assert.That(await FindAsync(second, first), Is.Null);
    }

    [Test]
    public async Task Find_CopyCutInLine_SkipsWholeLines()
    {
        // A download taken while a line was written: the cut line is not a repeat of the whole one.
        string cut = Path.Combine(_folder, "cut.log");
        string content = string.Join("\n", _lines[..50]) + "\n" + _lines[50][..20];
        File.WriteAllText(cut, content);
        string whole = Write("whole.log", gzip: false, _lines);

        ContentOverlap? afterCut = await FindAsync(cut, whole);
        ContentOverlap? afterWhole = await FindAsync(whole, cut);

        Assert.That(afterCut?.Lines, Is.EqualTo(50));
        Assert.That(afterWhole?.Lines, Is.EqualTo(50));
        Assert.That(afterWhole?.Whole, Is.False, "the cut line is read");
        List<RawAuditLine> rest = await ReadAsync(new FileAuditLineSource(cut).After(afterWhole!));
        Assert.That(rest.Select(l => Encoding.UTF8.GetString(l.Bytes.Span)), Is.EqualTo(new[] { _lines[50][..20] }));
    }

    [Test]
    public async Task Digest_PlainAndGzip_SameContentHash()
    {
        AuditContentDigest plain = await AuditContentDigest.ComputeAsync(Write("a.log", false, _lines), CancellationToken.None);
        AuditContentDigest gzip = await AuditContentDigest.ComputeAsync(Write("a.log.gz", true, _lines), CancellationToken.None);

        Assert.That(gzip.ContentSha256, Is.EqualTo(plain.ContentSha256));
        Assert.That(gzip.FileSha256, Is.Not.EqualTo(plain.FileSha256));
        Assert.That(plain.FileSha256, Is.EqualTo(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(Path.Combine(_folder, "a.log"))))));
        Assert.That(gzip.FileSha256, Is.EqualTo(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(Path.Combine(_folder, "a.log.gz"))))));
        Assert.That(plain.CompleteSha256, Is.EqualTo(plain.ContentSha256));
    }

    [Test]
    public async Task HasCandidates_NoEarlierWithSameFirstLine_False()
    {
        string first = Write("a.log", gzip: false, _lines[..150]);
        string second = Write("b.log.gz", gzip: true, _lines[150..]);
        List<(string, string, AuditContentDigest)> earlier = [(first, first, await AuditContentDigest.ComputeAsync(first, CancellationToken.None))];

        AuditContentHead head = await AuditContentHead.ReadAsync(second, CancellationToken.None);

        Assert.That(AuditContentOverlap.HasCandidates([], head), Is.False);
        Assert.That(AuditContentOverlap.HasCandidates(earlier, head), Is.False);
        Assert.That(await FindAsync(first, second), Is.Null, "no candidate, no overlap");
    }

    [TestCase(false)]
    [TestCase(true)]
    public async Task HasCandidates_EarlierWithSameFirstLine_True(bool repeats)
    {
        // A candidate only: the same first line followed by other lines has no overlap, but needs the digest to tell.
        string first = Write("a.log", gzip: false, _lines[..100]);
        string second = Write("b.log.gz", gzip: true, repeats ? _lines : [_lines[0], .. _lines[150..]]);
        List<(string, string, AuditContentDigest)> earlier = [(first, first, await AuditContentDigest.ComputeAsync(first, CancellationToken.None))];

        AuditContentHead head = await AuditContentHead.ReadAsync(second, CancellationToken.None);

        Assert.That(AuditContentOverlap.HasCandidates(earlier, head), Is.True);
        Assert.That((await FindAsync(first, second))?.Lines, Is.EqualTo(repeats ? 100 : null));
    }

    [Test]
    public void HasCandidates_FirstLineUnknown_True()
    {
        Assert.That(AuditContentOverlap.HasCandidates([], new AuditContentHead(10, null)), Is.True);
    }

    [Test]
    public async Task HasCandidates_NoWholeLine_False()
    {
        // Content without an LF repeats nothing, even after an earlier input without one.
        string cut = Path.Combine(_folder, "cut.log");
        await File.WriteAllTextAsync(cut, _lines[0][..20]);
        AuditContentDigest digest = await AuditContentDigest.ComputeAsync(cut, CancellationToken.None);

        AuditContentHead head = await AuditContentHead.ReadAsync(cut, CancellationToken.None);

        Assert.That(head.HeadSha256, Is.Empty);
        Assert.That(AuditContentOverlap.HasCandidates([(cut, cut, digest)], head), Is.False);
    }

    private static async Task<ContentOverlap?> FindAsync(string earlier, string later)
    {
        AuditContentDigest before = await AuditContentDigest.ComputeAsync(earlier, CancellationToken.None);
        AuditContentDigest after = await AuditContentDigest.ComputeAsync(later, CancellationToken.None);
        return await AuditContentOverlap.FindAsync([(earlier, earlier, before)], later, after, CancellationToken.None);
    }

    private static async Task<List<RawAuditLine>> ReadAsync(FileAuditLineSource source)
    {
        List<RawAuditLine> lines = [];
        await foreach (RawAuditLine line in source.ReadLinesAsync(CancellationToken.None))
        {
            lines.Add(line with { Bytes = line.Bytes.ToArray() });
        }

        return lines;
    }

    private static string[] ReadFixture(int count)
    {
        using FileStream file = File.OpenRead(Path.Combine(TestPaths.Fixtures, "logs", "mariadb", "server_audit.log.004.gz"));
        using GZipStream gzip = new(file, CompressionMode.Decompress);
        using StreamReader reader = new(gzip, Encoding.UTF8);
        List<string> lines = [];
        while (lines.Count < count && reader.ReadLine() is { } line)
        {
            lines.Add(line);
        }

        return [.. lines];
    }

    private string Write(string name, bool gzip, string[] lines)
    {
        string path = Path.Combine(_folder, name);
        byte[] content = Encoding.UTF8.GetBytes(string.Join("\n", lines) + "\n");
        using FileStream file = File.Create(path);
        if (gzip)
        {
            using GZipStream compressed = new(file, CompressionLevel.Fastest);
            compressed.Write(content);
        }
        else
        {
            file.Write(content);
        }

        return path;
    }
}
