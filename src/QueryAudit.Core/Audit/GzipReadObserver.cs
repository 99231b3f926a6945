using QueryAudit.Core.IO;

namespace QueryAudit.Core.Audit;

/// <summary>
/// Test hook that reports how many bytes of content each pass over a gzip file decompresses (reading its lines,
/// digesting it, hashing a prefix, reading its first line), so that tests can check how often an input is
/// decompressed. With no observer set, the default, the decompressing stream is used as it is.
/// </summary>
internal static class GzipReadObserver
{
    /// <summary>Receives the file's path and the bytes of content the pass decompressed, when the pass's stream is disposed.</summary>
    public static Action<string, long>? Observer { get; set; }

    /// <summary>
    /// Returns <paramref name="decompressed"/>, or with an observer set, a stream over it that counts the bytes read and
    /// reports them for <paramref name="path"/>. Disposing the returned stream disposes <paramref name="decompressed"/>.
    /// </summary>
    public static Stream Observe(Stream decompressed, string path) =>
        Observer is { } observer ? new CountingReadStream(decompressed, bytes => observer(path, bytes)) : decompressed;

    private sealed class CountingReadStream(Stream inner, Action<long> report) : ForwardReadStream
    {
        private long _bytes;
        private bool _reported;

        public override int Read(Span<byte> buffer)
        {
            int read = inner.Read(buffer);
            _bytes += read;
            return read;
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            int read = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            _bytes += read;
            return read;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
                if (!_reported)
                {
                    _reported = true;
                    report(_bytes);
                }
            }

            base.Dispose(disposing);
        }
    }
}
