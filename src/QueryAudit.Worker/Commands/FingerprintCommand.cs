using System.CommandLine;
using System.Text;
using QueryAudit.Sql;

namespace QueryAudit.Worker.Commands;

/// <summary>
/// <c>queryaudit fingerprint [FILE] [--split] [--exact]</c>: prints the template (or exact form) of each statement, one per
/// line, like pt-fingerprint, so that a DBA can group statements or check what an approved script will be matched as.
/// </summary>
internal static class FingerprintCommand
{
    private const string Description =
        "Print the template of each statement: literals as ?, IN lists and repeated VALUES rows collapsed, comments removed, one space between tokens.";

    /// <summary>
    /// Bytes the reader reads and decodes per call. StreamReader's default of 1,024 bytes cost about 8% of the native
    /// build's CPU time on a large file (bench/fingerprint-vs-pt.sh). The file stream is unbuffered, so bytes are copied once.
    /// </summary>
    private const int InputBufferBytes = 1 << 16;

    /// <summary>The smallest read buffer, for files that are empty or whose length is not known in advance (such as /proc files).</summary>
    private const int MinimumInputBufferBytes = 4096;

    public static Command Create() => Configure(new Command("fingerprint", Description));

    /// <summary>
    /// Creates the root command of the native <c>queryaudit-fingerprint</c> executable: the same arguments, options and
    /// action as <c>queryaudit fingerprint</c>.
    /// </summary>
    public static RootCommand CreateRoot() => Configure(new RootCommand(Description));

    private static T Configure<T>(T command)
        where T : Command
    {
        Argument<string?> file = new("file")
        {
            Description = "File of SQL statements (UTF-8); standard input when omitted or '-'.",
            Arity = ArgumentArity.ZeroOrOne,
        };
        Option<bool> split = new("--split")
        {
            Description = "Read statements separated by ';' as the mysql client does (DELIMITER lines honoured, routine bodies kept whole) instead of one statement per line.",
        };
        Option<bool> exact = new("--exact")
        {
            Description = "Print each statement's exact form (the approval key, literals kept) instead of its template.",
        };
        command.Arguments.Add(file);
        command.Options.Add(split);
        command.Options.Add(exact);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            using Stream output = Console.OpenStandardOutput();
            return await RunAsync(parseResult.GetValue(file), parseResult.GetValue(split), parseResult.GetValue(exact), output, Console.Error, cancellationToken)
                .ConfigureAwait(false);
        });
        return command;
    }

    /// <summary>
    /// Returns <see cref="InputBufferBytes"/>, or the length of a shorter file but at least <see cref="MinimumInputBufferBytes"/>.
    /// The reader allocates and zeroes its byte buffer and a character buffer twice that size, so a short file then costs
    /// fewer fresh pages.
    /// </summary>
    private static int ReadBufferBytes(Stream input) =>
        input.CanSeek ? (int)Math.Clamp(input.Length, MinimumInputBufferBytes, InputBufferBytes) : InputBufferBytes;

    /// <summary>
    /// Reads the input and writes one form per statement; returns 0, or 1 when the input cannot be read (invalid input,
    /// as for reconcile).
    /// </summary>
    public static async Task<int> RunAsync(string? path, bool split, bool exactForm, Stream output, TextWriter error, CancellationToken cancellationToken)
    {
        using Utf8StreamBufferWriter writer = new(output);
        bool standardInput = path is null or "-";
        if (!standardInput && Directory.Exists(path))
        {
            await error.WriteLineAsync($"error: {path} is a folder. Give a file of SQL statements, or '-' for standard input.").ConfigureAwait(false);
            return 1;
        }

        // Invalid UTF-8 (often a Shift_JIS file) is printed as U+FFFD and counted, so that a warning can name it.
        InvalidByteCounter invalidBytes = new();
        Encoding utf8 = (Encoding)Encoding.UTF8.Clone();
        utf8.DecoderFallback = invalidBytes;
        TextReader? reader = null;
        try
        {
            // The input is read block by block, so memory stays bounded by the longest statement, not the file size.
            // A byte order mark selects UTF-16 or UTF-32 as File.ReadAllText does; without one the input is UTF-8.
            // Standard input is read as bytes too, so that its invalid UTF-8 is counted as a file's is.
            Stream input = standardInput
                ? Console.OpenStandardInput()
                : new FileStream(path!, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.SequentialScan);
            reader = new StreamReader(input, utf8, detectEncodingFromByteOrderMarks: true, bufferSize: ReadBufferBytes(input));
            cancellationToken.ThrowIfCancellationRequested();
            if (split)
            {
                SqlFingerprint.WriteScript(reader, writer, exactForm);
            }
            else
            {
                SqlFingerprint.WriteLines(reader, writer, exactForm);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            writer.Flush();
            await error.WriteLineAsync($"error: cannot read {path}: {e.Message.TrimEnd('.')}. Give a readable file of SQL statements, or '-' for standard input.").ConfigureAwait(false);
            return 1;
        }
        finally
        {
            reader?.Dispose();
        }

        writer.Flush();
        if (invalidBytes.Count > 0)
        {
            await error.WriteLineAsync(string.Create(
                System.Globalization.CultureInfo.InvariantCulture,
                $"warning: {(standardInput ? "standard input" : path)} has {invalidBytes.Count} byte sequence(s) that are not valid UTF-8; they are printed as U+FFFD. Convert the file to UTF-8 first, e.g. iconv -f SHIFT_JIS -t UTF-8 for Shift_JIS.")).ConfigureAwait(false);
        }

        return 0;
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
