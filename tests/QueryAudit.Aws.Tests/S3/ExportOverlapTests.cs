using System.Globalization;
using System.Text;
using Amazon.S3;
using Amazon.S3.Model;
using QueryAudit.Aws.S3;
using QueryAudit.Aws.Tests.Support;
using QueryAudit.Core.Audit;

namespace QueryAudit.Aws.Tests.S3;

/// <summary>
/// CloudWatch export tasks over partly overlapping time ranges, read back from s3rver: each event of the overlap is read
/// once, identical events of one task are all read, and a restart inside the overlap reads what an uninterrupted read
/// reads.
/// </summary>
/// <remarks>
/// Each task exports the first 3,000 capture lines whose time lies in its range, spread over three instance streams,
/// as objects of 400 lines. Task A misses every 40th line, as a task run before those events were ingested does, so
/// task B also contains events of the overlap that A lacks.
/// </remarks>
[TestFixture]
[NonParallelizable]
public sealed class ExportOverlapTests
{
    private const string Bucket = "export-archive";
    private const int Count = 3000;
    private const int Streams = 3;
    private const int ObjectLines = 400;
    private const int LateEvery = 40;

    private S3rverServer _server = null!;
    private AmazonS3Client _s3 = null!;

    public enum Shape
    {
        /// <summary>B starts inside A and ends after it.</summary>
        OverlapAtStart,

        /// <summary>B starts before A and ends inside it.</summary>
        OverlapAtEnd,

        /// <summary>B starts before A and ends after it.</summary>
        OverlapInMiddle,

        /// <summary>B starts and ends inside A.</summary>
        ContainedInFirst,

        /// <summary>A and B export the same range, with the same events.</summary>
        Identical,
    }

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

    [TestCase(Shape.OverlapAtStart, false)]
    [TestCase(Shape.OverlapAtStart, true)]
    [TestCase(Shape.OverlapAtEnd, false)]
    [TestCase(Shape.OverlapAtEnd, true)]
    [TestCase(Shape.OverlapInMiddle, false)]
    [TestCase(Shape.OverlapInMiddle, true)]
    [TestCase(Shape.ContainedInFirst, false)]
    [TestCase(Shape.ContainedInFirst, true)]
    [TestCase(Shape.Identical, false)]
    [TestCase(Shape.Identical, true)]
    public async Task ReadLinesAsync_OverlappingTasks_EachEventOnce(Shape shape, bool chunksOutOfOrder)
    {
        string prefix = $"overlap-{shape}-{chunksOutOfOrder}/";
        (ExportTask first, ExportTask second) = Tasks(shape);
        await PutTaskAsync(prefix, first, chunksOutOfOrder: false);
        Dictionary<string, List<int>> secondObjects = await PutTaskAsync(prefix, second, chunksOutOfOrder);
        S3ArchiveSource source = new(_s3, new S3ArchiveSourceOptions { BucketName = Bucket, Prefix = prefix });

        List<RawLine> delivered = await ReadAsync(source);

        HashSet<int> overlap = [.. first.Indexes().Intersect(second.Indexes())];
        Assert.That(overlap, Has.Count.GreaterThan(100), "the tasks must share events");
        Assert.That(
            AuroraCapture.Multiset(delivered.Select(l => l.Text)),
            Is.EqualTo(AuroraCapture.Multiset(first.Indexes().Union(second.Indexes()).Select(i => AuroraCapture.Lines[i]))));
        Assert.That(source.DuplicatesRemoved, Is.EqualTo(overlap.Count));

        // Memory: comparing one of B's objects keeps A's lines inside that object's time span in memory. That span lies
        // inside B's range, so the lines kept are never all of A's.
        int firstLinesInSecondRange = first.Indexes().Count(i => second.Contains(Time(i)));
        Assert.That(source.LargestExportOverlap, Is.InRange(1, firstLinesInSecondRange));
        if (shape == Shape.Identical)
        {
            Assert.That(delivered.Where(l => l.Uri.Contains("/task-b/", StringComparison.Ordinal)), Is.Empty, "an identical export is dropped whole");
            Assert.That(secondObjects.Values.Sum(o => o.Count), Is.EqualTo(source.DuplicatesRemoved));
        }
    }

