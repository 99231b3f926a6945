using System.Globalization;
using System.Text;
using System.Text.Json;
using Amazon.S3;
using Amazon.S3.Model;
using QueryAudit.Aws.S3;
using QueryAudit.Aws.Tests.Support;
using QueryAudit.Core.Audit;

namespace QueryAudit.Aws.Tests.S3;

/// <summary>
/// Archives that hold events twice, read back from s3rver: Firehose redeliveries (same stream and event id in a later
/// object) and CloudWatch export objects repeated by a second task.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class ArchiveDuplicateTests
{
    private const string Bucket = "audit-archive";
    private const int Streams = 3;

    private S3rverServer _server = null!;
    private AmazonS3Client _s3 = null!;

    [OneTimeSetUp]
    public async Task StartServer()
    {
        _server = await S3rverServer.StartAsync(Bucket);
        _s3 = _server.CreateClient();
    }

    [OneTimeTearDown]
    public async Task StopServer()
    {
        _s3?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    [Test]
    public async Task ReadLinesAsync_FirehoseRedelivery_CountedOnce()
    {
        string prefix = await PutRedeliveryAsync("redelivery/");
        S3ArchiveSource source = new(_s3, new S3ArchiveSourceOptions { BucketName = Bucket, Prefix = prefix });

        List<string> delivered = await ReadAllAsync(source);

        Assert.That(delivered, Has.Count.EqualTo(3000));
        Assert.That(AuroraCapture.Multiset(delivered), Is.EqualTo(AuroraCapture.Multiset(AuroraCapture.Lines.Take(3000))));
        Assert.That(source.DuplicatesRemoved, Is.EqualTo(500));
        Assert.That(source.Checkpoint!.ObjectComplete, Is.True);
    }

    [TestCase(1)]
    [TestCase(1999)]
    [TestCase(2300)]
    public async Task ReadLinesAsync_RedeliveryAcrossRestart_CountedOnce(int stopAfterLines)
    {
        string prefix = await PutRedeliveryAsync($"redelivery-restart-{stopAfterLines}/");
        S3ArchiveSourceOptions options = new() { BucketName = Bucket, Prefix = prefix };

        // The first read stops inside the prefix; its checkpoint goes through JSON as the store keeps it.
        S3ArchiveSource first = new(_s3, options);
        List<string> delivered = await ReadAllAsync(first, stopAfterLines);
        S3ArchiveCheckpoint checkpoint = S3ArchiveCheckpoint.FromJson(first.Checkpoint!.ToJson());

        // As queryaudit run after a restart: read again up to the checkpoint to rebuild the memory, then read on.
        S3ArchiveSource replay = new(_s3, options) { StopAfter = checkpoint };
        List<string> replayed = await ReadAllAsync(replay);
        S3ArchiveSource rest = new(_s3, options, checkpoint, duplicates: replay.Duplicates);
        delivered.AddRange(await ReadAllAsync(rest));

        Assert.That(replayed, Is.EqualTo(delivered.Take(stopAfterLines)), "the replay ends where the first read stopped");
        Assert.That(delivered, Has.Count.EqualTo(3000));
        Assert.That(AuroraCapture.Multiset(delivered), Is.EqualTo(AuroraCapture.Multiset(AuroraCapture.Lines.Take(3000))));
        Assert.That(first.DuplicatesRemoved + rest.DuplicatesRemoved, Is.EqualTo(500));
    }

    [Test]
    public async Task ReadLinesAsync_LookalikeEvents_AllKept()
    {
        // One real line five times at one millisecond with five ids, as an application repeating a statement gives;
        // only the second object's copy of id 2 is a redelivery.
        string line = AuroraCapture.Lines[100];
        long time = AuroraCapture.TimestampMs(line);
        string prefix = "lookalike/2026/12/03/";
        await PutFirehoseAsync($"{prefix}10/d-1", [[Event(line, time, Id(time, 1)), Event(line, time, Id(time, 2)), Event(line, time, Id(time, 3))]]);
        await PutFirehoseAsync($"{prefix}10/d-2", [[Event(line, time, Id(time, 4)), Event(line, time, Id(time, 2)), Event(line, time, Id(time, 5))]]);
        S3ArchiveSource source = new(_s3, new S3ArchiveSourceOptions { BucketName = Bucket, Prefix = prefix });

        List<RawAuditLine> delivered = [];
        await foreach (RawAuditLine raw in source.ReadLinesAsync(CancellationToken.None))
        {
            delivered.Add(raw);
        }

        Assert.That(delivered.Select(l => l.Position.EventId), Is.EqualTo(new[] { Id(time, 1), Id(time, 2), Id(time, 3), Id(time, 4), Id(time, 5) }));
        Assert.That(source.DuplicatesRemoved, Is.EqualTo(1));
    }

    [Test]
    public async Task ReadLinesAsync_ExportedAgain_OnlyNewLinesRead()
    {
        string prefix = "exports-twice/";
        string[] first = [.. AuroraCapture.Lines.Take(1200)];
        string[] second = [.. AuroraCapture.Lines.Skip(1200).Take(800)];
        string extra = AuroraCapture.Lines[2500];
        await PutExportAsync($"{prefix}task-a/instance-1/000000.gz", first);
        await PutExportAsync($"{prefix}task-a/instance-2/000000.gz", second);

        // task-b exported the same range again for instance-1, and a longer range for instance-2: every line of the
        // first range again, and one more event, which is the only line of it read.
        await PutExportAsync($"{prefix}task-b/instance-1/000000.gz", first);
        await PutExportAsync($"{prefix}task-b/instance-2/000000.gz", [.. second, extra]);
        S3ArchiveSource source = new(_s3, new S3ArchiveSourceOptions { BucketName = Bucket, Prefix = prefix });

        List<string> delivered = await ReadAllAsync(source);

        Assert.That(AuroraCapture.Multiset(delivered), Is.EqualTo(AuroraCapture.Multiset([.. first, .. second, extra])));
        Assert.That(source.DuplicatesRemoved, Is.EqualTo(first.Length + second.Length));
        Assert.That(source.Checkpoint, Is.EqualTo(new S3ArchiveCheckpoint
        {
            ObjectKey = $"{prefix}task-b/instance-2/000000.gz",
            Line = second.Length + 1,
            ObjectComplete = true,
            ETag = source.Checkpoint!.ETag,
        }));
    }

    /// <summary>
    /// Writes 3,000 capture events as Firehose delivers them: the first object contains events 0 to 1,999; the second,
    /// delivered after a retry, contains events 1,500 to 1,999 again (same streams and ids), then 2,000 to 2,999.
    /// </summary>
    private async Task<string> PutRedeliveryAsync(string root)
    {
        string prefix = root + "2026/12/03/";
        IEnumerable<int> firstObject = Enumerable.Range(0, 2000);
        IEnumerable<int> secondObject = Enumerable.Range(1500, 500).Concat(Enumerable.Range(2000, 1000));
        await PutFirehoseAsync($"{prefix}10/audit-delivery-1-2026-12-03-10-00-00-5c1f", Envelopes(firstObject));
        await PutFirehoseAsync($"{prefix}10/audit-delivery-1-2026-12-03-10-05-00-9e2a", Envelopes(secondObject));
        return prefix;
    }

    /// <summary>Groups capture events (by index) into envelopes of one stream each, up to 500 events, as CloudWatch Logs sends them.</summary>
    private static List<List<(string Stream, string Message, long Time, string Id)>> Envelopes(IEnumerable<int> indexes) =>
        [.. indexes.GroupBy(i => i % Streams).SelectMany(stream => stream.Chunk(500)).Select(batch => batch.Select(i =>
        {
            string line = AuroraCapture.Lines[i];
            return ($"billing-prod-instance-{(i % Streams) + 1}", line, AuroraCapture.TimestampMs(line), Id(AuroraCapture.TimestampMs(line), i));
        }).ToList())];

    private static (string Stream, string Message, long Time, string Id) Event(string line, long time, string id) => ("billing-prod-instance-1", line, time, id);

    /// <summary>A 56-digit id like CloudWatch Logs': the time, then a sequence.</summary>
    private static string Id(long time, int sequence) => string.Create(CultureInfo.InvariantCulture, $"{time:D20}{sequence:D36}");

    private async Task PutFirehoseAsync(string key, IEnumerable<IReadOnlyList<(string Stream, string Message, long Time, string Id)>> envelopes)
    {
        using MemoryStream content = new();
        foreach (IReadOnlyList<(string Stream, string Message, long Time, string Id)> envelope in envelopes)
        {
            using MemoryStream json = new();
            using (Utf8JsonWriter writer = new(json))
            {
                writer.WriteStartObject();
                writer.WriteString("messageType", "DATA_MESSAGE");
                writer.WriteString("owner", "123456789012");
                writer.WriteString("logGroup", AuroraCapture.Group);
                writer.WriteString("logStream", envelope[0].Stream);
                writer.WriteStartArray("logEvents");
                foreach ((_, string message, long time, string id) in envelope)
                {
                    writer.WriteStartObject();
                    writer.WriteString("id", id);
                    writer.WriteNumber("timestamp", time);
                    writer.WriteString("message", message);
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            content.Write(ArchiveReadingTests.Gzip(json.ToArray()));
        }

        await PutAsync(key, content.ToArray());
    }

    private async Task PutExportAsync(string key, IEnumerable<string> lines)
    {
        StringBuilder text = new();
        foreach (string line in lines)
        {
            string time = DateTimeOffset.FromUnixTimeMilliseconds(AuroraCapture.TimestampMs(line)).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
            text.Append(time).Append(' ').Append(line).Append('\n');
        }

        await PutAsync(key, ArchiveReadingTests.Gzip(Encoding.UTF8.GetBytes(text.ToString())));
    }

    private async Task PutAsync(string key, byte[] body)
    {
        using MemoryStream stream = new(body);
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = key, InputStream = stream, UseChunkEncoding = false });
    }

    private static async Task<List<string>> ReadAllAsync(S3ArchiveSource source, int stopAfter = int.MaxValue)
    {
        List<string> lines = [];
        await foreach (RawAuditLine line in source.ReadLinesAsync(CancellationToken.None))
        {
            lines.Add(Encoding.UTF8.GetString(line.Bytes.Span));
            if (lines.Count == stopAfter)
            {
                break;
            }
        }

        return lines;
    }
}
