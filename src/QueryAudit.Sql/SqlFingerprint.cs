using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Text;
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
    /// <summary>Characters read per block by the <see cref="TextReader"/> overloads; a block grows when one statement or line does not fit.</summary>
    private const int BlockChars = 1 << 16;

    /// <summary>
    /// Whether templates take <see cref="FusedTemplatePass"/> (with <see cref="FastTemplatePass"/> first). Both paths print
    /// the same, which the tests check on the corpus, the test tables and random soups. Only the speed differs. On the
    /// corpus x100 (bench/fingerprint-vs-pt.sh, 2 shared AMD EPYC cores) under the JIT (ReadyToRun), the fused and fast
    /// passes took 334 ms of CPU against 474 ms for the splitter's token array. The native build takes less than either.
    /// </summary>
    private static bool FusedPassByDefault => true;

    /// <summary>
    /// Splits <paramref name="script"/> as <see cref="SqlSplitter.SplitScript"/> does and writes each statement's template
    /// (or exact form when <paramref name="exactForm"/> is true) followed by a line feed; returns the statement count.
    /// </summary>
    public static int WriteScript(ReadOnlySpan<char> script, IBufferWriter<char> output, bool exactForm, SqlNormalizerOptions? options = null) =>
        WriteScript(script, output, exactForm, options, FusedPassByDefault);

    /// <summary>
    /// With <paramref name="fusedPass"/> false, templates are written through the splitter's token array as they were
    /// before <see cref="FusedTemplatePass"/>: the tests compare the two paths.
    /// </summary>
    internal static int WriteScript(ReadOnlySpan<char> script, IBufferWriter<char> output, bool exactForm, SqlNormalizerOptions? options, bool fusedPass)
    {
        ArgumentNullException.ThrowIfNull(output);
        options ??= SqlNormalizerOptions.Default;
        ScratchBuffers buffers = ScratchBuffers.Rent();
        try
        {
            FormLineWriter writer = new(output, exactForm, !options.NoBackslashEscapes, buffers, trackLineEnds: false);
            string delimiter = ";";
            SplitBlock(script, options, ref delimiter, startsMidLine: false, final: true, writer, buffers, fusedPass, out _);
            return writer.Count;
        }
        finally
        {
            ScratchBuffers.Return(buffers);
        }
    }

    /// <summary>
    /// Writes the same lines as <see cref="WriteScript(ReadOnlySpan{char}, IBufferWriter{char}, bool, SqlNormalizerOptions?)"/>
    /// for a script read from <paramref name="reader"/> block by block, so that memory stays bounded by the longest
    /// statement instead of growing with the input; returns the statement count. With <paramref name="streaming"/> set, each
    /// read's text is split at once instead of when a block is full. That serves input that arrives over time (a terminal
    /// or a pipe): a statement's line is written before the reader waits for more.
    /// </summary>
    public static int WriteScript(TextReader reader, IBufferWriter<char> output, bool exactForm, SqlNormalizerOptions? options = null, bool streaming = false) =>
        WriteScript(reader, output, exactForm, options, BlockChars, FusedPassByDefault, streaming);

    /// <summary>
    /// Writes the same lines as <see cref="WriteScript(TextReader, IBufferWriter{char}, bool, SqlNormalizerOptions?, bool)"/>
    /// encoded as UTF-8 without a byte order mark, as <see cref="Encoding.UTF8"/> encodes them (a lone surrogate becomes
    /// U+FFFD), and without first copying them into a buffer of characters; returns the statement count.
    /// </summary>
    public static int WriteScript(TextReader reader, IBufferWriter<byte> utf8Output, bool exactForm, SqlNormalizerOptions? options = null, bool streaming = false) =>
        WriteScript(reader, utf8Output, exactForm, options, BlockChars, FusedPassByDefault, streaming);

    /// <summary>
    /// Reads <paramref name="reader"/> in blocks of <paramref name="blockChars"/> characters (tests use small ones), with
    /// or without the fused template pass (tests compare the two).
    /// </summary>
    internal static int WriteScript(TextReader reader, IBufferWriter<char> output, bool exactForm, SqlNormalizerOptions? options, int blockChars, bool fusedPass = true, bool streaming = false)
    {
        ArgumentNullException.ThrowIfNull(output);
        return WriteBlocks(reader, output, null, exactForm, options, blockChars, fusedPass, streaming);
    }

    /// <summary>Writes UTF-8 and reads <paramref name="reader"/> in blocks of <paramref name="blockChars"/> characters.</summary>
    internal static int WriteScript(TextReader reader, IBufferWriter<byte> utf8Output, bool exactForm, SqlNormalizerOptions? options, int blockChars, bool fusedPass = true, bool streaming = false)
    {
        ArgumentNullException.ThrowIfNull(utf8Output);
        return WriteBlocks(reader, null, utf8Output, exactForm, options, blockChars, fusedPass, streaming);
    }

    /// <summary>Writes to <paramref name="output"/>, or to <paramref name="utf8Output"/> when that is null.</summary>
    private static int WriteBlocks(
        TextReader reader,
        IBufferWriter<char>? output,
        IBufferWriter<byte>? utf8Output,
        bool exactForm,
        SqlNormalizerOptions? options,
        int blockChars,
        bool fusedPass,
        bool streaming)
    {
        ArgumentNullException.ThrowIfNull(reader);
        options ??= SqlNormalizerOptions.Default;
        // Only the filled part of the block is read, so it is left unzeroed and a short input touches only the pages it fills.
        char[] block = GC.AllocateUninitializedArray<char>(Math.Max(blockChars, 1));
        ScratchBuffers buffers = ScratchBuffers.Rent();
        try
        {
            FormLineWriter writer = output is null
                ? new(utf8Output!, exactForm, !options.NoBackslashEscapes, buffers, trackLineEnds: true)
                : new(output, exactForm, !options.NoBackslashEscapes, buffers, trackLineEnds: true);
            string delimiter = ";";
            bool startsMidLine = false;
            int filled = 0;
            int count = 0;
            while (true)
            {
                // A statement that outgrew the first block is read in full blocks again, so that it is not split anew
                // after each short read, which would take time quadratic in its length.
                bool endOfInput = Fill(reader, block, ref filled, streaming && block.Length == blockChars);
                int resumeAt = SplitBlock(block.AsSpan(0, filled), options, ref delimiter, startsMidLine, endOfInput, writer, buffers, fusedPass, out int complete);

                // Lines of statements after the resume point are dropped: those statements are split again with more text.
                writer.EndBlock(complete);
                count += complete;
                if (endOfInput)
                {
                    return count;
                }

                if (resumeAt == 0)
                {
                    // No statement ended inside the block: read on, after making room for the rest when it is full.
                    if (filled == block.Length)
                    {
                        Array.Resize(ref block, block.Length * 2);
                    }

                    continue;
                }

                filled = KeepRest(ref block, resumeAt, filled, streaming ? blockChars : 0);
                startsMidLine = true;
            }
        }
        finally
        {
            ScratchBuffers.Return(buffers);
        }
    }

    /// <summary>
    /// Writes the template (or exact form) of each non-blank line of <paramref name="reader"/> followed by a line feed, as
    /// <see cref="WriteStatement"/> does for one line, reading block by block; returns the statement count.
    /// </summary>
    /// <remarks>
    /// With <paramref name="streaming"/> set, the lines of each read are written at once instead of when a block is full,
    /// for input that arrives over time (a terminal or a pipe).
    /// </remarks>
    public static int WriteLines(TextReader reader, IBufferWriter<char> output, bool exactForm, SqlNormalizerOptions? options = null, bool streaming = false) =>
        WriteLines(reader, output, exactForm, options, BlockChars, streaming);

    /// <summary>Reads <paramref name="reader"/> in blocks of <paramref name="blockChars"/> characters (tests use small ones).</summary>
    internal static int WriteLines(TextReader reader, IBufferWriter<char> output, bool exactForm, SqlNormalizerOptions? options, int blockChars, bool streaming = false)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(output);
        char[] block = new char[Math.Max(blockChars, 1)];
        int filled = 0;
        int count = 0;
        while (true)
        {
            bool endOfInput = Fill(reader, block, ref filled, streaming && block.Length == blockChars);
            ReadOnlySpan<char> text = block.AsSpan(0, filled);
            int end = endOfInput ? filled : text.LastIndexOf('\n') + 1;
            if (end == 0 && !endOfInput)
            {
                if (filled == block.Length)
                {
                    Array.Resize(ref block, block.Length * 2);
                }

                continue;
            }

            foreach (Range range in text[..end].Split('\n'))
            {
                ReadOnlySpan<char> line = text[..end][range].TrimEnd('\r');
                if (!line.IsWhiteSpace())
                {
                    WriteStatement(line, output, exactForm, options);
                    count++;
                }
            }

            if (endOfInput)
            {
                return count;
            }

            filled = KeepRest(ref block, end, filled, streaming ? blockChars : 0);
        }
    }

    /// <summary>
    /// Moves the block's text from <paramref name="start"/> to its start and returns its length. When streaming
    /// (<paramref name="firstBlockChars"/> above 0), a block that grew for a long statement goes back to its first size
    /// once the rest fits, so that the statements after it are again written after each read.
    /// </summary>
    private static int KeepRest(ref char[] block, int start, int filled, int firstBlockChars)
    {
        int rest = filled - start;
        if (firstBlockChars > 0 && block.Length > firstBlockChars && rest < firstBlockChars)
        {
            char[] first = GC.AllocateUninitializedArray<char>(firstBlockChars);
            block.AsSpan(start, rest).CopyTo(first);
            block = first;
            return rest;
        }

        block.AsSpan(start, rest).CopyTo(block);
        return rest;
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

    /// <summary>
    /// Splits a block and writes its statements' forms. Templates take the fused single pass when
    /// <paramref name="fusedPass"/> is true. Exact forms, the approval keys, always take the splitter and
    /// <see cref="ExactFormWriter"/>.
    /// </summary>
    private static int SplitBlock(
        ReadOnlySpan<char> text,
        SqlNormalizerOptions options,
        ref string delimiter,
        bool startsMidLine,
        bool final,
        FormLineWriter writer,
        ScratchBuffers buffers,
        bool fusedPass,
        out int statementsBeforeResume) =>
        writer.ExactForm || !fusedPass
            ? StatementSplitter.SplitBlock(text, options, ref delimiter, startsMidLine, final, writer.Handler, buffers, out statementsBeforeResume)
            : FusedTemplatePass.SplitBlock(text, options, ref delimiter, startsMidLine, final, writer, buffers, out statementsBeforeResume);

    /// <summary>
    /// Reads until <paramref name="block"/> is full or the input ends, or with <paramref name="afterOneRead"/> set until one
    /// read returns text; returns true at the end of the input.
    /// </summary>
    private static bool Fill(TextReader reader, char[] block, ref int filled, bool afterOneRead)
    {
        while (filled < block.Length)
        {
            int read = reader.Read(block, filled, block.Length - filled);
            if (read == 0)
            {
                return true;
            }

            filled += read;
            if (afterOneRead)
            {
                break;
            }
        }

        return false;
    }
}

