using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;
using QueryAudit.Sql;

namespace QueryAudit.Worker.Commands;

/// <summary>
/// The run of <c>queryaudit fingerprint</c> and of the native <c>queryaudit-fingerprint</c>, which compiles this file
/// too: reads SQL statements from a file or standard input and prints one template (or exact form) per line.
/// </summary>
internal static class FingerprintRunner
{
    /// <summary>
    /// Bytes the reader reads and decodes per call. StreamReader's default of 1,024 bytes cost about 8% of the native
    /// build's CPU time on a large file (bench/fingerprint-vs-pt.sh). The file stream is unbuffered, so bytes are copied once.
    /// </summary>
    private const int InputBufferBytes = 1 << 16;

    /// <summary>The smallest read buffer, for files that are empty or whose length is not known in advance (such as /proc files).</summary>
    private const int MinimumInputBufferBytes = 4096;

    /// <summary>
    /// Returns <see cref="InputBufferBytes"/>, or the length of a shorter file but at least <see cref="MinimumInputBufferBytes"/>.
    /// The reader allocates and zeroes its byte buffer, so a short file then costs fewer fresh pages.
    /// </summary>
    private static int ReadBufferBytes(Stream input) =>
        input.CanSeek ? (int)Math.Clamp(input.Length, MinimumInputBufferBytes, InputBufferBytes) : InputBufferBytes;

    /// <summary>
    /// Whether the standard descriptors are checked and written through <see cref="NativeMethods"/>: on Linux, when the
    /// C library loads as "libc". Elsewhere the console's stream writes the output, and no descriptor is checked.
    /// </summary>
    private static readonly bool CallsLibc = OperatingSystem.IsLinux() && CanCallLibc();

