using System.Collections.Concurrent;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using QueryAudit.Core.Audit;
using QueryAudit.Core.Reconciliation;

namespace QueryAudit.Worker.Tests.Reconcile;

/// <summary>
/// `reconcile` decompresses a gzip input once when no earlier input starts with the same line, and again only to find
/// the lines it repeats or after a decompression error. The digest taken while reading gives the same manifest hashes
/// and finding ids as the digest of a separate pass.
/// </summary>
[NonParallelizable]
public class InputReadCountTests
{
    private static readonly string Fixture = Path.Combine(TestPaths.Fixtures, "logs", "mariadb", "server_audit.log.004.gz");

    private readonly ConcurrentQueue<(string Path, long Bytes)> _passes = new();

    [SetUp]
    public void ObserveDecompression() => GzipReadObserver.Observer = (path, bytes) => _passes.Enqueue((path, bytes));

    [TearDown]
    public void StopObserving() => GzipReadObserver.Observer = null;

    [TestCase(1)]
    [TestCase(2)]
    public async Task Reconcile_GzipRotation_EachFileDecompressedOnce(int threads)
    {
        string folder = TestPaths.NewTempFolder("read-once");
        string logs = Path.Combine(TestPaths.Fixtures, "logs", "mariadb");
        string[] files = Directory.GetFiles(logs, "*.gz");
        Dictionary<string, long> contentBytes = files.ToDictionary(f => f, ContentBytes);
        _passes.Clear();

        int exitCode = await ReconcileRunner.RunAsync(ReconcileRunner.Settings(logs, Path.Combine(folder, "out")) with { Threads = threads });

        Assert.That(exitCode, Is.Zero);
        Assert.That(files, Has.Length.GreaterThan(1));
        foreach (string file in files)
        {
            List<long> passes = _passes.Where(p => p.Path == file).Select(p => p.Bytes).ToList();
            Assert.That(passes.Count(bytes => bytes == contentBytes[file]), Is.EqualTo(1), $"{file} is decompressed in full once");
            Assert.That(passes, Has.Count.EqualTo(2), $"{file}: one pass to read it, one for its first line");
            Assert.That(passes.Min(), Is.LessThanOrEqualTo(8 * 1024), $"{file}: the first line takes one small read");
        }

        await AssertManifestHashesAsync(Path.Combine(folder, "out"));
    }

