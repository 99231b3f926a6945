using System.Globalization;
using System.Text;
using System.Text.Json;
using Amazon.S3;
using Amazon.S3.Model;
using QueryAudit.Aws.S3;
using QueryAudit.Aws.Tests.Support;
using QueryAudit.Core.Audit;

namespace QueryAudit.Aws.Tests.S3;

/// <summary>Reads CloudWatch export and Firehose objects of the real capture back from s3rver.</summary>
[TestFixture]
[NonParallelizable]
public sealed class S3ArchiveSourceTests
{
    private const string Bucket = "audit-archive";
    private const string ExportPrefix = "exports/billing-prod/";
    private const string FirehosePrefix = "firehose/2026/12/03/";
    private const int Streams = 3;

    private S3rverServer _server = null!;
    private AmazonS3Client _s3 = null!;

    [OneTimeSetUp]
    public async Task StartServerAndUpload()
    {
        _server = await S3rverServer.StartAsync(Bucket);
        _s3 = _server.CreateClient();
        await UploadExportAsync();
        await UploadFirehoseAsync();
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
    public async Task ReadLinesAsync_CloudWatchExport_ReturnsEveryLineWithPosition()
    {
        S3ArchiveSource source = new(_s3, new S3ArchiveSourceOptions { BucketName = Bucket, Prefix = ExportPrefix });

        List<(string Text, SourcePosition Position, string? Instance)> lines = [];
        await foreach (RawAuditLine line in source.ReadLinesAsync(CancellationToken.None))
        {
            lines.Add((Encoding.UTF8.GetString(line.Bytes.Span), line.Position, line.Instance));
        }

        Assert.That(AuroraCapture.Multiset(lines.Select(l => l.Text)), Is.EqualTo(AuroraCapture.Multiset(AuroraCapture.Lines)));
        Assert.That(source.Name, Is.EqualTo($"s3://{Bucket}/{ExportPrefix}"));
        (string text, SourcePosition position, string? instance) = lines[0];
        Assert.That(position, Is.EqualTo(new SourcePosition($"s3://{Bucket}/{ExportPrefix}task-7f3a/billing-prod-instance-1/000000.gz", 1)));
        Assert.That(instance, Is.EqualTo("billing-prod-instance-1"));
        Assert.That(text, Is.EqualTo(AuroraCapture.Lines[0]));
        foreach ((string Text, SourcePosition Position, string? Instance) line in lines)
        {
            Assert.That(line.Position.Source, Does.Contain($"/{line.Instance}/"));
        }
    }

    [Test]
    public async Task ReadLinesAsync_FirehoseDelivery_ReturnsEveryEventAndSkipsControlMessages()
    {
        S3ArchiveSource source = new(_s3, new S3ArchiveSourceOptions { BucketName = Bucket, Prefix = FirehosePrefix });

        List<(string Text, SourcePosition Position, string? Instance)> lines = [];
        await foreach (RawAuditLine line in source.ReadLinesAsync(CancellationToken.None))
        {
            lines.Add((Encoding.UTF8.GetString(line.Bytes.Span), line.Position, line.Instance));
        }

        Assert.That(AuroraCapture.Multiset(lines.Select(l => l.Text)), Is.EqualTo(AuroraCapture.Multiset(AuroraCapture.Lines)));
        Assert.That(lines.Select(l => l.Position.EventId).Distinct().Count(), Is.EqualTo(AuroraCapture.Lines.Count));
        Assert.That(lines.All(l => l.Instance!.StartsWith("billing-prod-instance-", StringComparison.Ordinal)), Is.True);
        Assert.That(lines[0].Position.Line, Is.EqualTo(1));
        Assert.That(source.SkippedEnvelopes, Is.EqualTo(2), "one CONTROL_MESSAGE in each of the two delivery objects");
    }

    [TestCase(ExportPrefix, 1, 12_450, 24_899)]
    [TestCase(ExportPrefix, 5_000, 5_001, 37_349)]
    [TestCase(FirehosePrefix, 1, 10_000, 30_000)]
    [TestCase(FirehosePrefix, 499, 500, 18_676)]
    public async Task ReadLinesAsync_StoppedAndResumedFromCheckpoint_ReturnsEveryLineOnce(string prefix, int firstStop, int secondStop, int thirdStop)
    {
        List<string> delivered = [];
        S3ArchiveCheckpoint? checkpoint = null;
        foreach (int stop in new[] { firstStop, secondStop, thirdStop, int.MaxValue })
        {
            S3ArchiveSource source = new(_s3, new S3ArchiveSourceOptions { BucketName = Bucket, Prefix = prefix }, checkpoint);
            await foreach (RawAuditLine line in source.ReadLinesAsync(CancellationToken.None))
            {
                delivered.Add(Encoding.UTF8.GetString(line.Bytes.Span));
                if (delivered.Count == stop)
                {
                    break;
                }
            }

            checkpoint = source.Checkpoint is null ? checkpoint : S3ArchiveCheckpoint.FromJson(source.Checkpoint.ToJson());
        }

        Assert.That(delivered, Has.Count.EqualTo(AuroraCapture.Lines.Count));
        Assert.That(AuroraCapture.Multiset(delivered), Is.EqualTo(AuroraCapture.Multiset(AuroraCapture.Lines)));
    }

    [Test]
    public void ReadLinesAsync_CheckpointObjectReplaced_RaisesInputError()
    {
        string key = $"{ExportPrefix}task-7f3a/billing-prod-instance-2/000000.gz";
        S3ArchiveCheckpoint checkpoint = new() { ObjectKey = key, Line = 10, ObjectComplete = false, ETag = "\"0123456789abcdef0123456789abcdef\"" };
        S3ArchiveSource source = new(_s3, new S3ArchiveSourceOptions { BucketName = Bucket, Prefix = ExportPrefix }, checkpoint);

        AuditInputException? error = Assert.ThrowsAsync<AuditInputException>(async () =>
        {
            await foreach (RawAuditLine line in source.ReadLinesAsync(CancellationToken.None))
            {
            }
        });

        Assert.That(error!.Message, Does.Contain(key));
        Assert.That(error.Message, Does.Contain("changed since the checkpoint"));
    }

    [Test]
    public void ReadLinesAsync_DamagedGzip_RaisesInputErrorNamingObject()
    {
        byte[] gzip = ArchiveReadingTests.Gzip(Encoding.UTF8.GetBytes(string.Join('\n', AuroraCapture.Lines.Take(2000))));
        string key = "damaged/task/instance-1/000000.gz";
        Put(key, gzip.AsSpan(0, gzip.Length / 2).ToArray()).GetAwaiter().GetResult();
        S3ArchiveSource source = new(_s3, new S3ArchiveSourceOptions { BucketName = Bucket, Prefix = "damaged/" });

        AuditInputException? error = Assert.ThrowsAsync<AuditInputException>(async () =>
        {
            await foreach (RawAuditLine line in source.ReadLinesAsync(CancellationToken.None))
            {
            }
        });

        Assert.That(error!.Message, Does.Contain($"s3://{Bucket}/{key}"));
    }

    /// <summary>
    /// Writes the capture as a CloudWatch Logs export task would: per stream, gzip objects of
    /// <c>TIMESTAMP MESSAGE</c> lines, plus the permission-check object the task writes first.
    /// </summary>
    private async Task UploadExportAsync()
    {
        await Put($"{ExportPrefix}aws-logs-write-test", Encoding.UTF8.GetBytes("Permission Check Successful"));
        for (int s = 0; s < Streams; s++)
        {
            string[] lines = [.. AuroraCapture.Lines.Where((_, i) => i % Streams == s)];
            int half = lines.Length / 2;
            for (int part = 0; part < 2; part++)
            {
                IEnumerable<string> chunk = part == 0 ? lines.Take(half) : lines.Skip(half);
                StringBuilder text = new();
                foreach (string line in chunk)
                {
                    string time = DateTimeOffset.FromUnixTimeMilliseconds(AuroraCapture.TimestampMs(line)).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
                    text.Append(time).Append(' ').Append(line).Append('\n');
                }

                await Put($"{ExportPrefix}task-7f3a/billing-prod-instance-{s + 1}/{part:D6}.gz", ArchiveReadingTests.Gzip(Encoding.UTF8.GetBytes(text.ToString())));
            }
        }
    }

    /// <summary>
    /// Writes the capture as Firehose delivers a CloudWatch Logs subscription: each object is a
    /// run of gzip members, one JSON envelope of up to 500 events each, after a CONTROL_MESSAGE.
    /// The second object is compressed once more, as with Firehose's own GZIP compression on.
    /// </summary>
    private async Task UploadFirehoseAsync()
    {
        int half = AuroraCapture.Lines.Count / 2;
        for (int part = 0; part < 2; part++)
        {
            using MemoryStream content = new();
            content.Write(ArchiveReadingTests.Gzip(Envelope("CONTROL_MESSAGE", "", [])));
            IEnumerable<(string Line, int Index)> events = AuroraCapture.Lines.Select((l, i) => (l, i)).Skip(part * half).Take(part == 0 ? half : int.MaxValue);
            foreach (IGrouping<int, (string Line, int Index)> stream in events.GroupBy(e => e.Index % Streams))
            {
                foreach ((string Line, int Index)[] batch in stream.Chunk(500))
                {
                    content.Write(ArchiveReadingTests.Gzip(Envelope("DATA_MESSAGE", $"billing-prod-instance-{stream.Key + 1}", batch)));
                }
            }

            byte[] body = part == 0 ? content.ToArray() : ArchiveReadingTests.Gzip(content.ToArray());
            await Put($"{FirehosePrefix}10/audit-delivery-{part + 1}-2026-12-03-10-00-00-5c1f", body);
        }
    }

    private static byte[] Envelope(string messageType, string stream, IEnumerable<(string Line, int Index)> events)
    {
        using MemoryStream output = new();
        using (Utf8JsonWriter writer = new(output))
        {
            writer.WriteStartObject();
            writer.WriteString("messageType", messageType);
            writer.WriteString("owner", messageType == "DATA_MESSAGE" ? "123456789012" : "CloudwatchLogs");
            writer.WriteString("logGroup", messageType == "DATA_MESSAGE" ? AuroraCapture.Group : "");
            writer.WriteString("logStream", stream);
            writer.WriteStartArray("subscriptionFilters");
            writer.WriteStringValue("audit-to-firehose");
            writer.WriteEndArray();
            writer.WriteStartArray("logEvents");
            foreach ((string line, int index) in events)
            {
                writer.WriteStartObject();
                writer.WriteString("id", $"{AuroraCapture.TimestampMs(line):D20}{index:D36}");
                writer.WriteNumber("timestamp", AuroraCapture.TimestampMs(line));
                writer.WriteString("message", line);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return output.ToArray();
    }

    private async Task Put(string key, byte[] body)
    {
        using MemoryStream stream = new(body);
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = key, InputStream = stream, UseChunkEncoding = false });
    }
}
