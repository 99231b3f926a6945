using System.Buffers;
using QueryAudit.Sql.Normalizing;
using QueryAudit.Sql.Splitting;

namespace QueryAudit.Sql;

/// <summary>
/// Writes the templates (or exact forms) of many statements at once, one per line, lexing each text only once and
/// allocating nothing per statement. For the <c>fingerprint</c> command and other bulk tools; the approval path uses
/// <see cref="SqlNormalizer.Normalize"/>.
/// </summary>
public static class SqlFingerprint
{
    /// <summary>
    /// Splits <paramref name="script"/> as <see cref="SqlSplitter.SplitScript"/> does and writes each statement's template
    /// (or exact form when <paramref name="exactForm"/> is true) followed by a line feed; returns the statement count.
    /// </summary>
    public static int WriteScript(ReadOnlySpan<char> script, IBufferWriter<char> output, bool exactForm, SqlNormalizerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        options ??= SqlNormalizerOptions.Default;
        bool backslashEscapes = !options.NoBackslashEscapes;
        int count = 0;

        ScratchBuffers buffers = ScratchBuffers.Rent();
        try
        {
            StatementSplitter.Split(
                script,
                options,
                script: true,
                (text, tokens) =>
                {
                    CharBuilder form = new(exactForm ? buffers.Exact : buffers.Template);
                    try
                    {
                        if (exactForm)
                        {
                            ExactFormWriter.Write(ref form, text, tokens, backslashEscapes);
                        }
                        else
                        {
                            TemplateWriter.Write(ref form, text, tokens, backslashEscapes, buffers);
                        }

                        WriteLine(output, form.AsSpan());
                        count++;
                    }
                    finally
                    {
                        form.Dispose();
                    }
                },
                buffers);
        }
        finally
        {
            ScratchBuffers.Return(buffers);
        }

        return count;
    }

    /// <summary>Writes the template (or exact form) of one statement followed by a line feed.</summary>
    public static void WriteStatement(ReadOnlySpan<char> statement, IBufferWriter<char> output, bool exactForm, SqlNormalizerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        int capacity = (statement.Length * 3) + 16;
        Span<char> target = output.GetSpan(capacity + 1);
        bool written = exactForm
            ? SqlNormalizer.TryFormatExactForm(statement, target, out int length, options)
            : SqlNormalizer.TryFormatTemplate(statement, target, out length, options);
        if (!written)
        {
            throw new InvalidOperationException($"The normalised form of a {statement.Length}-character statement exceeded {capacity} characters; this is a bug in the normaliser.");
        }

        target[length] = '\n';
        output.Advance(length + 1);
    }

    private static void WriteLine(IBufferWriter<char> output, ReadOnlySpan<char> line)
    {
        Span<char> target = output.GetSpan(line.Length + 1);
        line.CopyTo(target);
        target[line.Length] = '\n';
        output.Advance(line.Length + 1);
    }
}
