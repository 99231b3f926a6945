using System.Diagnostics.CodeAnalysis;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using QueryAudit.Sql.Lexing;
using QueryAudit.Sql.Normalizing;

namespace QueryAudit.Sql.Splitting;

/// <summary>
/// Writes the template of the statement at the start of a text in one loop that lexes and writes at once. It keeps no
/// token records and makes no second walk. It takes statements made of the common tokens: words, numbers, strings,
/// backtick names, variables, <c>?</c>, punctuation, operators, hints, plain comments and executable comments that the
/// server version runs. On anything else it gives up before writing anything, and <see cref="FusedTemplatePass"/> takes
/// the statement from its start. It writes exactly what <see cref="TemplateWriter"/> writes for the same tokens, because
/// the rules below mirror that class and its helpers. It ends the statement where <see cref="StatementSplitter"/> does:
/// at a <c>;</c> outside a compound body, or at a custom delimiter. The tests compare the two on the corpus, the test
/// tables and random soups.
/// </summary>
/// <remarks>
/// It gives up on <c>:name</c>, <c>@'quoted'</c>, <c>\</c>, characters outside MySQL's grammar, and a word that ends in
/// U+FFFD. It also gives up on a <c>;</c> that ends a statement inside an executable comment, an unterminated string, name
/// or comment, and text that ends before the statement does. A first word <c>DELIMITER</c> goes to the other passes. A
/// statement that may open a compound body (<see cref="CompoundBlockTracker.MayOpenBody"/>, or a <c>:</c> that may be a
/// label's) is lexed again from its start with a <see cref="CompoundBlockTracker"/> fed as the splitter feeds it, so the
/// common statement pays nothing for the tracking. With a custom delimiter it gives up where the delimiter cuts a token
/// other than a word. It takes only the default SQL modes (backslash escapes on, ANSI_QUOTES off).
/// </remarks>
internal ref partial struct FastTemplatePass
{
    /// <summary>
    /// Room beyond <see cref="MaxOutputPerChar"/> times the text: the seven characters a word copy may write past its end,
    /// and spare.
    /// </summary>
    private const int OutputRoom = 32;

    /// <summary>
    /// The maximum number of template characters per character of text. A token writes a space and then at most its own
    /// length, or <c>?</c> for a literal of one character or more, so two per character. The exceptions stay within
    /// three: a <c>)</c> that closes a literal IN list rewrites the list, at least <c>(?)</c> in the text, as
    /// <c> ( ... )</c> (eight for three), and a hint writes at most <c>/*+ </c>, two per content character and
    /// <c> */</c> for the five characters of its delimiters.
    /// </summary>
    private const int MaxOutputPerChar = 3;

    /// <summary>What <see cref="Run{TMode}"/> returns when the statement may open a compound body: run it again in <see cref="BodyMode"/>.</summary>
    private const int RunTrackingBodies = -1;

    private ReadOnlySpan<char> source;
    private readonly int serverVersion;

    /// <summary>The word bits (<see cref="WordBits"/>) of the text that <see cref="source"/> is the end of.</summary>
    private readonly ReadOnlySpan<ulong> wordBits;

    /// <summary>The offset of <see cref="source"/> in the text of <see cref="wordBits"/>.</summary>
    private int bitOffset;

    /// <summary>The custom delimiter in <see cref="CustomDelimiterMode"/>, else empty.</summary>
    private readonly ReadOnlySpan<char> delimiter;
    private char[] output;
    private int length;
    private TemplateItem[] items;
    private int itemCount;
    private int[] openParentheses;
    private int openCount;
    private int firstRowItem;
    private int firstRowEnd;
    private int lastRowClose;
    private int orderListDepth;
    private bool previousIsDot;
    private bool insideExecutableComment;

    /// <summary>The compound blocks of the statement in <see cref="BodyMode"/>.</summary>
    private CompoundBlockTracker blocks;

    /// <summary>
    /// Offset of the first custom delimiter at or after the last token start that looked for one, or the text's length
    /// when there is none. One search serves every token before it.
    /// </summary>
    private int delimiterAt;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private FastTemplatePass(ReadOnlySpan<char> text, int bitOffset, int serverVersion, ReadOnlySpan<char> delimiter, ScratchBuffers buffers)
    {
        source = text;
        wordBits = buffers.WordBits;
        this.bitOffset = bitOffset;
        this.serverVersion = serverVersion;
        this.delimiter = delimiter;

        // Room for the longest template the text can give, made once, so that no token checks for room. The text is the rest
        // of the block, so after the first statement of a block this allocates nothing.
        int room = (MaxOutputPerChar * text.Length) + OutputRoom;
        if (buffers.FastTemplate.Length < room)
        {
            buffers.FastTemplate = new char[room];
        }

        // Each item comes from at least one character of text, and the "..." of a collapsed IN list replaces one.
        if (buffers.Items.Length <= text.Length)
        {
            buffers.Items = new TemplateItem[text.Length + 1];
        }

        output = buffers.FastTemplate;
        items = buffers.Items;
        Restart(text, bitOffset, buffers);
    }

    /// <summary>
    /// Classifies <paramref name="text"/> into word bits (<see cref="WordBits"/>) once, for the statements that are then
    /// taken from it; each call that takes them is given its offset in <paramref name="text"/>.
    /// </summary>
    public static void PrepareWordBits(ReadOnlySpan<char> text, ScratchBuffers buffers)
    {
        int length = WordBits.LengthFor(text.Length);
        if (buffers.WordBits.Length < length)
        {
            buffers.WordBits = GC.AllocateUninitializedArray<ulong>(Math.Max(length, buffers.WordBits.Length * 2));
        }

        WordBits.Fill(text, buffers.WordBits);
    }

    /// <summary>True when this pass may take statements lexed with <paramref name="options"/>.</summary>
    public static bool Accepts(SqlNormalizerOptions options) => !options.NoBackslashEscapes && !options.AnsiQuotes;

    /// <summary>
    /// Writes the template of the statement at the start of <paramref name="text"/> through <paramref name="writer"/> and
    /// returns the offset after the <c>;</c> that ends it, or returns 0 with nothing written when the statement contains
    /// anything this pass leaves to <see cref="FusedTemplatePass"/>. <paramref name="wrote"/> is false for an empty statement.
    /// <paramref name="text"/> is the end of the text last given to <see cref="PrepareWordBits"/>, from
    /// <paramref name="bitOffset"/> on.
    /// </summary>
    public static int TryWriteStatement(ReadOnlySpan<char> text, int bitOffset, SqlNormalizerOptions options, FormLineWriter writer, ScratchBuffers buffers, out bool wrote)
    {
        FastTemplatePass pass = new(text, bitOffset, options.ServerVersion, default, buffers);
        int end = pass.Run<SemicolonMode>(out int tokens);
        if (end == RunTrackingBodies)
        {
            pass.ReturnBuffers(buffers);
            return TryWriteTrackingBodies(text, bitOffset, options, writer, buffers, out wrote);
        }

        return pass.Finish(end, tokens, writer, buffers, out wrote);
    }

    /// <summary>
    /// Writes the templates of the statements at the start of <paramref name="text"/>, one after another, as
    /// <see cref="TryWriteStatement(ReadOnlySpan{char}, int, SqlNormalizerOptions, FormLineWriter, ScratchBuffers, out bool)"/>
    /// writes each, until one that this pass leaves to <see cref="FusedTemplatePass"/>. Returns the offset where that one
    /// starts (the text's length when every statement was taken), and in <paramref name="written"/> the number of
    /// templates written. One pass goes on from statement to statement, so a statement costs no call and no setup of the
    /// pass.
    /// </summary>
    public static int TryWriteStatements(ReadOnlySpan<char> text, int bitOffset, SqlNormalizerOptions options, FormLineWriter writer, ScratchBuffers buffers, out int written)
    {
        written = 0;
        int position = 0;
        FastTemplatePass pass = new(text, bitOffset, options.ServerVersion, default, buffers);
        while (true)
        {
            int end = pass.Run<SemicolonMode>(out int tokens);
            bool wrote;
            if (end == RunTrackingBodies)
            {
                pass.ReturnBuffers(buffers);
                end = TryWriteTrackingBodies(text[position..], bitOffset + position, options, writer, buffers, out wrote);
            }
            else
            {
                wrote = end > 0 && tokens > 0;
                if (wrote)
                {
                    writer.WriteForm(pass.output.AsSpan(0, pass.length));
                }
            }

            if (end <= 0)
            {
                pass.ReturnBuffers(buffers);
                return position;
            }

            position += end;
            written += wrote ? 1 : 0;
            pass.Restart(text[position..], bitOffset + position, buffers);
        }
    }

    /// <summary>Starts the pass on a statement at the start of <paramref name="text"/>, with the arrays it has.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    [MemberNotNull(nameof(openParentheses))]
    private void Restart(ReadOnlySpan<char> text, int offset, ScratchBuffers buffers)
    {
        source = text;
        bitOffset = offset;

        // The body pass may have grown the parenthesis stack and given it to the buffers.
        openParentheses = buffers.OpenParentheses;
        length = 0;
        itemCount = 0;
        openCount = 0;
        firstRowItem = -1;
        firstRowEnd = -1;
        lastRowClose = -1;
        orderListDepth = -1;
        previousIsDot = false;
        insideExecutableComment = false;
        blocks = default;
        delimiterAt = -1;
    }

    /// <summary>
    /// Writes the template of the statement at the start of <paramref name="text"/> like the other overload, for a statement
    /// that ends at the custom <paramref name="delimiter"/> (one that <see cref="AcceptsDelimiter"/> accepts), where
    /// <c>;</c> is an ordinary token. Returns the offset after the delimiter, or 0 to give up.
    /// </summary>
    public static int TryWriteStatement(
        ReadOnlySpan<char> text, int bitOffset, ReadOnlySpan<char> delimiter, SqlNormalizerOptions options, FormLineWriter writer, ScratchBuffers buffers, out bool wrote)
    {
        FastTemplatePass pass = new(text, bitOffset, options.ServerVersion, delimiter, buffers);
        int end = pass.Run<CustomDelimiterMode>(out int tokens);
        return pass.Finish(end, tokens, writer, buffers, out wrote);
    }

    /// <summary>Runs the statement again in <see cref="BodyMode"/>, out of line so that the common statement's code stays small.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int TryWriteTrackingBodies(ReadOnlySpan<char> text, int bitOffset, SqlNormalizerOptions options, FormLineWriter writer, ScratchBuffers buffers, out bool wrote)
    {
        FastTemplatePass pass = new(text, bitOffset, options.ServerVersion, default, buffers);
        int end = pass.Run<BodyMode>(out int tokens);
        return pass.Finish(end, tokens, writer, buffers, out wrote);
    }

    /// <summary>
    /// Gives the parenthesis stack back to <paramref name="buffers"/> when it grew. The template and item arrays are
    /// stored by the constructor, which makes them large enough for the whole statement.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private readonly void ReturnBuffers(ScratchBuffers buffers)
    {
        // Stored only when grown: a reference store costs a write barrier call, and this runs once per statement.
        if (openParentheses != buffers.OpenParentheses)
        {
            buffers.OpenParentheses = openParentheses;
        }
    }

    /// <summary>Gives the parenthesis stack back and writes the template when the run took the statement. Returns the run's result.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private readonly int Finish(int end, int tokens, FormLineWriter writer, ScratchBuffers buffers, out bool wrote)
    {
        ReturnBuffers(buffers);
        wrote = end > 0 && tokens > 0;
        if (wrote)
        {
            writer.WriteForm(output.AsSpan(0, length));
        }

        return end;
    }

    /// <summary>
    /// Returns the offset after the statement's <c>;</c> or custom delimiter, 0 to give up, or <see cref="RunTrackingBodies"/>;
    /// <paramref name="index"/> counts its tokens. <typeparamref name="TMode"/> is <see cref="SemicolonMode"/>,
    /// <see cref="BodyMode"/> or <see cref="CustomDelimiterMode"/>. Each is a struct, so each instantiation is compiled on
    /// its own and the checks of the other modes cost nothing.
    /// </summary>
    private int Run<TMode>(out int index)
        where TMode : struct
    {
        ReadOnlySpan<char> text = source;
        int i = 0;
        index = 0;
        bool createOrAlter = false;
        while (true)
        {
            // The common cases without a call: the next token starts here, or after one space.
            if ((uint)i < (uint)text.Length && CharClasses.IsPlainTokenStart(text[i]))
            {
            }
            else if ((uint)(i + 1) < (uint)text.Length && text[i] == ' ' && CharClasses.IsPlainTokenStart(text[i + 1]))
            {
                i++;
            }
            else
            {
                i = SkipTrivia(i, ref insideExecutableComment);
                if ((uint)i >= (uint)text.Length)
                {
                    // Text ends before the statement does, or a comment is not closed: the splitter decides.
                    return 0;
                }
            }

            char c = text[i];
            if (typeof(TMode) == typeof(CustomDelimiterMode))
            {
                if (index == 0 && (c | 0x20) == 'd' && WordEnd(i) - i == 9 && text.Slice(i, 9).Equals("DELIMITER", StringComparison.OrdinalIgnoreCase))
                {
                    // A DELIMITER command goes to the splitter. Checked before the search for the delimiter, which may not
                    // come again before the next DELIMITER command.
                    return 0;
                }

                if (DelimiterStartsAt(i))
                {
                    return EndAtDelimiter(i, index);
                }
            }
            if (CharClasses.IsWordChar(c))
            {
                int end;
                if (!CharClasses.IsDigit(c))
                {
                    end = WordEnd(i);
                    if (end == i + 1 && end < text.Length && text[end] == '\'' && c is 'N' or 'n' or 'X' or 'x' or 'B' or 'b')
                    {
                        // N'...' keeps backslash escapes; X'...' and B'...' have none. A custom delimiter inside the quotes
                        // is part of the literal.
                        int literalEnd = QuotedEnd(i + 2, '\'', c is 'N' or 'n');
                        if (literalEnd < 0)
                        {
                            return 0;
                        }

                        index++;
                        NoteBodyToken<TMode>(MySqlTokenKind.IntegerLiteral, KeywordId.None, false);
                        PushValue();
                        previousIsDot = false;
                        i = literalEnd;
                        continue;
                    }
                }
                else
                {
                    end = NumberEnd(i, out bool literal, out bool integer);
                    if (typeof(TMode) == typeof(CustomDelimiterMode) && delimiterAt < end)
                    {
                        // The splitter lexes the part before the delimiter again, and a part that starts with a digit may
                        // then be a number (42 of 42$$), which this pass does not write.
                        return 0;
                    }

                    if (literal)
                    {
                        index++;
                        NoteBodyToken<TMode>(MySqlTokenKind.IntegerLiteral, KeywordId.None, false);
                        if (integer && IsColumnNumber(end))
                        {
                            Push(TemplateItemKind.Other, text[i..end], false, KeywordId.None);
                        }
                        else
                        {
                            PushValue();
                        }

                        previousIsDot = false;
                        i = end;
                        continue;
                    }

                    // A name that starts with digits.
                }

                bool cut = false;
                if (typeof(TMode) == typeof(CustomDelimiterMode) && delimiterAt < end)
                {
                    // The delimiter starts inside the word: the part before it is the statement's last token.
                    end = delimiterAt;
                    cut = true;
                }

                if (text[end - 1] == '\uFFFD')
                {
                    // Written in backticks, so that it does not read as the mark of a cut text.
                    return 0;
                }

                KeywordInfo keyword = default;
                int wordLength = end - i;
                if (wordLength >= 2)
                {
                    Lookup(i, wordLength, out keyword);
                }

                if (typeof(TMode) == typeof(SemicolonMode))
                {
                    if ((index == 0 || createOrAlter)
                        && ((index == 0 && keyword.Id == KeywordId.Delimiter) || CompoundBlockTracker.MayOpenBody(keyword.Id, index, ref createOrAlter)))
                    {
                        return keyword.Id == KeywordId.Delimiter ? 0 : RunTrackingBodies;
                    }
                }
                else if (index == 0 && keyword.Id == KeywordId.Delimiter)
                {
                    return 0;
                }

                if (c == '_' && !cut && CharsetNames.IsIntroducer(text[i..end]))
                {
                    int literalEnd = IntroducedLiteralEnd(end, out bool insideAtLiteral);
                    if (literalEnd < 0)
                    {
                        return 0;
                    }

                    if (literalEnd > 0)
                    {
                        if (typeof(TMode) == typeof(CustomDelimiterMode) && delimiterAt < literalEnd)
                        {
                            // The delimiter may cut the literal or stand between the two tokens.
                            return 0;
                        }

                        // The introducer and its literal are one value. An executable comment may open between them.
                        index += 2;
                        NoteBodyToken<TMode>(MySqlTokenKind.Word, keyword.Id, false);
                        NoteBodyToken<TMode>(MySqlTokenKind.StringLiteral, KeywordId.None, false);
                        PushValue();
                        previousIsDot = false;
                        insideExecutableComment = insideAtLiteral;
                        i = literalEnd;
                        continue;
                    }
                }

                index++;
                NoteBodyToken<TMode>(MySqlTokenKind.Word, keyword.Id, false);
                if (keyword.Id == KeywordId.Null && TemplateRules.IsValuePosition(items.AsSpan(0, itemCount)))
                {
                    PushValue();
                }
                else if (!WriteWord(i, end, keyword))
                {
                    return 0;
                }

                previousIsDot = false;
                if (cut)
                {
                    return EndAtDelimiter(end, index);
                }

                i = end;
                continue;
            }

            if (c == ';')
            {
                if (typeof(TMode) == typeof(SemicolonMode) || (typeof(TMode) == typeof(BodyMode) && !blocks.InsideBody))
                {
                    // Inside an expanded /*! ... */ the splitter ends the statement but cannot resume after it.
                    return insideExecutableComment ? 0 : i + 1;
                }

                // Inside a compound body, or with a custom delimiter: an ordinary token, written as TemplateWriter.WriteOther
                // writes it (no keyword, so the ORDER BY list bookkeeping does nothing).
                index++;
                NoteBodyToken<TMode>(MySqlTokenKind.Semicolon, KeywordId.None, false);
                Push(TemplateItemKind.Other, ";", false, KeywordId.None);
                previousIsDot = false;
                i++;
                continue;
            }

            index++;
            if (typeof(TMode) == typeof(BodyMode))
            {
                // The tracker distinguishes only words, ";", ")" and the ":" operator, so one other kind stands for the rest.
                bool isColon = c == ':' && (i + 1 >= text.Length || text[i + 1] != '=');
                blocks.Add(c == ')' ? MySqlTokenKind.RightParenthesis : MySqlTokenKind.Operator, KeywordId.None, isColon);
            }

            switch (c)
            {
                case '\'' or '"':
                    int stringEnd = QuotedEnd(i + 1, c, escapes: true);
                    if (stringEnd < 0)
                    {
                        return 0;
                    }

                    PushValue();
                    i = stringEnd;
                    break;
                case '`':
                    int nameEnd = WriteQuotedName(i);
                    if (nameEnd < 0)
                    {
                        return 0;
                    }

                    i = nameEnd;
                    break;
                case '(':
                    PushOpen();
                    i++;
                    break;
                case ')':
                    WriteClose();
                    i++;
                    break;
                case ',':
                    Push(TemplateItemKind.Comma, ",", true, KeywordId.None);
                    i++;
                    break;
                case '.':
                    if (i + 1 < text.Length && CharClasses.IsDigit(text[i + 1]) && (i == 0 || !(CharClasses.IsWordChar(text[i - 1]) || text[i - 1] == '`')))
                    {
                        int fractionEnd = FractionEnd(i + 1);
                        if (typeof(TMode) == typeof(CustomDelimiterMode) && delimiterAt < fractionEnd)
                        {
                            return 0;
                        }

                        PushValue();
                        i = fractionEnd;
                        break;
                    }

                    WriteDot();
                    previousIsDot = true;
                    i++;
                    continue;
                case '?':
                    PushValue();
                    i++;
                    break;
                case '@':
                    int variableEnd = VariableEnd(i);
                    if (variableEnd < 0 || (typeof(TMode) == typeof(CustomDelimiterMode) && delimiterAt < variableEnd))
                    {
                        return 0;
                    }

                    if (variableEnd == i + 1)
                    {
                        Push(TemplateItemKind.Operator, "@", false, KeywordId.None);
                    }
                    else
                    {
                        WriteLowered(text[i..variableEnd]);
                    }

                    i = variableEnd;
                    break;
                case '/' when i + 2 < text.Length && text[i + 1] == '*' && text[i + 2] == '+':
                    int hintEnd = WriteHint(i);
                    if (hintEnd < 0)
                    {
                        return 0;
                    }

                    i = hintEnd;
                    break;
                default:
                    int operatorLength = OperatorLength(i, c);
                    if (operatorLength == 0 && c == ':')
                    {
                        // A ":" without "=" after it, which OperatorLength leaves to the caller.
                        if (!IsColonOperator(i))
                        {
                            // ":name", a client-side placeholder.
                            return 0;
                        }

                        if (typeof(TMode) == typeof(SemicolonMode))
                        {
                            // After a first word the colon makes a label, which opens a compound block, so the tracker
                            // must follow it.
                            return RunTrackingBodies;
                        }

                        operatorLength = 1;
                    }

                    if (operatorLength == 0 || (typeof(TMode) == typeof(CustomDelimiterMode) && delimiterAt < i + operatorLength))
                    {
                        return 0;
                    }

                    ReadOnlySpan<char> op = text.Slice(i, operatorLength);
                    bool sign = operatorLength == 1 && c is '-' or '+';
                    Push(sign ? TemplateItemKind.Sign : TemplateItemKind.Operator, op, TemplateRules.OperatorStartsExpression(op), KeywordId.None);
                    i += operatorLength;
                    break;
            }

            previousIsDot = false;
        }
    }

    /// <summary>
    /// Skips whitespace and comments, enters an executable comment that the server version runs and leaves it at its
    /// <c>*/</c>, as <see cref="MySqlLexer"/> does between tokens; returns the next token's offset, or -1 when a comment
    /// is not closed.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private readonly int SkipTrivia(int i, ref bool insideExecutable)
    {
        ReadOnlySpan<char> text = source;
        if (i + 1 < text.Length && text[i] == ' ' && ShapeAfterSpace(text[i + 1]))
        {
            // One space before a token, the most common case.
            return i + 1;
        }

        while (i < text.Length)
        {
            char c = text[i];
            if (CharClasses.IsWhitespace(c))
            {
                i++;
                continue;
            }

            if (c is '#' or '-' or '/' or '*')
            {
                int skipped = SkipComment(i, c, ref insideExecutable);
                if (skipped < 0)
                {
                    return -1;
                }

                if (skipped != i)
                {
                    i = skipped;
                    continue;
                }
            }

            break;
        }

        return i;
    }

    /// <summary>
    /// Returns the offset after the comment (or executable comment delimiter) at <paramref name="i"/>,
    /// <paramref name="i"/> when none starts there, or -1 when a comment is not closed.
    /// </summary>
    private readonly int SkipComment(int i, char c, ref bool insideExecutable)
    {
        ReadOnlySpan<char> text = source;
        char next = i + 1 < text.Length ? text[i + 1] : '\0';
        if (c == '*')
        {
            if (insideExecutable && next == '/')
            {
                insideExecutable = false;
                return i + 2;
            }

            return i;
        }

        if (c == '#' || (c == '-' && next == '-' && (i + 2 >= text.Length || text[i + 2] <= ' ')))
        {
            int lineEnd = text[i..].IndexOf('\n');
            return lineEnd < 0 ? text.Length : i + lineEnd;
        }

        if (c != '/' || next != '*')
        {
            return i;
        }

        int contentStart = i + 2;
        if (i + 2 < text.Length)
        {
            switch (text[i + 2])
            {
                case '+':
                    // A hint is a token.
                    return i;
                case '!':
                    contentStart = MySqlLexer.ReadExecutableCommentVersion(text, i + 3, out int version);
                    if (version <= serverVersion)
                    {
                        insideExecutable = true;
                        return contentStart;
                    }

                    contentStart = i + 3;
                    break;
                default:
                    break;
            }
        }

        int close = contentStart <= text.Length ? text[contentStart..].IndexOf("*/", StringComparison.Ordinal) : -1;
        return close < 0 ? -1 : contentStart + close + 2;
    }

    /// <summary>Returns the end of the word at <paramref name="i"/>, from the word bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private readonly int WordEnd(int i) => WordBits.WordEnd(wordBits, bitOffset + i) - bitOffset;

    /// <summary>Returns the end of the <c>0x</c> or <c>0b</c> number at <paramref name="start"/>, or -1 when the text there is a name.</summary>
    private readonly int BinaryNumberEnd(int start)
    {
        ReadOnlySpan<char> text = source;
        bool hex = text[start + 1] == 'x';
        int end = start + 2;
        while (end < text.Length && (hex ? CharClasses.IsHexDigit(text[end]) : text[end] is '0' or '1'))
        {
            end++;
        }

        return end > start + 2 && (end >= text.Length || !CharClasses.IsWordChar(text[end])) ? end : -1;
    }

    /// <summary>
    /// Reads the number at <paramref name="start"/> as <see cref="MySqlLexer"/> does; returns its end, or a word's end
    /// (with <paramref name="literal"/> false) for a name that starts with digits.
    /// </summary>
    private readonly int NumberEnd(int start, out bool literal, out bool integer)
    {
        ReadOnlySpan<char> text = source;
        literal = true;
        integer = true;

        // A whole word of up to eight digits with no dot after it is an integer that ends with the word: the common number,
        // read without a look at each character.
        int wordEnd = WordEnd(start);
        int length = wordEnd - start;
        if (Vector128.IsHardwareAccelerated && length <= 8 && start + 8 <= text.Length && (wordEnd >= text.Length || text[wordEnd] != '.'))
        {
            Vector128<ushort> chars = Vector128.LoadUnsafe(ref Unsafe.As<char, ushort>(ref Unsafe.Add(ref MemoryMarshal.GetReference(text), start)));
            uint digits = Vector128.LessThanOrEqual(chars - Vector128.Create((ushort)'0'), Vector128.Create((ushort)9)).ExtractMostSignificantBits();
            uint word = (1u << length) - 1;
            if ((digits & word) == word)
            {
                return wordEnd;
            }
        }

        integer = false;
        if (text[start] == '0' && start + 1 < text.Length && text[start + 1] is 'x' or 'b')
        {
            // Only lower-case 0x and 0b make numbers; "0x1g" is a name.
            int end = BinaryNumberEnd(start);
            if (end > 0)
            {
                return end;
            }

            literal = false;
            return WordEnd(start);
        }

        int i = MySqlLexer.DigitsEnd(text, start);
        if (i < text.Length && text[i] == '.')
        {
            return FractionEnd(i + 1);
        }

        if (i < text.Length && text[i] is 'e' or 'E')
        {
            int exponentEnd = MySqlLexer.ExponentEnd(text, i);
            if (exponentEnd > 0)
            {
                return exponentEnd;
            }
        }

        if (i < text.Length && CharClasses.IsWordChar(text[i]))
        {
            literal = false;
            return WordEnd(start);
        }

        integer = true;
        return i;
    }

    private readonly int FractionEnd(int afterPoint)
    {
        ReadOnlySpan<char> text = source;
        int i = MySqlLexer.DigitsEnd(text, afterPoint);
        if (i < text.Length && text[i] is 'e' or 'E')
        {
            int exponentEnd = MySqlLexer.ExponentEnd(text, i);
            if (exponentEnd > 0)
            {
                return exponentEnd;
            }
        }

        return i;
    }

    /// <summary>
    /// Returns the offset after the closing <paramref name="quote"/> of content starting at <paramref name="j"/>, or -1
    /// when the text ends first. A doubled quote, and with <paramref name="escapes"/> a backslash pair, stays inside.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private readonly int QuotedEnd(int j, char quote, bool escapes)
    {
        ReadOnlySpan<char> text = source;
        while (j < text.Length)
        {
            // Only the quote or a backslash can end the content or change how it is read: a vector search skips the rest.
            int next = escapes ? text[j..].IndexOfAny(quote, '\\') : text[j..].IndexOf(quote);
            if (next < 0)
            {
                return -1;
            }

            j += next;
            if (text[j] == quote)
            {
                if (j + 1 < text.Length && text[j + 1] == quote)
                {
                    j += 2;
                    continue;
                }

                return j + 1;
            }

            j += 2;
        }

        return -1;
    }

    /// <summary>
    /// Returns the end of the literal after a character set introducer ending at <paramref name="end"/>, 0 when no
    /// literal that takes an introducer follows (the word is then a name), or -1 to give up. <paramref name="inside"/> is
    /// whether an expanded executable comment is open at the literal, as one may open or close before it.
    /// </summary>
    private readonly int IntroducedLiteralEnd(int end, out bool inside)
    {
        ReadOnlySpan<char> text = source;
        inside = insideExecutableComment;
        int k = SkipTrivia(end, ref inside);
        if (k < 0 || k >= text.Length)
        {
            return k < 0 ? -1 : 0;
        }

        char c = text[k];
        char next = k + 1 < text.Length ? text[k + 1] : '\0';
        if (c is '\'' or '"')
        {
            return QuotedEnd(k + 1, c, escapes: true);
        }

        if (next == '\'' && c is 'X' or 'x' or 'B' or 'b')
        {
            return QuotedEnd(k + 2, '\'', escapes: false);
        }

        if (c == '0' && next is 'x' or 'b')
        {
            return Math.Max(BinaryNumberEnd(k), 0);
        }

        return 0;
    }

    /// <summary>
    /// Returns the end of the variable at the <c>@</c> at <paramref name="i"/> as <see cref="MySqlLexer"/> reads it,
    /// <paramref name="i"/> + 1 when the <c>@</c> is an operator (as in <c>'user'@'host'</c>), or -1 for a quoted name.
    /// </summary>
    private readonly int VariableEnd(int i)
    {
        ReadOnlySpan<char> text = source;
        if (i > 0 && (text[i - 1] is '\'' or '"' or '`' || CharClasses.IsWordChar(text[i - 1])))
        {
            return i + 1;
        }

        int j = i + 1;
        if (j < text.Length && text[j] == '@')
        {
            j++;
            while (j < text.Length && (CharClasses.IsWordChar(text[j]) || (text[j] == '.' && j + 1 < text.Length && CharClasses.IsWordChar(text[j + 1]))))
            {
                j++;
            }

            return j;
        }

        if (j < text.Length && text[j] is '\'' or '"' or '`')
        {
            return -1;
        }

        while (j < text.Length && (CharClasses.IsWordChar(text[j]) || text[j] == '.'))
        {
            j++;
        }

        return j;
    }

    /// <summary>Length of the operator at <paramref name="i"/>, or 0 for a character this pass leaves to the lexer.</summary>
    private readonly int OperatorLength(int i, char c)
    {
        ReadOnlySpan<char> text = source;
        char next = i + 1 < text.Length ? text[i + 1] : '\0';
        switch (c)
        {
            case '-':
                if (next != '>')
                {
                    return 1;
                }

                return i + 2 < text.Length && text[i + 2] == '>' ? 3 : 2;
            case '/':
                // A "/*" that SkipTrivia did not skip and Run did not take as a hint goes to the other passes.
                return next == '*' ? 0 : 1;
            case ':':
                return next == '=' ? 2 : 0;
            case '<':
                if (next == '=')
                {
                    return i + 2 < text.Length && text[i + 2] == '>' ? 3 : 2;
                }

                return next is '>' or '<' ? 2 : 1;
            case '>':
                return next is '=' or '>' ? 2 : 1;
            case '!':
                return next == '=' ? 2 : 1;
            case '|':
                return next == '|' ? 2 : 1;
            case '&':
                return next == '&' ? 2 : 1;
            case '=' or '+' or '*' or '%' or '^' or '~' or '{' or '}':
                return 1;
            default:
                return 0;
        }
    }

    /// <summary>Finds a word's keyword entry as <see cref="MySqlKeywords.TryGet"/> does.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private readonly void Lookup(int start, int wordLength, out KeywordInfo keyword)
    {
        if (wordLength <= PackedKeywordTable.MaxLength)
        {
            PackedKeywordTable.TryGet(source, start, wordLength, out keyword);
        }
        else
        {
            MySqlKeywords.TryGet(source.Slice(start, wordLength), out keyword);
        }
    }

    /// <summary>
    /// What the token after offset <paramref name="end"/> is, as far as a word's spelling cares: 1 for <c>(</c>, 2 for a
    /// dot, 0 for anything else, -1 to give up (an executable comment or hint follows, or a comment is not closed).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private readonly int NextTokenShape(int end)
    {
        ReadOnlySpan<char> text = source;
        if (end + 1 < text.Length)
        {
            // The common cases without a scan: the next token starts right after the word or after one space, at a
            // character that starts no comment. A dot right after a word is never a fraction's; after a space it may be.
            char next = text[end];
            if (next == '(')
            {
                return 1;
            }

            if (next == '.')
            {
                return 2;
            }

            if (next == ' ')
            {
                next = text[end + 1];
                if (next == '(')
                {
                    return 1;
                }
            }

            if (next != '.' && CharClasses.IsPlainTokenStart(next))
            {
                return 0;
            }
        }

        return NextTokenShapeScanned(end);
    }

    /// <summary>True when <paramref name="c"/> after one space starts a token that is neither "(" nor a dot, and no comment.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool ShapeAfterSpace(char c) => c > ' ' && c is not ('(' or '.' or '#' or '-' or '/' or '*');

    /// <summary><see cref="NextTokenShape"/> with a scan over whitespace and comments.</summary>
    private readonly int NextTokenShapeScanned(int end)
    {
        ReadOnlySpan<char> text = source;
        bool inside = insideExecutableComment;
        int k = SkipTrivia(end, ref inside);
        if (k < 0)
        {
            return -1;
        }

        if (k >= text.Length)
        {
            return 0;
        }

        char c = text[k];
        if (c == '(')
        {
            return 1;
        }

        if (c == '.')
        {
            bool fraction = k + 1 < text.Length && CharClasses.IsDigit(text[k + 1]) && !(CharClasses.IsWordChar(text[k - 1]) || text[k - 1] == '`');
            return fraction ? 0 : 2;
        }

        return 0;
    }

    /// <summary>TemplateWriter.WriteOther for an unquoted word: keywords upper-cased unless next to a dot or a function name not called.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool WriteWord(int start, int end, KeywordInfo keyword)
    {
        KeywordId id = keyword.Id;
        NoteListKeyword(id);
        int itemStart = BeginItem();
        bool upper = false;
        if (id != KeywordId.None)
        {
            int next = NextTokenShape(end);
            if (next < 0)
            {
                return false;
            }

            upper = !(previousIsDot || next == 2 || (keyword.Flags == KeywordFlags.Function && next != 1));
        }

        AppendWord(start, end - start, upper);

        AddItem(itemStart, TemplateItemKind.Other, (keyword.Flags & KeywordFlags.StartsExpression) != 0, id);
        return true;
    }

    /// <summary>
    /// TemplateWriter.WriteOther for a backtick name: bare (spelled as the bare word would be) when plain, else as written.
    /// Returns the offset after the name, or -1 to give up.
    /// </summary>
    private int WriteQuotedName(int i)
    {
        ReadOnlySpan<char> text = source;
        int j = WordEnd(i + 1);
        bool doubled = false;

        // Most names are word characters up to a closing backtick that is not doubled: then the scan for word characters
        // has found the end, and the name is known to be made of word characters.
        bool words = j < text.Length && text[j] == '`' && (j + 1 >= text.Length || text[j + 1] != '`');
        while (!words)
        {
            if (j >= text.Length)
            {
                return -1;
            }

            char c = text[j];
            if (c == '`')
            {
                if (j + 1 < text.Length && text[j + 1] == '`')
                {
                    doubled = true;
                    j += 2;
                    continue;
                }

                break;
            }

            j++;
        }

        int end = j + 1;
        ReadOnlySpan<char> content = text[(i + 1)..j];
        NoteListKeyword(KeywordId.None);
        int itemStart = BeginItem();
        KeywordInfo keyword = default;
        bool plain = !doubled && !content.IsEmpty && !CharClasses.IsDigit(content[0]) && content[^1] != '\uFFFD';
        for (int k = 0; plain && !words && k < content.Length; k++)
        {
            plain = CharClasses.IsWordChar(content[k]);
        }

        if (plain)
        {
            if (content.Length >= 2)
            {
                Lookup(i + 1, content.Length, out keyword);
            }

            plain = previousIsDot || (keyword.Flags & KeywordFlags.Reserved) == 0;
        }

        if (!plain)
        {
            Append(text[i..end]);
        }
        else if (keyword.Id == KeywordId.None)
        {
            AppendWord(i + 1, content.Length, upper: false);
        }
        else
        {
            int next = NextTokenShape(end);
            if (next < 0)
            {
                return -1;
            }

            AppendWord(i + 1, content.Length, upper: !(previousIsDot || next == 2 || (keyword.Flags == KeywordFlags.Function && next != 1)));
        }

        AddItem(itemStart, TemplateItemKind.Other, false, KeywordId.None);
        return end;
    }

    private void WriteDot()
    {
        NoteListKeyword(KeywordId.None);
        int itemStart = BeginItem();
        output[length++] = '.';
        AddItem(itemStart, TemplateItemKind.Other, false, KeywordId.None);
    }

    /// <summary>A user or system variable, lower-cased as MySQL compares their names.</summary>
    private void WriteLowered(ReadOnlySpan<char> variable)
    {
        NoteListKeyword(KeywordId.None);
        int itemStart = BeginItem();
        Span<char> target = output.AsSpan(length, variable.Length);
        for (int k = 0; k < variable.Length; k++)
        {
            char c = variable[k];
            target[k] = (uint)(c - 'A') <= 'Z' - 'A' ? (char)(c + 32) : c;
        }

        length += variable.Length;
        AddItem(itemStart, TemplateItemKind.Other, false, KeywordId.None);
    }

    /// <summary>
    /// A <c>/*+ ... */</c> hint at <paramref name="i"/>, written with each run of whitespace in its content as one space;
    /// returns the offset after it, or -1 when it is not closed.
    /// </summary>
    private int WriteHint(int i)
    {
        ReadOnlySpan<char> text = source;
        int close = text[(i + 2)..].IndexOf("*/", StringComparison.Ordinal);
        if (close < 0)
        {
            return -1;
        }

        int end = i + 2 + close + 2;
        NoteListKeyword(KeywordId.None);
        int itemStart = BeginItem();

        // The room reserved for the statement covers the hint: at most 2 * content + 6 for content + 5 characters.
        length += ExactFormWriter.WriteHint(text[i..end], output.AsSpan(length));
        AddItem(itemStart, TemplateItemKind.Other, false, KeywordId.None);
        return end;
    }

    /// <summary>TemplateWriter.WriteOther's bookkeeping of ORDER BY, GROUP BY and PARTITION BY lists.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void NoteListKeyword(KeywordId keyword)
    {
        if (keyword == KeywordId.By && itemCount > 0 && items[itemCount - 1].Keyword is KeywordId.Order or KeywordId.Group or KeywordId.Partition)
        {
            orderListDepth = openCount;
        }
        else if (orderListDepth == openCount && TemplateRules.EndsColumnList(keyword))
        {
            orderListDepth = -1;
        }
    }

    /// <summary>TemplateWriter.IsColumnNumber for an integer ending at <paramref name="end"/>.</summary>
    private readonly bool IsColumnNumber(int end)
    {
        if (!TemplateRules.StartsColumnListItem(items.AsSpan(0, itemCount), orderListDepth, openCount))
        {
            return false;
        }

        ReadOnlySpan<char> text = source;
        bool inside = insideExecutableComment;
        int k = SkipTrivia(end, ref inside);
        if (k < 0 || k >= text.Length)
        {
            // The statement is not taken by this pass then, so the result does not matter.
            return true;
        }

        char c = text[k];
        if (c is ',' or ')' or ';' || (!delimiter.IsEmpty && text[k..].StartsWith(delimiter) && !IsHintAt(k)))
        {
            // With a custom delimiter at the next token, the integer is the statement's last token.
            return true;
        }

        if (!CharClasses.IsWordChar(c) || CharClasses.IsDigit(c))
        {
            return false;
        }

        int wordEnd = WordEnd(k);
        if (!delimiter.IsEmpty)
        {
            // A custom delimiter inside the next word cuts it, and the part before it is the word the writer looks up.
            int at = text[k..Math.Min(text.Length, wordEnd + delimiter.Length - 1)].IndexOf(delimiter);
            wordEnd = at < 0 ? wordEnd : k + at;
        }

        if (wordEnd - k < 2)
        {
            return false;
        }

        Lookup(k, wordEnd - k, out KeywordInfo next);
        return TemplateRules.EndsColumnNumber(next.Id);
    }

    /// <summary>A literal: folds a sign before it where MySQL's digest does, then writes <c>?</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void PushValue()
    {
        while (itemCount >= 2 && items[itemCount - 1].Kind == TemplateItemKind.Sign && items[itemCount - 2].StartsExpression)
        {
            Truncate(itemCount - 1);
        }

        int itemStart = BeginItem();
        output[length++] = '?';
        AddItem(itemStart, TemplateItemKind.Value, false, KeywordId.None);
    }

    private void PushOpen()
    {
        if (openCount == openParentheses.Length)
        {
            Array.Resize(ref openParentheses, openCount * 2);
        }

        openParentheses[openCount++] = itemCount;
        Push(TemplateItemKind.OpenParenthesis, "(", true, KeywordId.None);
    }

    /// <summary>Closes a parenthesis, collapsing a literal IN list and dropping a VALUES row spelled like the first.</summary>
    /// <remarks>
    /// NOTE: this is TemplateWriter.WriteClose over this pass's array instead of a <see cref="CharBuilder"/>. A change to
    /// one must go to the other; the comparison tests fail when they differ.
    /// </remarks>
    private void WriteClose()
    {
        if (openCount == 0)
        {
            Push(TemplateItemKind.CloseParenthesis, ")", false, KeywordId.None);
            return;
        }

        int open = openParentheses[--openCount];
        if (orderListDepth > openCount)
        {
            orderListDepth = -1;
        }

        KeywordId before = open > 0 ? items[open - 1].Keyword : KeywordId.None;
        if (before == KeywordId.In && TemplateRules.IsLiteralList(items.AsSpan(0, itemCount), open + 1))
        {
            Truncate(open + 1);
            Push(TemplateItemKind.Other, "...", false, KeywordId.None);
        }

        Push(TemplateItemKind.CloseParenthesis, ")", false, KeywordId.None);
        int close = itemCount - 1;

        if (before is KeywordId.Values or KeywordId.Value)
        {
            firstRowItem = open;
            firstRowEnd = length;
            lastRowClose = close;
        }
        else if (firstRowItem >= 0 && open >= 2 && items[open - 1].Kind == TemplateItemKind.Comma && lastRowClose == open - 2)
        {
            ReadOnlySpan<char> firstRow = output.AsSpan(items[firstRowItem].Start, firstRowEnd - items[firstRowItem].Start);
            ReadOnlySpan<char> row = output.AsSpan(items[open].Start, length - items[open].Start);
            if (row.SequenceEqual(firstRow))
            {
                Truncate(open - 1);
            }
            else
            {
                lastRowClose = close;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Push(TemplateItemKind kind, ReadOnlySpan<char> itemText, bool startsExpression, KeywordId keyword)
    {
        int itemStart = BeginItem();
        Append(itemText);
        AddItem(itemStart, kind, startsExpression, keyword);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int BeginItem()
    {
        int start = length;
        if (start > 0)
        {
            output[length++] = ' ';
        }

        return start;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void AddItem(int start, TemplateItemKind kind, bool startsExpression, KeywordId keyword)
    {
        items[itemCount++] = new TemplateItem { Start = start, Kind = kind, StartsExpression = startsExpression, Keyword = keyword };
    }

    private void Truncate(int keepItems)
    {
        length = items[keepItems].Start;
        itemCount = keepItems;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Append(ReadOnlySpan<char> text)
    {
        text.CopyTo(output.AsSpan(length));
        length += text.Length;
    }

    /// <summary>
    /// Copies the word of <paramref name="count"/> characters at <paramref name="start"/>, upper-casing its ASCII letters
    /// when <paramref name="upper"/> is set, eight characters at a time. The last group may copy characters after the
    /// word, past <see cref="length"/>, into the room kept free; they are overwritten later. The vector stores are not
    /// bounds-checked, so they run only where that room is there.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void AppendWord(int start, int count, bool upper)
    {
        ReadOnlySpan<char> text = source;
        if (!Vector128.IsHardwareAccelerated || start + count + 8 > text.Length || length + count + 8 > output.Length)
        {
            AppendWordScalar(text.Slice(start, count), upper);
            return;
        }

        ref ushort word = ref Unsafe.As<char, ushort>(ref Unsafe.Add(ref MemoryMarshal.GetReference(text), start));
        ref ushort target = ref Unsafe.As<char, ushort>(ref output[length]);
        for (int k = 0; k < count; k += 8)
        {
            Vector128<ushort> chars = Vector128.LoadUnsafe(ref word, (nuint)k);
            if (upper)
            {
                Vector128<ushort> lower = Vector128.LessThanOrEqual(chars - Vector128.Create((ushort)'a'), Vector128.Create((ushort)('z' - 'a')));
                chars -= lower & Vector128.Create((ushort)0x20);
            }

            chars.StoreUnsafe(ref target, (nuint)k);
        }

        length += count;
    }

    private void AppendWordScalar(ReadOnlySpan<char> word, bool upper)
    {
        Span<char> target = output.AsSpan(length, word.Length);
        for (int k = 0; k < word.Length; k++)
        {
            char c = word[k];
            target[k] = upper && (uint)(c - 'a') <= 'z' - 'a' ? (char)(c - 32) : c;
        }

        length += word.Length;
    }
}
