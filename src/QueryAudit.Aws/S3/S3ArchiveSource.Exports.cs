using System.Net;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Amazon.S3;
using Amazon.S3.Model;
using QueryAudit.Core.Audit;

namespace QueryAudit.Aws.S3;

/// <summary>
/// The reading of objects of plain lines: CloudWatch export objects, whose lines other export tasks of the same log
/// stream may contain too (see <see cref="ExportLineCounts"/> for the rule), and Firehose deliveries with message
/// extraction.
/// </summary>
public sealed partial class S3ArchiveSource
{
    /// <summary>
    /// The largest number of distinct lines held at once to compare one export object with the other tasks' objects
    /// (see <see cref="ExportLineCounts"/>); 0 when no object overlapped another task's objects.
    /// </summary>
    internal int LargestExportOverlap { get; private set; }

    /// <remarks>
    /// An export object is read in one pass while none of its lines falls inside the time span of an object that
    /// another task wrote for the same stream folder. At the first line that does, the pass stops passing lines on and
    /// only measures the object's time span to its end. Then the lines that other tasks contain in that span are
    /// counted, and a second pass drops the copies among the lines from that first one on. A resumed read makes the same
    /// passes, so the lines up to the checkpoint take the same copies out of the counts as they did before.
    /// </remarks>
    private async IAsyncEnumerable<RawAuditLine> ReadExportLinesAsync(
        Stream content, string key, string uri, long skip, string? etag, ExportRead read, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // The key names the instance only in the export layout, which the timestamp prefix shows.
        bool? exportLayout = null;
        string? instance = null;
        long dropped = 0;
        long stopLine = StopLine(key);
        ArchiveLineReader reader = new(content, _options.MaxLineBytes);
        while (await ReadLineAsync(reader, uri, cancellationToken).ConfigureAwait(false))
        {
            bool measuring = read.Overlap is null && read.OverlapFromLine > 0;
            if (!measuring && reader.LineNumber > stopLine)
            {
                _stopped = true;
                yield break;
            }

            ReadOnlyMemory<byte> bytes = reader.CurrentFullLength == 0 ? WithoutExportTimestamp(reader.Current) : reader.Current;
            if (exportLayout is null && reader.CurrentFullLength == 0)
            {
                exportLayout = bytes.Length != reader.Current.Length;
                instance = exportLayout.Value ? InstanceFromExportKey(key) : null;
                if (instance is not null && read.Stream is null)
                {
                    read.Start(instance, TaskFolderOfExportKey(key), Duplicates.ExportObjectsOf(instance));
                }
            }

            long time = 0;
            bool timed = instance is not null && ExportLine.TryParseTimestamp(reader.Current.Span, out time);
            if (read.Overlap is null)
            {
                if (timed)
                {
                    read.Include(time);
                }

                if (measuring)
                {
                    continue;
                }

                if (timed && read.OtherTasks.Contains(time))
                {
                    read.OverlapFromLine = reader.LineNumber;
                    continue;
                }
            }
            else if (reader.LineNumber < read.OverlapFromLine)
            {
                // The first pass passed this line on (or skipped it as read before the checkpoint).
                continue;
            }
            else if (timed && read.Overlap.TryTake(ExportLine.Key(reader.Current.Span, reader.CurrentFullLength)))
            {
                // Lines up to the checkpoint were dropped and counted by the read that took it.
                if (reader.LineNumber > skip)
                {
                    dropped++;
                    DuplicatesRemoved++;
                }

                continue;
            }

            if (reader.LineNumber > skip)
            {
                Checkpoint = new S3ArchiveCheckpoint { ObjectKey = key, Line = reader.LineNumber, ObjectComplete = false, ETag = etag };
                yield return new RawAuditLine(bytes, new SourcePosition(uri, reader.LineNumber), instance, _options.Format) { FullLength = reader.CurrentFullLength };
            }
        }

        if (read.Overlap is null && read.OverlapFromLine > 0)
        {
            read.ReadAgain = true;
            yield break;
        }

        Checkpoint = new S3ArchiveCheckpoint { ObjectKey = key, Line = reader.LineNumber, ObjectComplete = true, ETag = etag };
        if (read.Stream is not null && read.EarliestMs <= read.LatestMs)
        {
            Duplicates.AddExportObject(read.Stream, new ExportObjectSummary(key, read.TaskFolder, etag, read.EarliestMs, read.LatestMs));
        }

        if (read.Overlap is not null)
        {
            DateTimeOffset earliest = DateTimeOffset.FromUnixTimeMilliseconds(read.EarliestMs);
            DateTimeOffset latest = DateTimeOffset.FromUnixTimeMilliseconds(read.LatestMs);
            Log.OverlappingExportLines(_logger, uri, dropped, reader.LineNumber, read.Stream!, earliest, latest);
        }
    }

