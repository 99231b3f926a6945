using System.IO.Compression;
using System.Text;
using QueryAudit.Aws.S3;

namespace QueryAudit.Aws.Tests.S3;

[TestFixture]
public sealed class ArchiveReadingTests
{
    [TestCase("2026-12-03T10:31:11.000Z 1796413871000000,vm,root,localhost,3,0,CONNECT,,,0", "1796413871000000,vm,root,localhost,3,0,CONNECT,,,0")]
    [TestCase("2026-12-03T10:31:11Z 1796413871000000,vm,root,localhost,3,0,CONNECT,,,0", "1796413871000000,vm,root,localhost,3,0,CONNECT,,,0")]
    [TestCase("2026-12-03T10:31:11.123Z 20210715 05:45:55,ip-10-0-0-1,rdsadmin,localhost,36469,0,CONNECT,,,0", "20210715 05:45:55,ip-10-0-0-1,rdsadmin,localhost,36469,0,CONNECT,,,0")]
    [TestCase("1796413871000000,vm,root,localhost,3,0,CONNECT,,,0", "1796413871000000,vm,root,localhost,3,0,CONNECT,,,0")]
    [TestCase("20210715 05:45:55,ip-10-0-0-1,rdsadmin,localhost,36469,0,CONNECT,,,0", "20210715 05:45:55,ip-10-0-0-1,rdsadmin,localhost,36469,0,CONNECT,,,0")]
    [TestCase("short", "short")]
    [TestCase("", "")]
    public void WithoutExportTimestamp_Line_RemovesOnlyIsoPrefix(string line, string expected)
    {
        ReadOnlyMemory<byte> stripped = S3ArchiveSource.WithoutExportTimestamp(Encoding.UTF8.GetBytes(line));

        Assert.That(Encoding.UTF8.GetString(stripped.Span), Is.EqualTo(expected));
    }

    [TestCase("exports/billing-prod/0f1e2d3c-task/billing-prod-instance-1/000000.gz", "billing-prod-instance-1")]
    [TestCase("0f1e2d3c-task/instance-2/000001.gz", "instance-2")]
    [TestCase("000000.gz", null)]
    public void InstanceFromExportKey_Key_ReturnsStreamFolder(string key, string? expected)
    {
        Assert.That(S3ArchiveSource.InstanceFromExportKey(key), Is.EqualTo(expected));
    }

    [TestCase("s3://audit-archive/exports/billing-prod/", true, "audit-archive", "exports/billing-prod/")]
    [TestCase("s3://audit-archive", true, "audit-archive", "")]
    [TestCase("S3://audit-archive/x", true, "audit-archive", "x")]
    [TestCase("s3:///x", false, "", "x")]
    [TestCase("cloudwatch:billing-prod", false, "", "")]
    public void TryParseSpec_SourceArgument_SplitsBucketAndPrefix(string spec, bool expected, string bucket, string prefix)
    {
        bool parsed = S3ArchiveSource.TryParseSpec(spec, out string actualBucket, out string actualPrefix);

        Assert.That(parsed, Is.EqualTo(expected));
        Assert.That(actualBucket, Is.EqualTo(bucket));
        Assert.That(actualPrefix, Is.EqualTo(prefix));
    }

    [TestCase("a\nb\nc\n", new[] { "a", "b", "c" })]
    [TestCase("a\r\nb\r\n", new[] { "a", "b" })]
    [TestCase("a\nb", new[] { "a", "b" })]
    [TestCase("\n\nx\n", new[] { "", "", "x" })]
    [TestCase("", new string[0])]
    public async Task ReadLineAsync_Text_SplitsAtLineFeeds(string text, string[] expected)
    {
        ArchiveLineReader reader = new(new MemoryStream(Encoding.UTF8.GetBytes(text)), 1000);

        List<string> lines = [];
        while (await reader.ReadLineAsync(CancellationToken.None))
        {
            lines.Add(Encoding.UTF8.GetString(reader.Current.Span));
            Assert.That(reader.LineNumber, Is.EqualTo(lines.Count));
        }

        Assert.That(lines, Is.EqualTo(expected));
    }