    [Test]
    public async Task ReadLinesAsync_IdenticalEventsInOneTask_AllKept()
    {
        // Same stream, millisecond and text, so only the number of copies of a line distinguishes the events.
        string prefix = "identical-events/";
        string x = AuroraCapture.Lines[100];
        string w = AuroraCapture.Lines[150];
        string y = AuroraCapture.Lines[120];
        string z = AuroraCapture.Lines[2900];
        await PutObjectAsync($"{prefix}task-a/instance-1/000000.gz", [x, w, w]);

        // Task B has x three times (once as A has it, and two more events) and w twice, as A does.
        await PutObjectAsync($"{prefix}task-b/instance-1/000000.gz", [x, x, y, w, w]);
        await PutObjectAsync($"{prefix}task-b/instance-1/000001.gz", [x]);

        // Task C shares no time with A or B: its two identical events are both read.
        await PutObjectAsync($"{prefix}task-c/instance-1/000000.gz", [z, z]);
        S3ArchiveSource source = new(_s3, new S3ArchiveSourceOptions { BucketName = Bucket, Prefix = prefix });

        List<RawLine> delivered = await ReadAsync(source);

        Dictionary<string, int> counts = AuroraCapture.Multiset(delivered.Select(l => l.Text));
        Assert.That(counts[x], Is.EqualTo(3), "x: one event in A, two more in B");
        Assert.That(counts[w], Is.EqualTo(2), "w: the same two events in A and B");
        Assert.That(counts[y], Is.EqualTo(1));
        Assert.That(counts[z], Is.EqualTo(2), "z: two events in one object");
        Assert.That(counts.Values.Sum(), Is.EqualTo(8));
        Assert.That(source.DuplicatesRemoved, Is.EqualTo(3));
    }

    [Test]
    public async Task ReadLinesAsync_ThreeOverlappingTasks_EachEventOnce()
    {
        // Each task misses other late events, so every pair of tasks shares some events and not others.
        string prefix = "overlap-three/";
        ExportTask[] tasks =
        [
            new("task-a", At(0), At(0.5), LateEvery),
            new("task-b", At(0.3), At(1), 30),
            new("task-c", At(0.2), At(0.8)),
        ];
        foreach (ExportTask task in tasks)
        {
            await PutTaskAsync(prefix, task, chunksOutOfOrder: task.Folder == "task-b");
        }

        S3ArchiveSource source = new(_s3, new S3ArchiveSourceOptions { BucketName = Bucket, Prefix = prefix });

        List<RawLine> delivered = await ReadAsync(source);

        List<int> union = [.. tasks.SelectMany(t => t.Indexes()).Distinct()];
        Assert.That(AuroraCapture.Multiset(delivered.Select(l => l.Text)), Is.EqualTo(AuroraCapture.Multiset(union.Select(i => AuroraCapture.Lines[i]))));
        Assert.That(source.DuplicatesRemoved, Is.EqualTo(tasks.Sum(t => t.Indexes().Count()) - union.Count));
    }

    [Test]
    public async Task ReadLinesAsync_IdenticalEventsInThreeTasks_LargestCountKept()
    {
        // A and B each contain one event x, and C contains it and a second identical event. Two events in all, not three or one.
        string prefix = "identical-three/";
        string x = AuroraCapture.Lines[100];
        await PutObjectAsync($"{prefix}task-a/instance-1/000000.gz", [x]);
        await PutObjectAsync($"{prefix}task-b/instance-1/000000.gz", [x]);
        await PutObjectAsync($"{prefix}task-c/instance-1/000000.gz", [x, x]);
        S3ArchiveSource source = new(_s3, new S3ArchiveSourceOptions { BucketName = Bucket, Prefix = prefix });

        List<RawLine> delivered = await ReadAsync(source);

        Assert.That(delivered.Select(l => l.Text), Is.EqualTo(new[] { x, x }));
        Assert.That(delivered.Select(l => l.Uri[(l.Uri.IndexOf("/task-", StringComparison.Ordinal) + 1)..]), Is.EqualTo(new[] { "task-a/instance-1/000000.gz", "task-c/instance-1/000000.gz" }));
        Assert.That(source.DuplicatesRemoved, Is.EqualTo(2));
    }

