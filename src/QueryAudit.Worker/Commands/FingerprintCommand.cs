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
        string text;
        try
        {
            text = path is null or "-"
                ? await Console.In.ReadToEndAsync(cancellationToken).ConfigureAwait(false)
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
            SqlFingerprint.WriteScript(text, writer, exactForm);
        }
        else
        {
            WriteLines(text, writer, exactForm);
        }

        writer.Flush();
        return 0;
    }

    /// <summary>
    /// Reads a whole file as UTF-8 in one synchronous read and one decoding, because many small asynchronous reads, or
    /// File.ReadAllText's chunked decoding into a builder and then a string, cost a large share of the fingerprinting
    /// time. A UTF-8 byte order mark is skipped. A UTF-16 or UTF-32 one makes it fall back to File.ReadAllText, which
    /// decodes those encodings.
    /// </summary>
    private static string ReadFile(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        ReadOnlySpan<byte> content = bytes;
        if (content.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            return Encoding.UTF8.GetString(content[3..]);
        }

        bool otherByteOrderMark = content.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || content.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF])
            || content.StartsWith((ReadOnlySpan<byte>)[0x00, 0x00, 0xFE, 0xFF]);
        return otherByteOrderMark ? File.ReadAllText(path, Encoding.UTF8) : Encoding.UTF8.GetString(content);
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
