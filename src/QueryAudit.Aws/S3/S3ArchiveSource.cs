using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using QueryAudit.Core.Audit;

namespace QueryAudit.Aws.S3;

/// <summary>
/// Reads audit lines from an S3 archive prefix, object by object in key order, streaming.
/// </summary>
/// <remarks>
/// <para>Two layouts are read, distinguished by the content (gzip or not, as many levels as present):</para>
/// <list type="bullet">
/// <item>CloudWatch Logs exports (<c>PREFIX/TASK-ID/STREAM/000000.gz</c>): one event per line,
/// <c>TIMESTAMP MESSAGE</c>, where the ISO 8601 timestamp is removed. The instance is the
/// STREAM folder. Positions are object and line.</item>
/// <item>Kinesis Data Firehose deliveries of a CloudWatch Logs subscription: gzip members of
/// JSON envelopes, one after another, each with a <c>logEvents</c> array. <c>CONTROL_MESSAGE</c>
/// envelopes hold no log data and are skipped. The instance is the envelope's
/// <c>logStream</c>. Positions are object, the event's ordinal in the object, and its id.</item>
/// </list>
/// <para>Plain lines without the timestamp prefix (Firehose with message extraction) are passed on as they are.</para>
/// <para>Events the archive contains twice are dropped and counted in <see cref="DuplicatesRemoved"/>; see
/// <see cref="ArchiveDuplicates"/> for what is recognised and the memory it takes.</para>
/// </remarks>
public sealed partial class S3ArchiveSource : IAuditLineSource
{
    private const string SpecPrefix = "s3://";

    /// <summary>The object a CloudWatch Logs export task writes to check bucket permissions; it contains no log data.</summary>
    private const string ExportWriteTestObject = "aws-logs-write-test";

    private readonly IAmazonS3 _s3;
    private readonly S3ArchiveSourceOptions _options;
    private readonly ILogger _logger;
    private readonly S3ArchiveCheckpoint? _startCheckpoint;
    private byte[] _lineBuffer = new byte[4096];
    private bool _stopped;

    /// <summary>Creates a source; nothing is requested until reading starts.</summary>
    /// <param name="s3">The S3 client (see <see cref="S3ConnectionOptions.CreateClient"/>).</param>
    /// <param name="options">Bucket, prefix and line settings; validated here.</param>
    /// <param name="checkpoint">Where an earlier run stopped; null reads the prefix from its first object.</param>
    /// <param name="logger">Receives one message per object.</param>
    /// <param name="duplicates">
    /// What was read before <paramref name="checkpoint"/>, to recognise events repeated across it; null starts with
    /// nothing remembered, so a copy of an event read before the checkpoint is not recognised.
    /// </param>
    public S3ArchiveSource(
        IAmazonS3 s3, S3ArchiveSourceOptions options, S3ArchiveCheckpoint? checkpoint = null, ILogger<S3ArchiveSource>? logger = null, ArchiveDuplicates? duplicates = null)
    {
        ArgumentNullException.ThrowIfNull(s3);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();

        _s3 = s3;
        _options = options;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _startCheckpoint = checkpoint;
        Checkpoint = checkpoint;
        Duplicates = duplicates ?? new ArchiveDuplicates(options.RedeliveryWindow);
        Name = $"{SpecPrefix}{options.BucketName}/{options.Prefix}";
    }

    /// <inheritdoc />
    /// <remarks><c>s3://BUCKET/PREFIX</c>.</remarks>
    public string Name { get; }

    /// <summary>The read position, including every line already yielded; null before the first line.</summary>
    public S3ArchiveCheckpoint? Checkpoint { get; private set; }

    /// <summary>Envelopes skipped because they were not <c>DATA_MESSAGE</c>s.</summary>
    public long SkippedEnvelopes { get; private set; }

    /// <summary>Lines and events this source dropped because the archive contains them twice: Firehose redeliveries, and export lines that another export task of the same log stream contains too.</summary>
    public long DuplicatesRemoved { get; private set; }

    /// <summary>What this source remembers to recognise duplicates; pass it to the source that reads on from <see cref="Checkpoint"/>.</summary>
    public ArchiveDuplicates Duplicates { get; }

    /// <summary>
    /// Where to stop: reading ends once this position is read (dropped duplicates included), so that
    /// <see cref="Duplicates"/> then contains what an earlier read had remembered there. Null reads the whole prefix.
    /// </summary>
    public S3ArchiveCheckpoint? StopAfter { get; init; }

