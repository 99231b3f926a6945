using System.Buffers;
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

    /// <summary>Reads the input and writes one form per statement; returns 0, or 2 when the input cannot be read.</summary>
    public static async Task<int> RunAsync(string? path, bool split, bool exactForm, Stream output, TextWriter error, CancellationToken cancellationToken)
    {
        ReadOnlyMemory<char> text;
        try
        {
            text = path is null or "-"
                ? (await Console.In.ReadToEndAsync(cancellationToken).ConfigureAwait(false)).AsMemory()
                : ReadFile(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync($"error: cannot read {path}: {e.Message.TrimEnd('.')}. Give a readable file of SQL statements, or '-' for standard input.").ConfigureAwait(false);
            return 2;
        }

        using Utf8StreamBufferWriter writer = new(output);
        if (split)
        {
            SqlFingerprint.WriteScript(text.Span, writer, exactForm);
        }
        else
        {
            WriteLines(text.Span, writer, exactForm);
        }

        writer.Flush();
        return 0;
    }

    /// <summary>
    /// Reads a whole file as UTF-8, decoding block by block into one character array sized from the file length. Fresh
    /// memory costs page faults, so this avoids File.ReadAllText's builder and copy and a byte array of the whole file.
    /// A UTF-8 byte order mark is skipped. A UTF-16 or UTF-32 one, or a file that reports no length (a pipe or /proc
    /// file), makes it fall back to File.ReadAllText.
    /// </summary>
    private static ReadOnlyMemory<char> ReadFile(string path)
    {
        using FileStream stream = new(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0);
        long length = stream.CanSeek ? stream.Length : 0;
        if (length == 0)
        {
            return File.ReadAllText(path, Encoding.UTF8).AsMemory();
        }

        if (length > Array.MaxLength)
        {
            throw new IOException($"the file has {length} bytes, more than the {Array.MaxLength} characters one run can hold; split it into smaller files");
        }

        // UTF-8 never decodes to more UTF-16 code units than it has bytes, so the array only grows if the file does.
        char[] chars = GC.AllocateUninitializedArray<char>((int)length);
        byte[] block = ArrayPool<byte>.Shared.Rent(1 << 16);
        try
        {
            Decoder decoder = Encoding.UTF8.GetDecoder();
            int count = 0;
            bool first = true;
            while (true)
            {
                int read = stream.Read(block);
                ReadOnlySpan<byte> bytes = block.AsSpan(0, read);
                if (first)
                {
                    first = false;
                    if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
                    {
                        bytes = bytes[3..];
                    }
                    else if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF])
                        || bytes.StartsWith((ReadOnlySpan<byte>)[0x00, 0x00, 0xFE, 0xFF]))
                    {
                        return File.ReadAllText(path, Encoding.UTF8).AsMemory();
                    }
                }

                if (chars.Length - count < bytes.Length + 4)
                {
                    Array.Resize(ref chars, Math.Max(chars.Length * 2, count + bytes.Length + 4));
                }

                count += decoder.GetChars(bytes, chars.AsSpan(count), flush: read == 0);
                if (read == 0)
                {
                    return chars.AsMemory(0, count);
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(block);
        }
    }

    private static void WriteLines(ReadOnlySpan<char> text, Utf8StreamBufferWriter writer, bool exactForm)
    {
        foreach (Range range in text.Split('\n'))
        {
            ReadOnlySpan<char> line = text[range].TrimEnd('\r');
            if (!line.IsWhiteSpace())
            {
                SqlFingerprint.WriteStatement(line, writer, exactForm);
            }
        }
    }
}