    [TestCase("before the overlap")]
    [TestCase("inside the overlap")]
    [TestCase("last line passed on")]
    public async Task ReadLinesAsync_RestartInOverlap_SameAsUninterrupted(string stopAt)
    {
        string prefix = $"overlap-restart-{stopAt.Replace(' ', '-')}/";
        (ExportTask first, ExportTask second) = Tasks(Shape.OverlapInMiddle);
        await PutTaskAsync(prefix, first, chunksOutOfOrder: false);
        Dictionary<string, List<int>> secondObjects = await PutTaskAsync(prefix, second, chunksOutOfOrder: true);
        S3ArchiveSourceOptions options = new() { BucketName = Bucket, Prefix = prefix };
        S3ArchiveSource uninterrupted = new(_s3, options);
        List<RawLine> reference = await ReadAsync(uninterrupted);
        int stopAfter = StopPosition(reference, secondObjects, first.Indexes().ToHashSet(), stopAt, prefix);

        Restarted restarted = await ReadWithRestartAsync(options, stopAfter);

        Assert.That(restarted.Checkpoint.ObjectComplete, Is.False, "the test needs a stop inside an object of task B");
        Assert.That(restarted.Replayed, Is.EqualTo(reference.Take(stopAfter)), "the replay ends where the first read stopped");
        Assert.That(restarted.Delivered, Is.EqualTo(reference), "the same lines at the same positions, in the same order");
        Assert.That(restarted.DuplicatesRemoved, Is.EqualTo(uninterrupted.DuplicatesRemoved));
        Assert.That(uninterrupted.DuplicatesRemoved, Is.EqualTo(first.Indexes().Intersect(second.Indexes()).Count()));
    }

    [Test]
    public async Task ReadLinesAsync_RestartBetweenIdenticalEvents_KeepsBoth()
    {
        // Task B contains x twice: the event that task A contains too, and a second identical event after two late events.
        string prefix = "overlap-restart-identical/";
        string x = AuroraCapture.Lines[300];
        string[] late = [AuroraCapture.Lines[310], AuroraCapture.Lines[320], AuroraCapture.Lines[325]];
        await PutObjectAsync($"{prefix}task-a/instance-1/000000.gz", [x, AuroraCapture.Lines[330]]);
        await PutObjectAsync($"{prefix}task-b/instance-1/000000.gz", [x, late[0], late[1], x, late[2]]);
        S3ArchiveSourceOptions options = new() { BucketName = Bucket, Prefix = prefix };
        S3ArchiveSource uninterrupted = new(_s3, options);
        List<RawLine> reference = await ReadAsync(uninterrupted);
        Assert.That(reference.Select(l => l.Text), Is.EqualTo(new[] { x, AuroraCapture.Lines[330], late[0], late[1], x, late[2] }));
        Assert.That(uninterrupted.DuplicatesRemoved, Is.EqualTo(1));

        // A stop after each line, in A's object and in B's, before and after the copy of x that is dropped.
        for (int stopAfter = 1; stopAfter < reference.Count; stopAfter++)
        {
            Restarted restarted = await ReadWithRestartAsync(options, stopAfter);

            Assert.That(restarted.Delivered, Is.EqualTo(reference), $"stop after {stopAfter} lines");
            Assert.That(restarted.DuplicatesRemoved, Is.EqualTo(1), $"stop after {stopAfter} lines");
        }
    }

    [Test]
    public async Task ReadLinesAsync_EarlierObjectReplaced_ReadTwiceWithWarning()
    {
        string prefix = "overlap-replaced/";
        (ExportTask first, ExportTask second) = Tasks(Shape.OverlapInMiddle);
        Dictionary<string, List<int>> firstObjects = await PutTaskAsync(prefix, first, chunksOutOfOrder: false);
        await PutTaskAsync(prefix, second, chunksOutOfOrder: false);
        string lastOfFirst = firstObjects.Keys.Max(StringComparer.Ordinal)!;
        ListLogger<S3ArchiveSource> logger = new();
        S3ArchiveSource source = new(_s3, new S3ArchiveSourceOptions { BucketName = Bucket, Prefix = prefix }, logger: logger);

        // Once task A is read, its instance-1 objects are replaced by their lines in reverse order (another ETag), so
        // task B's instance-1 objects cannot be compared with what A delivered.
        List<RawLine> delivered = [];
        List<string> replaced = [.. firstObjects.Keys.Where(k => k.Contains("/billing-prod-instance-1/", StringComparison.Ordinal))];
        await foreach (RawAuditLine line in source.ReadLinesAsync(CancellationToken.None))
        {
            delivered.Add(RawLine.Of(line));
            if (line.Position.Source == $"s3://{Bucket}/{lastOfFirst}" && line.Position.Line == firstObjects[lastOfFirst].Count)
            {
                foreach (string key in replaced)
                {
                    await PutObjectAsync(key, Enumerable.Reverse(firstObjects[key]).Select(i => AuroraCapture.Lines[i]));
                }
            }
        }

        // Instance 1 is read as A and B contain it; instances 2 and 3 each event once.
        HashSet<int> firstIndexes = [.. first.Indexes()];
        IEnumerable<int> expected = firstIndexes.Concat(second.Indexes().Where(i => i % Streams == 0 || !firstIndexes.Contains(i)));
        Assert.That(AuroraCapture.Multiset(delivered.Select(l => l.Text)), Is.EqualTo(AuroraCapture.Multiset(expected.Select(i => AuroraCapture.Lines[i]))));
        Assert.That(source.DuplicatesRemoved, Is.EqualTo(second.Indexes().Count(i => i % Streams != 0 && firstIndexes.Contains(i))));
        List<string> warnings = [.. logger.Entries.Where(e => e.EventId.Id == 6306).Select(e => e.Message)];
        Assert.That(warnings, Is.Not.Empty);
        Assert.That(warnings, Has.All.Contains("was replaced since it was read"));
        Assert.That(warnings, Has.All.Contains("/task-a/billing-prod-instance-1/"));
    }