/// <summary>
/// The splitter's handler for <see cref="SqlFingerprint"/>: writes each statement's form and a line feed and counts the
/// statements. With <paramref name="trackLineEnds"/> true the text comes in blocks, and the lines the splitter writes
/// are held back, with the output length after each noted, until <see cref="EndBlock"/> gives the number to keep, because
/// the last statements of a block may be split again with more text.
/// </summary>
internal sealed class FormLineWriter(IBufferWriter<char>? output, bool exactForm, bool backslashEscapes, ScratchBuffers buffers, bool trackLineEnds)
{
    /// <summary>The output when lines are written as UTF-8, in which case <c>output</c> is null.</summary>
    private readonly IBufferWriter<byte>? utf8Output;

    /// <summary>Creates a writer that encodes its lines as UTF-8, as <see cref="Encoding.UTF8"/> does.</summary>
    public FormLineWriter(IBufferWriter<byte> utf8Output, bool exactForm, bool backslashEscapes, ScratchBuffers buffers, bool trackLineEnds)
        : this((IBufferWriter<char>?)null, exactForm, backslashEscapes, buffers, trackLineEnds) => this.utf8Output = utf8Output;

    /// <summary>The splitter's lines not yet known to be kept, or null when every line is written at once.</summary>
    private readonly ArrayBufferWriter<char>? heldLines = trackLineEnds ? new ArrayBufferWriter<char>(1 << 12) : null;