    /// <summary>
    /// Counts the lines that other export tasks of the object's stream folder contain inside its time span, less the
    /// copies that earlier objects of its own task contain, by reading those objects again (see <see cref="ExportLineCounts"/>).
    /// </summary>
    /// <remarks>
    /// NOTE: an earlier object is read again for each later object whose time span overlaps it, so one long object that
    /// many objects of another task overlap is downloaded that many times. Nothing of it is kept between objects.
    /// </remarks>
    private async Task<ExportLineCounts> CountOverlapAsync(string uri, ExportRead read, CancellationToken cancellationToken)
    {
        ExportLineCounts counts = new();
        List<ExportObjectSummary> earlier = [.. Duplicates.ExportObjectsOf(read.Stream!).Where(o => o.Overlaps(read.EarliestMs, read.LatestMs))];
        foreach (IGrouping<string, ExportObjectSummary> task in earlier.Where(o => o.TaskFolder != read.TaskFolder).GroupBy(o => o.TaskFolder, StringComparer.Ordinal))
        {
            Dictionary<ExportLineKey, int> taskCounts = [];
            foreach (ExportObjectSummary summary in task)
            {
                await foreach (ExportLineKey line in ReadLineKeysAsync(uri, summary, read, cancellationToken).ConfigureAwait(false))
                {
                    CollectionsMarshal.GetValueRefOrAddDefault(taskCounts, line, out _)++;
                }
            }

            LargestExportOverlap = Math.Max(LargestExportOverlap, counts.Count + taskCounts.Count);
            counts.MergeMaximum(taskCounts);
        }

        foreach (ExportObjectSummary summary in earlier.Where(o => o.TaskFolder == read.TaskFolder))
        {
            await foreach (ExportLineKey line in ReadLineKeysAsync(uri, summary, read, cancellationToken).ConfigureAwait(false))
            {
                counts.TryTake(line);
            }
        }

        return counts;
    }

    /// <summary>
    /// Returns the keys of the lines of an earlier export object whose timestamps fall inside the time span of
    /// <paramref name="read"/>. Returns none, with a warning, when the object was removed or replaced since it was read.
    /// </summary>
    private async IAsyncEnumerable<ExportLineKey> ReadLineKeysAsync(
        string comparedUri, ExportObjectSummary summary, ExportRead read, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string uri = $"{SpecPrefix}{_options.BucketName}/{summary.ObjectKey}";
        GetObjectResponse? response = null;
        try
        {
            response = await _s3.GetObjectAsync(new GetObjectRequest { BucketName = _options.BucketName, Key = summary.ObjectKey }, cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            Log.ExportObjectNotCompared(_logger, comparedUri, uri, "it was removed");
        }
        catch (AmazonS3Exception e)
        {
            throw new AuditInputException(uri, $"Failed to read {uri} again to compare {comparedUri} with it: {e.ErrorCode} {e.Message} Check the s3:GetObject permission.", e);
        }

        if (response is null)
        {
            yield break;
        }

        using (response)
        {
            if (response.ETag != summary.ETag)
            {
                Log.ExportObjectNotCompared(_logger, comparedUri, uri, $"it was replaced since it was read (ETag {summary.ETag}, now {response.ETag})");
                yield break;
            }

            (Stream content, _) = await ArchiveContent.OpenAsync(response.ResponseStream, cancellationToken).ConfigureAwait(false);
            await using (content.ConfigureAwait(false))
            {
                ArchiveLineReader reader = new(content, _options.MaxLineBytes);
                while (await ReadLineAsync(reader, uri, cancellationToken).ConfigureAwait(false))
                {
                    if (ExportLine.TryParseTimestamp(reader.Current.Span, out long time) && time >= read.EarliestMs && time <= read.LatestMs)
                    {
                        yield return ExportLine.Key(reader.Current.Span, reader.CurrentFullLength);
                    }
                }
            }
        }
    }

    /// <summary>
    /// The state of reading one object of plain lines over one or two passes: its stream folder and time span, where
    /// the lines that other export tasks may contain start, and the counts of those lines for the second pass.
    /// </summary>
    private sealed class ExportRead
    {
        /// <summary>The object's stream folder; null until the first line shows the export layout.</summary>
        public string? Stream { get; private set; }

        /// <summary>The folders above the stream folder: the task's prefix.</summary>
        public string TaskFolder { get; private set; } = "";

        /// <summary>The time spans of the objects other tasks wrote for the same stream folder, read before this one.</summary>
        public ExportTimeRanges OtherTasks { get; private set; } = ExportTimeRanges.Empty;

        /// <summary>The earliest line timestamp of the object in epoch milliseconds; <see cref="long.MaxValue"/> before the first.</summary>
        public long EarliestMs { get; private set; } = long.MaxValue;

        /// <summary>The latest line timestamp of the object in epoch milliseconds; <see cref="long.MinValue"/> before the first.</summary>
        public long LatestMs { get; private set; } = long.MinValue;

        /// <summary>The first line whose timestamp lies in <see cref="OtherTasks"/>; 0 when there is none.</summary>
        public long OverlapFromLine { get; set; }

        /// <summary>The copies to drop in the second pass; null during the first.</summary>
        public ExportLineCounts? Overlap { get; set; }

        /// <summary>Whether the object must be read again, with <see cref="Overlap"/> counted first.</summary>
        public bool ReadAgain { get; set; }

        public void Start(string stream, string taskFolder, IReadOnlyList<ExportObjectSummary> earlierObjects)
        {
            Stream = stream;
            TaskFolder = taskFolder;
            OtherTasks = ExportTimeRanges.Of(earlierObjects.Where(o => o.TaskFolder != taskFolder));
        }

        public void Include(long epochMilliseconds)
        {
            EarliestMs = Math.Min(EarliestMs, epochMilliseconds);
            LatestMs = Math.Max(LatestMs, epochMilliseconds);
        }
    }
}