    private static long Time(int index) => AuroraCapture.TimestampMs(AuroraCapture.Lines[index]);

    /// <summary>Returns the time at <paramref name="fraction"/> of the way through the distinct times of the lines used.</summary>
    private static long At(double fraction)
    {
        long[] times = [.. Enumerable.Range(0, Count).Select(Time).Distinct().Order()];
        return times[(int)(fraction * (times.Length - 1))];
    }

    private static (ExportTask First, ExportTask Second) Tasks(Shape shape)
    {
        (long a, long b, long c, long d) = (At(0), At(0.3), At(0.7), At(1));
        return shape switch
        {
            Shape.OverlapAtStart => (new ExportTask("task-a", a, c, LateEvery), new ExportTask("task-b", b, d)),
            Shape.OverlapAtEnd => (new ExportTask("task-a", b, d, LateEvery), new ExportTask("task-b", a, c)),
            Shape.OverlapInMiddle => (new ExportTask("task-a", b, c, LateEvery), new ExportTask("task-b", a, d)),
            Shape.ContainedInFirst => (new ExportTask("task-a", a, d, LateEvery), new ExportTask("task-b", b, c)),
            _ => (new ExportTask("task-a", a, d), new ExportTask("task-b", a, d)),
        };
    }

    /// <summary>
    /// Returns how many lines the interrupted read passes on before it stops. The stop is in a task B object with
    /// dropped lines: at its first line passed on before them, at a line passed on between two of them, or at its last
    /// line passed on when dropped lines follow it.
    /// </summary>
    private static int StopPosition(List<RawLine> reference, Dictionary<string, List<int>> secondObjects, HashSet<int> firstIndexes, string stopAt, string prefix)
    {
        foreach ((string key, List<int> indexes) in secondObjects.OrderBy(o => o.Key, StringComparer.Ordinal))
        {
            List<long> droppedLines = [.. indexes.Select((index, i) => (index, Line: i + 1L)).Where(l => firstIndexes.Contains(l.index)).Select(l => l.Line)];
            List<int> passedOn = [.. reference.Select((line, position) => (line, position)).Where(l => l.line.Uri == $"s3://{Bucket}/{key}").Select(l => l.position)];
            if (droppedLines.Count == 0 || passedOn.Count < 3)
            {
                continue;
            }

            int? found = stopAt switch
            {
                "before the overlap" => passedOn.Where(p => reference[p].Line < droppedLines.Min()).Select(p => (int?)p).FirstOrDefault(),
                "inside the overlap" => passedOn.Where(p => reference[p].Line > droppedLines.Min() && reference[p].Line < droppedLines.Max()).Select(p => (int?)p).Skip(3).FirstOrDefault(),
                _ => reference[passedOn[^1]].Line < droppedLines.Max() ? passedOn[^1] : null,
            };
            if (found is { } position)
            {
                return position + 1;
            }
        }

        Assert.Fail($"No object under {prefix}task-b/ has a line passed on {stopAt}.");
        return 0;
    }