    /// <summary>Length of <see cref="heldLines"/> after each of its lines.</summary>
    private readonly List<int> heldLineEnds = [];

    /// <summary>Lines written to the output since the block began.</summary>
    private int writtenInBlock;

    private StatementHandler? handler;

    public int Count { get; private set; }

    public bool ExactForm => exactForm;

    public bool BackslashEscapes => backslashEscapes;

    /// <summary><see cref="Write"/> as a splitter handler, created once so that each use allocates nothing.</summary>
    public StatementHandler Handler => handler ??= Write;

    /// <summary>Writes the form of a statement the splitter found, or holds it back when the text comes in blocks.</summary>
    public void Write(ReadOnlySpan<char> text, ReadOnlySpan<StatementToken> tokens)
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

            if (heldLines is null)
            {
                WriteLine(form.AsSpan());
            }
            else
            {
                Hold(form.AsSpan());
            }
        }
        finally
        {
            form.Dispose();
        }
    }

    /// <summary>
    /// Writes one statement's finished form and a line feed straight to the output. Only the template passes call this,
    /// for statements that always count before the block's resume point. The held lines before it are then kept too,
    /// because the kept lines of a block are always its first ones.
    /// </summary>
    public void WriteForm(ReadOnlySpan<char> form)
    {
        if (heldLineEnds.Count > 0)
        {
            Release(heldLineEnds.Count);
        }

        WriteLine(form);
    }

    /// <summary>
    /// Ends a block of which the first <paramref name="keptLines"/> lines are kept: writes the held ones among them and
    /// drops the rest.
    /// </summary>
    public void EndBlock(int keptLines)
    {
        int keptHeld = keptLines - writtenInBlock;
        if (keptHeld < 0 || keptHeld > heldLineEnds.Count)
        {
            throw new InvalidOperationException(
                $"A block keeps {keptLines} lines, but {writtenInBlock} were written and {heldLineEnds.Count} held; this is a bug in the fingerprint writer.");
        }

        if (keptHeld > 0)
        {
            Release(keptHeld);
        }

        heldLines?.ResetWrittenCount();
        heldLineEnds.Clear();
        writtenInBlock = 0;
    }

    private void WriteLine(ReadOnlySpan<char> form)
    {
        if (utf8Output is null)
        {
            Span<char> target = output!.GetSpan(form.Length + 1);
            form.CopyTo(target);
            target[form.Length] = '\n';
            output.Advance(form.Length + 1);
        }
        else
        {
            // Each line is encoded on its own, which gives the bytes of encoding all lines at once: a line feed between
            // two lines cannot be part of a surrogate pair.
            Span<byte> target = utf8Output.GetSpan(form.Length + 1);
            int length = form.Length;
            if (!AsciiNarrowing.TryNarrow(form, target))
            {
                target = utf8Output.GetSpan(Encoding.UTF8.GetMaxByteCount(form.Length) + 1);
                length = Encoding.UTF8.GetBytes(form, target);
            }

            target[length] = (byte)'\n';
            utf8Output.Advance(length + 1);
        }

        writtenInBlock++;
        Count++;
    }

    private void Hold(ReadOnlySpan<char> form)
    {
        Span<char> target = heldLines!.GetSpan(form.Length + 1);
        form.CopyTo(target);
        target[form.Length] = '\n';
        heldLines.Advance(form.Length + 1);
        heldLineEnds.Add(heldLines.WrittenCount);
        Count++;
    }

    /// <summary>Writes the first <paramref name="lines"/> held lines and drops all of them.</summary>
    private void Release(int lines)
    {
        ReadOnlySpan<char> text = heldLines!.WrittenSpan[..heldLineEnds[lines - 1]];
        if (utf8Output is null)
        {
            text.CopyTo(output!.GetSpan(text.Length));
            output.Advance(text.Length);
        }
        else
        {
            Span<byte> target = utf8Output.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length));
            utf8Output.Advance(Encoding.UTF8.GetBytes(text, target));
        }
        writtenInBlock += lines;
        heldLines.ResetWrittenCount();
        heldLineEnds.Clear();
    }
}