    /// <summary>Splits a source argument <c>s3://BUCKET/PREFIX</c>; the prefix may be empty.</summary>
    public static bool TryParseSpec(string spec, out string bucketName, out string prefix)
    {
        ArgumentNullException.ThrowIfNull(spec);
        bucketName = "";
        prefix = "";
        if (!spec.StartsWith(SpecPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        string rest = spec[SpecPrefix.Length..];
        int slash = rest.IndexOf('/', StringComparison.Ordinal);
        bucketName = slash < 0 ? rest : rest[..slash];
        prefix = slash < 0 ? "" : rest[(slash + 1)..];
        return bucketName.Length > 0;
    }

    /// <inheritdoc />
    /// <exception cref="AuditInputException">An object cannot be read or decompressed, or the checkpoint's object changed.</exception>
    public async IAsyncEnumerable<RawAuditLine> ReadLinesAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? startAfter = null;
        if (_startCheckpoint is { } checkpoint)
        {
            startAfter = checkpoint.ObjectKey;
            if (!checkpoint.ObjectComplete)
            {
                await foreach (RawAuditLine line in ReadObjectAsync(checkpoint.ObjectKey, checkpoint.Line, checkpoint.ETag, cancellationToken).ConfigureAwait(false))
                {
                    yield return line;
                }
            }
        }

        string? continuation = null;
        while (!_stopped && (startAfter is null || StopAfter is null || string.CompareOrdinal(startAfter, StopAfter.ObjectKey) < 0))
        {
            ListObjectsV2Response page = await _s3.ListObjectsV2Async(
                new ListObjectsV2Request { BucketName = _options.BucketName, Prefix = _options.Prefix, StartAfter = startAfter, ContinuationToken = continuation },
                cancellationToken).ConfigureAwait(false);
            foreach (S3Object item in page.S3Objects ?? [])
            {
                if (_stopped || IsPastStop(item.Key))
                {
                    yield break;
                }

                if (item.Key.EndsWith('/') || item.Key.EndsWith(ExportWriteTestObject, StringComparison.Ordinal))
                {
                    continue;
                }

                await foreach (RawAuditLine line in ReadObjectAsync(item.Key, 0, null, cancellationToken).ConfigureAwait(false))
                {
                    yield return line;
                }
            }

            continuation = page.IsTruncated == true ? page.NextContinuationToken : null;
            if (continuation is null)
            {
                break;
            }
        }
    }

    /// <summary>True when <paramref name="key"/> sorts after the object of <see cref="StopAfter"/>.</summary>
    private bool IsPastStop(string key) => StopAfter is { } stop && string.CompareOrdinal(key, stop.ObjectKey) > 0;

    /// <summary>The last line or event of <paramref name="key"/> to read before stopping; <see cref="long.MaxValue"/> to read it whole.</summary>
    private long StopLine(string key) => StopAfter is { ObjectComplete: false } stop && stop.ObjectKey == key ? stop.Line : long.MaxValue;

    private async IAsyncEnumerable<RawAuditLine> ReadObjectAsync(string key, long skip, string? expectedETag, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string uri = $"{SpecPrefix}{_options.BucketName}/{key}";
        ExportRead exportRead = new();
        for (int pass = 0; pass == 0 || exportRead.ReadAgain; pass++)
        {
            if (exportRead.ReadAgain)
            {
                // The first pass found lines that other export tasks may contain too: count those, then read the object again.
                exportRead.Overlap = await CountOverlapAsync(uri, exportRead, cancellationToken).ConfigureAwait(false);
                exportRead.ReadAgain = false;
            }

            GetObjectResponse response = await GetObjectAsync(key, uri, cancellationToken).ConfigureAwait(false);
            using (response)
            {
                if (expectedETag is not null && response.ETag != expectedETag)
                {
                    throw new AuditInputException(
                        uri,
                        $"{uri} changed since the checkpoint was taken (ETag {expectedETag}, now {response.ETag}), so its first {skip} lines may differ from those already read. Check why the archive object was replaced, then read it again without the checkpoint.");
                }

                // A second pass must read what the first one read.
                expectedETag ??= response.ETag;

                (Stream content, bool isJson) = await ArchiveContent.OpenAsync(response.ResponseStream, cancellationToken).ConfigureAwait(false);
                await using (content.ConfigureAwait(false))
                {
                    Log.ReadingObject(_logger, uri, response.ContentLength, isJson ? "Firehose JSON" : "lines");
                    IAsyncEnumerable<RawAuditLine> lines = isJson
                        ? ReadFirehoseAsync(content, key, uri, skip, response.ETag, cancellationToken)
                        : ReadExportLinesAsync(content, key, uri, skip, response.ETag, exportRead, cancellationToken);
                    await foreach (RawAuditLine line in lines.ConfigureAwait(false))
                    {
                        yield return line;
                    }
                }
            }
        }
    }

    private async Task<GetObjectResponse> GetObjectAsync(string key, string uri, CancellationToken cancellationToken)
    {
        try
        {
            return await _s3.GetObjectAsync(new GetObjectRequest { BucketName = _options.BucketName, Key = key }, cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonS3Exception e)
        {
            throw new AuditInputException(uri, $"Failed to read {uri}: {e.ErrorCode} {e.Message} Check the bucket, the prefix and the s3:GetObject permission.", e);
        }
    }

    private async IAsyncEnumerable<RawAuditLine> ReadFirehoseAsync(
        Stream content, string key, string uri, long skip, string? etag, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        long ordinal = 0;
        int skippedHere = 0;
        string skippedType = "";
        long duplicatesHere = 0;
        long stopLine = StopLine(key);
        IAsyncEnumerator<FirehoseRecord?> records = JsonSerializer
            .DeserializeAsyncEnumerable(content, FirehoseJsonContext.Default.FirehoseRecord, topLevelValues: true, cancellationToken)
            .GetAsyncEnumerator(cancellationToken);
        await using (records.ConfigureAwait(false))
        {
            while (!_stopped && await NextRecordAsync(records, uri, ordinal).ConfigureAwait(false))
            {
                FirehoseRecord? record = records.Current;
                if (record is null || record.MessageType != "DATA_MESSAGE")
                {
                    skippedHere++;
                    skippedType = record?.MessageType ?? "null";
                    continue;
                }

                string stream = $"{record.LogGroup}/{record.LogStream}";
                foreach (FirehoseLogEvent logEvent in record.LogEvents)
                {
                    if (++ordinal <= skip)
                    {
                        continue;
                    }

                    if (ordinal > stopLine)
                    {
                        _stopped = true;
                        break;
                    }

                    Checkpoint = new S3ArchiveCheckpoint { ObjectKey = key, Line = ordinal, ObjectComplete = false, ETag = etag };
                    if (logEvent.Id is not { Length: > 0 } id || Duplicates.TryDeliverEvent(stream, id, logEvent.Timestamp))
                    {
                        yield return CreateLine(logEvent.Message ?? "", new SourcePosition(uri, ordinal, logEvent.Id), record.LogStream);
                    }
                    else
                    {
                        DuplicatesRemoved++;
                        duplicatesHere++;
                    }
                }
            }
        }

        if (skippedHere > 0)
        {
            SkippedEnvelopes += skippedHere;
            Log.SkippedRecords(_logger, uri, skippedHere, skippedType);
        }

        if (duplicatesHere > 0)
        {
            Log.RedeliveredEvents(_logger, uri, duplicatesHere, Duplicates.RedeliveryWindow);
        }

        if (!_stopped)
        {
            Checkpoint = new S3ArchiveCheckpoint { ObjectKey = key, Line = ordinal, ObjectComplete = true, ETag = etag };
        }
    }

    private static async ValueTask<bool> NextRecordAsync(IAsyncEnumerator<FirehoseRecord?> records, string uri, long ordinal)
    {
        try
        {
            return await records.MoveNextAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is JsonException or InvalidDataException)
        {
            throw new AuditInputException(
                uri,
                $"Failed to read the Firehose records of {uri} after event {ordinal}: {e.Message} The object may be cut short or not a CloudWatch Logs subscription delivery.",
                e);
        }
    }

    private static async ValueTask<bool> ReadLineAsync(ArchiveLineReader reader, string uri, CancellationToken cancellationToken)
    {
        try
        {
            return await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidDataException e)
        {
            throw new AuditInputException(
                uri,
                $"Failed to decompress {uri} after line {reader.LineNumber}: {e.Message} The object may be cut short or damaged.",
                e);
        }
    }

    private RawAuditLine CreateLine(string message, SourcePosition position, string? instance)
    {
        ReadOnlySpan<char> text = message.AsSpan().TrimEnd("\r\n");
        int length = Encoding.UTF8.GetByteCount(text);
        bool overlong = length > _options.MaxLineBytes;
        if (_lineBuffer.Length < length)
        {
            _lineBuffer = new byte[Math.Max(length, _lineBuffer.Length * 2)];
        }

        Encoding.UTF8.GetBytes(text, _lineBuffer);
        int kept = overlong ? Math.Min(ArchiveLineReader.OverlongPrefixBytes, _options.MaxLineBytes) : length;
        return new RawAuditLine(_lineBuffer.AsMemory(0, kept), position, instance, _options.Format) { FullLength = overlong ? length : 0 };
    }

    /// <summary>Returns the folders above the STREAM folder of an export key <c>…/TASK-ID/STREAM/NNNNNN.gz</c>: the task's prefix.</summary>
    internal static string TaskFolderOfExportKey(string key)
    {
        int objectSlash = key.LastIndexOf('/');
        int streamSlash = objectSlash > 0 ? key.LastIndexOf('/', objectSlash - 1) : -1;
        return streamSlash < 0 ? "" : key[..streamSlash];
    }

    /// <summary>Returns the STREAM of an export key <c>…/TASK-ID/STREAM/NNNNNN.gz</c>; null for a key without folders.</summary>
    internal static string? InstanceFromExportKey(string key)
    {
        string[] segments = key.Split('/');
        return segments.Length >= 3 ? segments[^2] : null;
    }

    /// <summary>Removes the <c>2026-12-03T10:31:11.000Z </c> prefix of an export line; other lines are returned unchanged.</summary>
    internal static ReadOnlyMemory<byte> WithoutExportTimestamp(ReadOnlyMemory<byte> line)
    {
        ReadOnlySpan<byte> span = line.Span;
        int space = span[..Math.Min(span.Length, 40)].IndexOf((byte)' ');
        if (space < 20 || !char.IsAsciiDigit((char)span[0]) || span[4] != (byte)'-' || span[10] != (byte)'T' || span[space - 1] != (byte)'Z')
        {
            return line;
        }

        return line[(space + 1)..];
    }
}