    [Test]
    public async Task ReadLineAsync_LineOverMaximum_KeepsStartAndCountsFullLength()
    {
        string text = "first\n" + new string('x', 300_000) + "\nlast\n";
        ArchiveLineReader reader = new(new SlowStream(Encoding.UTF8.GetBytes(text), 7_000), 100_000);

        List<(string Start, long FullLength)> lines = [];
        while (await reader.ReadLineAsync(CancellationToken.None))
        {
            string current = Encoding.UTF8.GetString(reader.Current.Span);
            lines.Add((current.Length > 10 ? current[..10] : current, reader.CurrentFullLength));
        }

        Assert.That(lines, Has.Count.EqualTo(3));
        Assert.That(lines[0], Is.EqualTo(("first", 0L)));
        Assert.That(lines[1], Is.EqualTo(("xxxxxxxxxx", 300_000L)));
        Assert.That(lines[2], Is.EqualTo(("last", 0L)));
    }

    [Test]
    public async Task ReadLineAsync_ManyLinesInSmallReads_ReturnsEveryLine()
    {
        string[] expected = [.. Enumerable.Range(0, 20_000).Select(i => $"line {i} " + new string('y', i % 97))];
        ArchiveLineReader reader = new(new SlowStream(Encoding.UTF8.GetBytes(string.Join('\n', expected) + "\n"), 333), 1000);

        List<string> lines = [];
        while (await reader.ReadLineAsync(CancellationToken.None))
        {
            lines.Add(Encoding.UTF8.GetString(reader.Current.Span));
        }

        Assert.That(lines, Is.EqualTo(expected));
    }

    [TestCase(0, "line\n", false)]
    [TestCase(1, "line\n", false)]
    [TestCase(2, "{\"messageType\":\"DATA_MESSAGE\"}", true)]
    [TestCase(1, "\n  {\"a\":1}", true)]
    public async Task OpenAsync_GzipLevels_DecompressesAndDetectsJson(int gzipLevels, string text, bool expectedJson)
    {
        byte[] data = Encoding.UTF8.GetBytes(text);
        for (int i = 0; i < gzipLevels; i++)
        {
            data = Gzip(data);
        }

        (Stream content, bool isJson) = await ArchiveContent.OpenAsync(new MemoryStream(data), CancellationToken.None);
        using StreamReader reader = new(content);

        Assert.That(isJson, Is.EqualTo(expectedJson));
        Assert.That(await reader.ReadToEndAsync(), Is.EqualTo(text));
    }

    [TestCase(1)]
    [TestCase(3)]
    [TestCase(40)]
    public async Task GzipIntegrityStream_CompleteMembers_ReadsAllData(int members)
    {
        byte[][] parts = [.. Enumerable.Range(0, members).Select(i => Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat($"member {i} line\n", 500 + i))))];
        byte[] gzip = [.. parts.SelectMany(Gzip)];

        byte[] data = await ReadAllAsync(new GzipIntegrityStream(new MemoryStream(gzip)));

        Assert.That(data, Is.EqualTo(parts.SelectMany(p => p).ToArray()));
    }

    [TestCase(1, 0.5)]
    [TestCase(1, 0.99)]
    [TestCase(3, 0.5)]
    [TestCase(3, 0.9)]
    [TestCase(40, 0.75)]
    public void GzipIntegrityStream_CutShort_RaisesInvalidData(int members, double keptShare)
    {
        byte[][] parts = [.. Enumerable.Range(0, members).Select(i => Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat($"member {i} line\n", 2000 + i))))];
        byte[] gzip = [.. parts.SelectMany(Gzip)];
        byte[] cut = gzip[..(int)(gzip.Length * keptShare)];

        Assert.That(() => ReadAllAsync(new GzipIntegrityStream(new MemoryStream(cut))), Throws.InstanceOf<InvalidDataException>());
    }

    [Test]
    public void GzipIntegrityStream_LastByteMissing_RaisesInvalidData()
    {
        byte[] gzip = Gzip(Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("line\n", 10_000))));

        Assert.That(() => ReadAllAsync(new GzipIntegrityStream(new MemoryStream(gzip[..^1]))), Throws.InstanceOf<InvalidDataException>());
    }

    private static async Task<byte[]> ReadAllAsync(Stream stream)
    {
        await using (stream)
        {
            using MemoryStream output = new();
            await stream.CopyToAsync(output);
            return output.ToArray();
        }
    }

    internal static byte[] Gzip(byte[] data)
    {
        using MemoryStream output = new();
        using (GZipStream gzip = new(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(data);
        }

        return output.ToArray();
    }

    /// <summary>Returns at most a given number of bytes per read, as a network stream may.</summary>
    private sealed class SlowStream(byte[] data, int maxRead) : MemoryStream(data)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, maxRead));

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, maxRead)], cancellationToken);
    }
}