    /// <summary>Stores a task's lines per stream as export objects of up to 400 lines; returns each object's line indexes in order.</summary>
    private async Task<Dictionary<string, List<int>>> PutTaskAsync(string prefix, ExportTask task, bool chunksOutOfOrder)
    {
        Dictionary<string, List<int>> objects = [];
        for (int stream = 0; stream < Streams; stream++)
        {
            int[][] parts = [.. task.Indexes().Where(i => i % Streams == stream).Chunk(ObjectLines)];
            for (int part = 0; part < parts.Length; part++)
            {
                // CloudWatch does not guarantee time order inside an exported file: the chunks may come in any order.
                List<int> indexes = chunksOutOfOrder ? [.. parts[part].Chunk(50).Reverse().SelectMany(chunk => chunk)] : [.. parts[part]];
                string key = string.Create(CultureInfo.InvariantCulture, $"{prefix}{task.Folder}/billing-prod-instance-{stream + 1}/{part:D6}.gz");
                await PutObjectAsync(key, indexes.Select(i => AuroraCapture.Lines[i]));
                objects.Add(key, indexes);
            }
        }

        return objects;
    }

    /// <summary>Stores lines as a CloudWatch export object: each prefixed with its ISO 8601 UTC time, gzip.</summary>
    private async Task PutObjectAsync(string key, IEnumerable<string> lines)
    {
        StringBuilder text = new();
        foreach (string line in lines)
        {
            string time = DateTimeOffset.FromUnixTimeMilliseconds(AuroraCapture.TimestampMs(line)).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
            text.Append(time).Append(' ').Append(line).Append('\n');
        }

        using MemoryStream body = new(ArchiveReadingTests.Gzip(Encoding.UTF8.GetBytes(text.ToString())));
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = key, InputStream = body, UseChunkEncoding = false });
    }

    /// <summary>
    /// Reads <paramref name="stopAfter"/> lines, then, as <c>queryaudit run</c> does after a restart, reads the prefix
    /// again up to the checkpoint to rebuild the memory of repeated events, and reads on from the checkpoint with it.
    /// </summary>
    private async Task<Restarted> ReadWithRestartAsync(S3ArchiveSourceOptions options, int stopAfter)
    {
        // The checkpoint goes through JSON as the store keeps it.
        S3ArchiveSource interrupted = new(_s3, options);
        List<RawLine> delivered = await ReadAsync(interrupted, stopAfter);
        S3ArchiveCheckpoint checkpoint = S3ArchiveCheckpoint.FromJson(interrupted.Checkpoint!.ToJson());

        S3ArchiveSource replay = new(_s3, options) { StopAfter = checkpoint };
        List<RawLine> replayed = await ReadAsync(replay);
        S3ArchiveSource rest = new(_s3, options, checkpoint, duplicates: replay.Duplicates);
        delivered.AddRange(await ReadAsync(rest));
        return new Restarted(delivered, replayed, checkpoint, interrupted.DuplicatesRemoved + rest.DuplicatesRemoved);
    }

    private static async Task<List<RawLine>> ReadAsync(S3ArchiveSource source, int stopAfter = int.MaxValue)
    {
        List<RawLine> lines = [];
        await foreach (RawAuditLine line in source.ReadLinesAsync(CancellationToken.None))
        {
            lines.Add(RawLine.Of(line));
            if (lines.Count == stopAfter)
            {
                break;
            }
        }

        return lines;
    }

    /// <summary>An export task: the capture lines (by index) whose time lies in From to To, less every MissEvery-th line.</summary>
    private sealed record ExportTask(string Folder, long From, long To, int MissEvery = 0)
    {
        public bool Contains(long time) => time >= From && time <= To;

        public IEnumerable<int> Indexes() =>
            Enumerable.Range(0, Count).Where(i => Contains(Time(i)) && (MissEvery == 0 || i % MissEvery != MissEvery - 1));
    }

    /// <summary>What a read interrupted and resumed from its checkpoint delivered, what the replay delivered, and the duplicates both reads removed.</summary>
    private sealed record Restarted(List<RawLine> Delivered, List<RawLine> Replayed, S3ArchiveCheckpoint Checkpoint, long DuplicatesRemoved);

    /// <summary>A delivered line: its text without the export timestamp, and where it was read.</summary>
    private sealed record RawLine(string Text, string Uri, long Line, string? Instance)
    {
        public static RawLine Of(RawAuditLine line) => new(Encoding.UTF8.GetString(line.Bytes.Span), line.Position.Source, line.Position.Line, line.Instance);
    }
}
