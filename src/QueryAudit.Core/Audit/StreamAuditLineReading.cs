using System.IO.Compression;
using System.Runtime.CompilerServices;

namespace QueryAudit.Core.Audit;

/// <summary>
/// Reads raw audit lines from a plain or gzip stream, detects the layout from the first records, and numbers the
/// lines. Shared by the file and standard-input sources.
/// </summary>
internal static class StreamAuditLineReading
{
    // Lines held back while the layout is detected: enough for AuditFormatDetector, bounded in bytes too.
    private const int MaxDetectionLines = 1024;
    private const long MaxDetectionBytes = 4L * 1024 * 1024;

    private static ReadOnlySpan<byte> GzipMagic => [0x1F, 0x8B];

    /// <param name="open">Opens the input, positioned at its start.</param>
    /// <param name="sourceName">Name of the input in positions and messages.</param>
    /// <param name="instance">Instance of every line, or null to take it from the line.</param>
    /// <param name="options">Format and maximum line length.</param>
    /// <param name="cancellationToken">Stops the reading.</param>
    /// <param name="skip">The repeated start of the content to move past, or null.</param>
    /// <param name="digested">
    /// Receives the input's <see cref="AuditContentDigest"/>, computed from the bytes read, once the content was read to
    /// its end (before a gzip file cut short is reported); null computes none. Not allowed together with <paramref name="skip"/>.
    /// </param>
    public static async IAsyncEnumerable<RawAuditLine> ReadLinesAsync(
        Func<Stream> open,
        string sourceName,
        string? instance,
        AuditFileSourceOptions options,
        [EnumeratorCancellation] CancellationToken cancellationToken,
        ContentOverlap? skip = null,
        Action<AuditContentDigest>? digested = null)
    {
        if (skip is not null && digested is not null)
        {
            throw new ArgumentException("A digest covers the whole content, so it cannot be computed while skipping the start.", nameof(digested));
        }

        using AuditContentDigestRecorder? recorder = digested is null ? null : new AuditContentDigestRecorder();

        // Opened here, not by the caller, so that a source that is never enumerated keeps no file open.
        (Stream stream, bool gzip) = await OpenContentAsync(open(), sourceName, recorder, cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            if (skip is not null)
            {
                await SkipAsync(stream, skip, sourceName, cancellationToken).ConfigureAwait(false);
            }

            var reader = new StreamLineReader(stream, options.MaxLineBytes, skip?.Lines ?? 0);
            AuditLogFormat format = options.Format;
            if (format == AuditLogFormat.Auto)
            {
                // Hold the first lines (copied, as the reader reuses its buffer) until the layout is known.
                var held = new List<RawAuditLine>();
                var detector = new AuditFormatDetector();
                long heldBytes = 0;
                bool ended = false;
                while (true)
                {
                    if (!await ReadAsync(reader, sourceName, cancellationToken).ConfigureAwait(false))
                    {
                        ended = true;
                        break;
                    }

                    held.Add(Create(reader, reader.Current.ToArray(), sourceName, instance, AuditLogFormat.Auto));
                    heldBytes += reader.Current.Length;
                    if (detector.Observe(reader.Current.Span) || held.Count >= MaxDetectionLines || heldBytes >= MaxDetectionBytes)
                    {
                        break;
                    }
                }

                format = detector.IsDecided ? detector.Format : detector.Finish();
                foreach (RawAuditLine line in held)
                {
                    yield return line with { Format = format };
                }

                if (ended)
                {
                    await FinishDigestAsync(recorder, digested, cancellationToken).ConfigureAwait(false);
                    ThrowIfCutShort(reader, gzip, sourceName);
                    yield break;
                }
            }

            while (await ReadAsync(reader, sourceName, cancellationToken).ConfigureAwait(false))
            {
                yield return Create(reader, reader.Current, sourceName, instance, format);
            }

            // A gzip file cut short decompresses to its end without an error, so it keeps its digest.
            await FinishDigestAsync(recorder, digested, cancellationToken).ConfigureAwait(false);
            ThrowIfCutShort(reader, gzip, sourceName);
        }
    }