/// <summary>
/// Copies ASCII characters to bytes. <see cref="System.Text.Ascii.FromUtf16"/> does the same, but on lines of about 55
/// characters (corpus x100, native build, 2 shared AMD EPYC cores) it took about 4% of the CPU samples, and output through
/// it was slower than copying the characters and encoding them in bulk. Output through this loop was faster than both.
/// </summary>
internal static class AsciiNarrowing
{
    /// <summary>
    /// Writes <paramref name="source"/> to <paramref name="destination"/>, at least as long, one byte per character, and
    /// returns true, or returns false with part written when a character is not ASCII.
    /// </summary>
    public static bool TryNarrow(ReadOnlySpan<char> source, Span<byte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, source.Length);
        ref ushort from = ref Unsafe.As<char, ushort>(ref MemoryMarshal.GetReference(source));
        ref byte to = ref MemoryMarshal.GetReference(destination);
        int length = source.Length;
        if (Vector128.IsHardwareAccelerated && length >= 16)
        {
            // Sixteen characters a step. The last step starts 16 before the end and may cover characters done already.
            Vector128<ushort> nonAscii = Vector128.Create((ushort)0xFF80);
            int i = 0;
            while (true)
            {
                Vector128<ushort> low = Vector128.LoadUnsafe(ref from, (nuint)i);
                Vector128<ushort> high = Vector128.LoadUnsafe(ref from, (nuint)(i + 8));
                if (((low | high) & nonAscii) != Vector128<ushort>.Zero)
                {
                    return false;
                }

                Vector128.Narrow(low, high).StoreUnsafe(ref to, (nuint)i);
                if (i == length - 16)
                {
                    return true;
                }

                i = Math.Min(i + 16, length - 16);
            }
        }

        for (int i = 0; i < length; i++)
        {
            ushort c = Unsafe.Add(ref from, i);
            if (c > 0x7F)
            {
                return false;
            }

            Unsafe.Add(ref to, i) = (byte)c;
        }

        return true;
    }
}