    private static bool CanCallLibc()
    {
        try
        {
            // Any result, an error included, shows that the function was found.
            _ = NativeMethods.Fcntl(0, NativeMethods.GetDescriptorFlags);
            return true;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    private const string ClosedOutputError =
        "error: standard output was closed when the command started (as with >&-). Redirect the output to a file or a pipe.";

    /// <summary>
    /// Writes <paramref name="text"/>, such as the help, to standard output. Returns 0, or 1 with an error when standard
    /// output was closed when the command started (as with <c>&gt;&amp;-</c>) or cannot be written.
    /// </summary>
    public static int WriteToStandardOutput(string text, TextWriter error)
    {
        if (DescriptorWasClosed(1))
        {
            error.WriteLine(ClosedOutputError);
            return 1;
        }

        try
        {
            if (CallsLibc)
            {
                new StandardOutputStream().Write(Encoding.UTF8.GetBytes(text));
            }
            else
            {
                Console.Out.Write(text);
                Console.Out.Flush();
            }

            return 0;
        }
        catch (IOException e) when (OutputWriteException.IsBrokenPipe(e))
        {
            // The output's reader exited (as `| head` does), which is no error.
            return 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            WriteOutputError(error, e);
            return 1;
        }
    }

    /// <summary>
    /// Runs <see cref="Run"/> with standard output as the output. Returns 1 with an error when standard output was
    /// closed when the command started (as with <c>&gt;&amp;-</c>), or cannot be opened.
    /// </summary>
    public static int RunToStandardOutput(string? path, bool split, bool exactForm, TextWriter error, CancellationToken cancellationToken)
    {
        if (DescriptorWasClosed(1))
        {
            error.WriteLine(ClosedOutputError);
            return 1;
        }

        Stream output;
        try
        {
            // Where the C library can be called, descriptor 1 is written directly, without the console's set-up.
            output = CallsLibc ? new StandardOutputStream() : Console.OpenStandardOutput();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.WriteLine(ClosedOutputError);
            return 1;
        }

        using (output)
        {
            return Run(path, split, exactForm, output, error, cancellationToken);
        }
    }

    /// <summary>
    /// Reads the input and writes one form per statement. Returns 0, or 1 when the input cannot be read (invalid input,
    /// as for reconcile) or the output cannot be written.
    /// </summary>
    public static int Run(string? path, bool split, bool exactForm, Stream output, TextWriter error, CancellationToken cancellationToken)
    {
        using Utf8StreamBufferWriter writer = new(output);
        bool standardInput = path is null or "-";
        string inputName = standardInput ? "standard input" : path!;
        if (!standardInput && Directory.Exists(path))
        {
            error.WriteLine($"error: {path} is a folder. Give a file of SQL statements, or '-' for standard input.");
            return 1;
        }

        if (standardInput && DescriptorWasClosed(0))
        {
            error.WriteLine(
                "error: standard input was closed when the command started (as with <&-). Give a file of SQL statements, or pipe statements to '-'.");
            return 1;
        }

        // Invalid UTF-8 (often a Shift_JIS file) is printed as U+FFFD and counted, so that a warning can name it.
        InvalidByteCounter invalidBytes = new();
        Encoding utf8 = (Encoding)Encoding.UTF8.Clone();
        utf8.DecoderFallback = invalidBytes;
        TextReader? reader = null;
        bool readerClosed = false;
        try
        {
            // The input is read block by block, so memory stays bounded by the longest statement, not the file size.
            // Standard input is read as bytes too, so that its invalid UTF-8 is counted as a file's is.
            Stream input = standardInput
                ? OpenStandardInput()
                : new FileStream(path!, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.SequentialScan);
            // A terminal or a pipe may bring statements over time. Each read's statements are then written, and the output
            // sent, before the next read waits, as a DBA typing statements or a pipe from `tail -f` expects.
            bool streaming = !input.CanSeek;
            reader = DecodingReader.Open(input, utf8, ReadBufferBytes(input), streaming ? writer.Flush : null);
            cancellationToken.ThrowIfCancellationRequested();
            if (split)
            {
                // As UTF-8: each line is encoded once, straight from the form, instead of copied as characters first.
                SqlFingerprint.WriteScript(reader, (IBufferWriter<byte>)writer, exactForm, streaming: streaming);
            }
            else
            {
                SqlFingerprint.WriteLines(reader, writer, exactForm, streaming: streaming);
            }

            writer.Flush();
        }
        catch (OutputWriteException e) when (e.ReaderClosed)
        {
            // The output's reader exited (as `| head` does after its lines), so the rest of the input is not read. It is no
            // error, but invalid UTF-8 in the part read is still reported.
            readerClosed = true;
        }
        catch (OutputWriteException e)
        {
            WriteOutputError(error, e);
            return 1;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The forms of the statements read before the failure are still written.
            try
            {
                writer.Flush();
            }
            catch (OutputWriteException writeError) when (!writeError.ReaderClosed)
            {
                WriteOutputError(error, writeError);
            }
            catch (OutputWriteException)
            {
                // The output's reader exited, but the input's error is still reported.
            }

            error.WriteLine($"error: cannot read {inputName}: {e.Message.TrimEnd('.')}. Give a readable file of SQL statements, or '-' for standard input.");
            return 1;
        }
        finally
        {
            reader?.Dispose();
        }

        if (invalidBytes.Count > 0)
        {
            error.WriteLine(string.Create(
                System.Globalization.CultureInfo.InvariantCulture,
                $"warning: {inputName} has {(readerClosed ? "at least " : "")}{invalidBytes.Count} byte sequence(s) that are not valid UTF-8; they are printed as U+FFFD. Convert the file to UTF-8 first, e.g. iconv -f SHIFT_JIS -t UTF-8 for Shift_JIS."));
        }

        return 0;
    }

    /// <summary>Opens standard input as a stream of bytes, read with read(2) where the C library can be called.</summary>
    private static Stream OpenStandardInput() => CallsLibc ? new StandardInputStream() : Console.OpenStandardInput();

    /// <summary>Writes the error for an output that cannot be written, such as to a full disk or a closed descriptor.</summary>
    public static void WriteOutputError(TextWriter error, Exception e) =>
        error.WriteLine($"error: cannot write the output: {OutputWriteException.Describe(e).TrimEnd('.')}. Check that standard output is open and its disk has room.");

    /// <summary>
    /// True when <paramref name="descriptor"/> (0 for standard input, 1 for standard output) was closed when the process
    /// started (Linux): it is not open, or it is close-on-exec, so this process opened it rather than inherited it. When a
    /// process starts with a standard descriptor closed, the next descriptor the .NET runtime opens takes its number: for
    /// standard input /dev/urandom in the native build, or a pipe of its own under the JIT, which a read would never end;
    /// for standard output the copy of standard error that <see cref="Console.Error"/> opens.
    /// </summary>
    private static bool DescriptorWasClosed(int descriptor)
    {
        if (!CallsLibc)
        {
            return false;
        }

        int flags = NativeMethods.Fcntl(descriptor, NativeMethods.GetDescriptorFlags);
        if (flags < 0)
        {
            return Marshal.GetLastPInvokeError() == NativeMethods.BadDescriptor;
        }

        return (flags & NativeMethods.CloseOnExec) != 0;
    }

    /// <summary>
    /// A reader that decodes a stream straight into the caller's buffer. StreamReader decodes into its own buffer and
    /// copies from there unless a request is as long as one read of bytes can decode to (65,537 characters for 64 KiB),
    /// which a partly filled block of 65,536 characters never is.
    /// </summary>
    private sealed class DecodingReader : TextReader
    {
        private readonly Stream stream;
        private readonly Decoder decoder;
        private readonly Action? beforeStreamRead;
        private readonly byte[] bytes;
        private int start;
        private int end;
        private bool endOfStream;

        /// <summary>Shortest request that is decoded straight into the caller's buffer.</summary>
        private const int MinDirectChars = 8;

        /// <summary>Characters decoded for a shorter request and not yet returned: spare[spareStart..spareEnd].</summary>
        private readonly char[] spare = new char[MinDirectChars];
        private int spareStart;
        private int spareEnd;

        private DecodingReader(Stream stream, Decoder decoder, byte[] bytes, int start, int end, Action? beforeStreamRead)
        {
            this.stream = stream;
            this.beforeStreamRead = beforeStreamRead;
            this.decoder = decoder;
            this.bytes = bytes;
            this.start = start;
            this.end = end;
        }

        /// <summary>
        /// Creates a reader of <paramref name="stream"/>, which a byte order mark at its start sets to UTF-16 or UTF-32 as
        /// StreamReader's detectEncodingFromByteOrderMarks does (.NET 10). Without one, or after a UTF-8 one, the stream is
        /// decoded with <paramref name="utf8"/>. Each read from the stream requests <paramref name="bufferBytes"/> bytes,
        /// and after the first one <paramref name="beforeStreamRead"/>, when given, runs before it.
        /// </summary>
        public static DecodingReader Open(Stream stream, Encoding utf8, int bufferBytes, Action? beforeStreamRead = null)
        {
            byte[] bytes = new byte[Math.Max(bufferBytes, 4)];
            int end = 0;
            try
            {
                int read;
                while (end < 4 && (read = stream.Read(bytes, end, bytes.Length - end)) > 0)
                {
                    end += read;
                }
            }
            catch
            {
                stream.Dispose();
                throw;
            }

            (Encoding encoding, int markLength) = end switch
            {
                >= 2 when bytes[0] == 0xFE && bytes[1] == 0xFF => (Encoding.BigEndianUnicode, 2),
                >= 4 when bytes[0] == 0xFF && bytes[1] == 0xFE && bytes[2] == 0 && bytes[3] == 0 => (Encoding.UTF32, 4),
                >= 2 when bytes[0] == 0xFF && bytes[1] == 0xFE => (Encoding.Unicode, 2),
                >= 3 when bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF => (utf8, 3),
                >= 4 when bytes[0] == 0 && bytes[1] == 0 && bytes[2] == 0xFE && bytes[3] == 0xFF => (new UTF32Encoding(bigEndian: true, byteOrderMark: true), 4),
                _ => (utf8, 0),
            };
            return new DecodingReader(stream, encoding.GetDecoder(), bytes, markLength, end, beforeStreamRead);
        }

        public override int Read()
        {
            Span<char> buffer = stackalloc char[1];
            return Read(buffer) == 1 ? buffer[0] : -1;
        }

        public override int Read(char[] buffer, int index, int count) => Read(buffer.AsSpan(index, count));

        public override int Read(Span<char> buffer)
        {
            if (buffer.IsEmpty)
            {
                return 0;
            }

            if (spareStart < spareEnd)
            {
                int length = Math.Min(buffer.Length, spareEnd - spareStart);
                spare.AsSpan(spareStart, length).CopyTo(buffer);
                spareStart += length;
                return length;
            }

            if (buffer.Length >= MinDirectChars)
            {
                return Decode(buffer);
            }

            spareStart = 0;
            spareEnd = Decode(spare);
            return spareEnd == 0 ? 0 : Read(buffer);
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                stream.Dispose();
            }

            base.Dispose(disposing);
        }

        /// <summary>
        /// Decodes into <paramref name="chars"/>, at least <see cref="MinDirectChars"/> long; returns 0 only at the end of
        /// the stream.
        /// </summary>
        private int Decode(Span<char> chars)
        {
            while (true)
            {
                if (start == end && !endOfStream)
                {
                    beforeStreamRead?.Invoke();
                    start = 0;
                    end = stream.Read(bytes);
                    endOfStream = end == 0;
                }

                // A decoder short of room for a fallback's character undoes the fallback and repeats it on the next call,
                // which would count an invalid sequence twice. So it gets at most chars.Length - 2 bytes: for UTF-8, UTF-16
                // and UTF-32, Encoding.GetMaxCharCount(n) is at most n + 2 (.NET 10). At the end of the stream, where no
                // bytes are left, the decoder is flushed, so an incomplete sequence there is invalid.
                int length = Math.Min(end - start, chars.Length - 2);
                decoder.Convert(bytes.AsSpan(start, length), chars, endOfStream, out int bytesUsed, out int charsUsed, out bool completed);
                start += bytesUsed;
                if (charsUsed > 0 || (endOfStream && completed))
                {
                    return charsUsed;
                }
            }
        }
    }

    /// <summary>A decoder fallback that replaces each invalid byte sequence with U+FFFD, as the default does, and counts them.</summary>
    private sealed class InvalidByteCounter : DecoderFallback
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public override int MaxCharCount => 1;

        public override DecoderFallbackBuffer CreateFallbackBuffer() => new Buffer(this);

        private sealed class Buffer(InvalidByteCounter counter) : DecoderFallbackBuffer
        {
            private bool _pending;

            public override int Remaining => _pending ? 1 : 0;

            public override bool Fallback(byte[] bytesUnknown, int index)
            {
                Interlocked.Increment(ref counter._count);
                _pending = true;
                return true;
            }

            public override char GetNextChar()
            {
                if (!_pending)
                {
                    return '\0';
                }

                _pending = false;
                return '\uFFFD';
            }

            public override bool MovePrevious() => false;

            public override void Reset() => _pending = false;
        }
    }
}