    [Test]
    public async Task Reconcile_PrefixCopy_DecompressedAgainToCompare()
    {
        string folder = TestPaths.NewTempFolder("read-overlap");
        string[] lines = AuditLogFiles.ReadGzipLines(Fixture);
        string part = AuditLogFiles.Write(folder, "b1.log.gz", gzip: true, lines[..5000]);
        string whole = AuditLogFiles.Write(folder, "b2.log.gz", gzip: true, lines);
        long wholeBytes = ContentBytes(whole);
        _passes.Clear();

        await ReconcileRunner.RunAsync(ReconcileRunner.Settings(part, Path.Combine(folder, "out")) with { Inputs = [part, whole] });

        // The earlier copy is read once. The later file is digested before it is read, and its start is hashed
        // again to prove the repeat.
        Assert.That(_passes.Count(p => p.Path == part && p.Bytes == ContentBytes(part)), Is.EqualTo(1));
        Assert.That(_passes.Count(p => p.Path == whole && p.Bytes == wholeBytes), Is.EqualTo(2), "the digest pass and the reading pass");
        Assert.That(_passes.Count(p => p.Path == whole), Is.EqualTo(4), "and the first line and the prefix compare");
        using JsonDocument manifest = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(folder, "out", "manifest.json")));
        Assert.That(manifest.RootElement.GetProperty("counts").GetProperty("duplicatesRemoved").GetInt64(), Is.EqualTo(5000));
        await AssertManifestHashesAsync(Path.Combine(folder, "out"));
    }

    [Test]
    public async Task Reconcile_CorruptGzip_DigestedAgainAfterError()
    {
        string folder = TestPaths.NewTempFolder("read-corrupt");
        byte[] gzip = await File.ReadAllBytesAsync(Fixture);
        gzip.AsSpan(gzip.Length / 2, 64).Fill(0xFF);
        string corrupt = Path.Combine(folder, "server_audit.log.004.gz");
        await File.WriteAllBytesAsync(corrupt, gzip);
        string output = Path.Combine(folder, "out");
        _passes.Clear();

        int exitCode = await ReconcileRunner.RunAsync(ReconcileRunner.Settings(corrupt, output));

        Assert.That(exitCode, Is.Zero);
        Assert.That(_passes.Count(p => p.Path == corrupt), Is.EqualTo(3), "the first line, the reading up to the error, the digest");
        AuditContentDigest digest = await AuditContentDigest.ComputeAsync(corrupt, CancellationToken.None);
        Assert.That(digest.Damaged, Is.True);
        IReadOnlyDictionary<string, string> finding = CsvTable.Read(Path.Combine(output, "findings.csv")).Rows.Single(r => r["kind"] == FindingKinds.UnparsedLines);
        Assert.That(finding["id"], Is.EqualTo(FindingIds.Create(FindingKinds.UnparsedLines, digest.ContentSha256)));
        await AssertManifestHashesAsync(output);
    }

    [TestCase(false)]
    [TestCase(true)]
    public async Task Reconcile_UnparsedLines_IdFromContentHash(bool gzip)
    {
        // The id of an unparsed_lines finding comes from the input's content hash, which reading computed here.
        string folder = TestPaths.NewTempFolder("read-unparsed");
        string[] lines = AuditLogFiles.ReadGzipLines(Fixture);
        string input = AuditLogFiles.Write(folder, gzip ? "server_audit.log.gz" : "server_audit.log", gzip, [.. lines[..100], "garbage without any commas", .. lines[100..]]);
        string output = Path.Combine(folder, "out");
        _passes.Clear();

        await ReconcileRunner.RunAsync(ReconcileRunner.Settings(input, output));
        List<(string Path, long Bytes)> passes = [.. _passes];
        StopObserving();

        AuditContentDigest digest = await AuditContentDigest.ComputeAsync(input, CancellationToken.None);
        IReadOnlyDictionary<string, string> finding = CsvTable.Read(Path.Combine(output, "findings.csv")).Rows.Single(r => r["kind"] == FindingKinds.UnparsedLines);
        Assert.That(finding["id"], Is.EqualTo(FindingIds.Create(FindingKinds.UnparsedLines, digest.ContentSha256)));
        Assert.That(passes.Count(p => p.Path == input && p.Bytes == digest.ContentBytes), Is.EqualTo(gzip ? 1 : 0), "a gzip input is decompressed in full once");
        await AssertManifestHashesAsync(output);
    }

    /// <summary>Checks that the manifest gives each input file's SHA-256 and size.</summary>
    private static async Task AssertManifestHashesAsync(string output)
    {
        using JsonDocument manifest = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(output, "manifest.json")));
        foreach (JsonElement input in manifest.RootElement.GetProperty("inputs").EnumerateArray())
        {
            byte[] bytes = await File.ReadAllBytesAsync(input.GetProperty("path").GetString()!);
            Assert.That(input.GetProperty("sha256").GetString(), Is.EqualTo(Convert.ToHexStringLower(SHA256.HashData(bytes))));
            Assert.That(input.GetProperty("bytes").GetInt64(), Is.EqualTo(bytes.Length));
        }
    }

    private static long ContentBytes(string gzipPath)
    {
        using GZipStream gzip = new(File.OpenRead(gzipPath), CompressionMode.Decompress);
        using MemoryStream content = new();
        gzip.CopyTo(content);
        return content.Length;
    }
}