    private static async Task FinishDigestAsync(AuditContentDigestRecorder? recorder, Action<AuditContentDigest>? digested, CancellationToken cancellationToken)
    {
        if (recorder is not null && digested is not null)
        {
            digested(await recorder.FinishAsync(cancellationToken).ConfigureAwait(false));
        }
    }

    /// <summary>
    /// Raises an error after the last line when gzip content ends inside a line. .NET's <see cref="GZipStream"/>
    /// returns the data of a gzip file that is cut short without any error. MariaDB's server_audit writes an LF
    /// after every record, so a missing final LF is the sign left of a partial download or copy.
    /// </summary>
    private static void ThrowIfCutShort(StreamLineReader reader, bool gzip, string sourceName)
    {
        if (gzip && reader.EndedInsideLine)
        {
            throw new AuditInputException(
                sourceName,
                $"'{sourceName}' was probably cut short: its gzip content ends inside line {reader.LineNumber} without a final line feed. The lines up to there were read and the last one may be incomplete; download or copy the file again to read the rest.");
        }
    }

    private static RawAuditLine Create(StreamLineReader reader, ReadOnlyMemory<byte> bytes, string sourceName, string? instance, AuditLogFormat format) =>
        new(bytes, new SourcePosition(sourceName, reader.LineNumber), instance, format) { FullLength = reader.CurrentFullLength };

    private static async ValueTask<bool> ReadAsync(StreamLineReader reader, string sourceName, CancellationToken cancellationToken)
    {
        try
        {
            return await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidDataException exception)
        {
            throw new AuditInputException(
                sourceName,
                $"Failed to decompress '{sourceName}' after line {reader.LineNumber}: {exception.Message} The gzip file may be cut short or damaged; download it again or read its intact part with 'zcat'.",
                exception);
        }
    }

    /// <summary>Moves past the repeated start of the content: by seeking in a plain file, by decompressing a gzip one.</summary>
    private static async Task SkipAsync(Stream content, ContentOverlap skip, string sourceName, CancellationToken cancellationToken)
    {
        if (content.CanSeek)
        {
            content.Position = skip.Bytes;
            return;
        }

        byte[] discard = new byte[64 * 1024];
        long left = skip.Bytes;
        try
        {
            while (left > 0)
            {
                int read = await content.ReadAsync(discard.AsMemory(0, (int)Math.Min(discard.Length, left)), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                left -= read;
            }
        }
        catch (InvalidDataException exception)
        {
            throw new AuditInputException(
                sourceName,
                $"Failed to decompress '{sourceName}' inside its first {skip.Lines} lines, which repeat '{skip.Earlier}': {exception.Message} The file changed after it was hashed or is damaged; download it again.",
                exception);
        }

        if (left > 0)
        {
            throw new AuditInputException(
                sourceName,
                $"'{sourceName}' became shorter than its first {skip.Lines} lines, which repeat '{skip.Earlier}', after it was hashed; run again on a copy that no longer changes.");
        }
    }

    /// <summary>
    /// Returns the decompressed content when the stream starts with the gzip magic bytes, else the stream itself; with a
    /// <paramref name="recorder"/>, wrapped so that it hashes what is read.
    /// </summary>
    private static async ValueTask<(Stream Content, bool Gzip)> OpenContentAsync(
        Stream raw, string sourceName, AuditContentDigestRecorder? recorder, CancellationToken cancellationToken)
    {
        byte[] head = new byte[GzipMagic.Length];
        int count = 0;
        Stream content;
        try
        {
            while (count < head.Length)
            {
                int read = await raw.ReadAsync(head.AsMemory(count), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                count += read;
            }

            if (raw.CanSeek)
            {
                raw.Position = 0;
                content = raw;
            }
            else
            {
                content = new PrefixedStream(head.AsMemory(0, count), raw);
            }
        }
        catch
        {
            await raw.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        bool gzip = count == head.Length && head.AsSpan().SequenceEqual(GzipMagic);
        if (recorder is not null)
        {
            content = recorder.ReadFile(content, gzip);
        }

        if (gzip)
        {
            content = GzipReadObserver.Observe(new GZipStream(content, CompressionMode.Decompress, leaveOpen: false), sourceName);
        }

        return (recorder is null ? content : recorder.ReadContent(content), gzip);
    }
}
