using QueryAudit.Sql.Lexing;
using QueryAudit.Sql.Normalizing;

namespace QueryAudit.Sql.Splitting;

/// <summary>Receives one statement found by the splitter: its significant tokens, with offsets into <paramref name="text"/>.</summary>
internal delegate void StatementHandler(ReadOnlySpan<char> text, ReadOnlySpan<StatementToken> tokens);

/// <summary>
/// Cuts text into statements with one pass of the lexer. In query mode statements end at <c>;</c> outside strings,
/// comments and compound bodies. In script mode the mysql client's <c>DELIMITER</c> command also applies: with a custom
/// delimiter, statements end wherever the delimiter appears outside strings, comments and quoted identifiers (as the
/// client does, even in the middle of a word such as <c>END$$</c>), and semicolons are ordinary characters.
/// </summary>
internal ref struct StatementSplitter
{
    /// <summary>
    /// Characters that must follow a custom delimiter in a block that more text follows, or the delimiter waits for the
    /// next block. How the lexer reads the text up to the delimiter's end can depend on the characters after it. A "-" before "-" and a space starts a comment, and "1e+" before a digit is one number. The digits after "/*!" may be
    /// a version of up to seven digits, the longest of these reads. So a delimiter closer to the end of the block may turn
    /// out to lie inside a comment, or to cut a different token, once the next block is read. A <c>;</c> needs no margin
    /// because no lexer decision reads past it.
    /// </summary>
    internal const int CustomDelimiterMargin = 8;

    private readonly ReadOnlySpan<char> text;
    private readonly SqlNormalizerOptions options;
    private readonly bool script;
    private readonly List<SqlStatementText>? statements;
    private readonly StatementHandler? handler;
    private readonly ScratchBuffers? buffers;
    private readonly bool final;
    private readonly bool startsMidLine;
    private readonly bool stopAtResumePoint;
    private int stoppedAt;
    private int tokenCount;
    private string delimiter;
    private bool customDelimiter;
    private CompoundBlockTracker blocks;
    private LineCounter lines;
    private int commentStart;
    private int firstTokenStart;
    private int previousDelimiterEnd;
    private int statementCount;
    private int safeEnd;
    private string safeDelimiter;
    private int safeCount;

    private StatementSplitter(
        ReadOnlySpan<char> text,
        SqlNormalizerOptions options,
        bool script,
        StatementHandler? handler,
        ScratchBuffers? buffers,
        string delimiter = ";",
        bool startsMidLine = false,
        bool final = true,
        bool stopAtResumePoint = false)
    {
        this.text = text;
        this.options = options;
        this.script = script;
        this.handler = handler;
        this.buffers = buffers;
        this.final = final;
        this.startsMidLine = startsMidLine;
        this.stopAtResumePoint = stopAtResumePoint;
        stoppedAt = -1;
        statements = handler is null ? [] : null;
        tokenCount = 0;
        this.delimiter = delimiter;
        customDelimiter = delimiter != ";";
        commentStart = -1;
        firstTokenStart = -1;
        previousDelimiterEnd = -1;
        statementCount = 0;
        safeEnd = 0;
        safeDelimiter = delimiter;
        safeCount = 0;
    }

    public static List<SqlStatementText> Split(ReadOnlySpan<char> text, SqlNormalizerOptions options, bool script)
    {
        StatementSplitter splitter = new(text, options, script, handler: null, buffers: null);
        splitter.Run();
        return splitter.statements!;
    }

    /// <summary>Splits without building strings: each statement's tokens go to <paramref name="handler"/>, lexed once.</summary>
    public static void Split(ReadOnlySpan<char> text, SqlNormalizerOptions options, bool script, StatementHandler handler, ScratchBuffers buffers)
    {
        StatementSplitter splitter = new(text, options, script, handler, buffers);
        splitter.Run();
    }

    /// <summary>
    /// Splits one block of a script that may continue after <paramref name="text"/> (unless <paramref name="final"/>),
    /// handing each statement's tokens to <paramref name="handler"/>. Returns the offset after the last delimiter from
    /// which splitting can resume with the next block: its statements, <paramref name="statementsBeforeResume"/> of
    /// them, are complete and were lexed as in one pass over the whole script, while statements after it may change
    /// once more text arrives and must be discarded. <paramref name="delimiter"/> is the delimiter in force at the start
    /// and is set to the one in force at the returned offset. <paramref name="startsMidLine"/> is true when the text
    /// continues a line that already contains a statement, so a DELIMITER word at its start is not a client command.
    /// </summary>
    public static int SplitBlock(
        ReadOnlySpan<char> text,
        SqlNormalizerOptions options,
        ref string delimiter,
        bool startsMidLine,
        bool final,
        StatementHandler handler,
        ScratchBuffers buffers,
        out int statementsBeforeResume)
    {
        StatementSplitter splitter = new(text, options, script: true, handler, buffers, delimiter, startsMidLine, final);
        splitter.Run();
        if (final)
        {
            statementsBeforeResume = splitter.statementCount;
            delimiter = splitter.delimiter;
            return text.Length;
        }

        statementsBeforeResume = splitter.safeCount;
        delimiter = splitter.safeDelimiter;
        return splitter.safeEnd;
    }

    /// <summary>
    /// Splits like <see cref="SplitBlock"/> but stops at the first point where splitting could start afresh, so that a
    /// faster writer can take over from there. Such a point follows a delimiter that ends a statement at a resume point
    /// (a <c>;</c> outside any <c>/*! ... */</c>, or a custom delimiter), or is the line feed that ends a
    /// <c>DELIMITER</c> command. Returns that offset, with <paramref name="statements"/> handled before it and
    /// <paramref name="delimiter"/> set to the delimiter in force there. When no such point came, returns what
    /// <see cref="SplitBlock"/> returns, with <paramref name="stopped"/> false.
    /// </summary>
    public static int SplitUntilResumePoint(
        ReadOnlySpan<char> text,
        SqlNormalizerOptions options,
        ref string delimiter,
        bool startsMidLine,
        bool final,
        StatementHandler handler,
        ScratchBuffers buffers,
        out int statements,
        out bool stopped)
    {
        StatementSplitter splitter = new(text, options, script: true, handler, buffers, delimiter, startsMidLine, final, stopAtResumePoint: true);
        splitter.Run();
        stopped = splitter.stoppedAt >= 0;
        if (stopped)
        {
            statements = splitter.statementCount;
            delimiter = splitter.delimiter;
            return splitter.stoppedAt;
        }

        if (final)
        {
            statements = splitter.statementCount;
            delimiter = splitter.delimiter;
            return text.Length;
        }

        statements = splitter.safeCount;
        delimiter = splitter.safeDelimiter;
        return splitter.safeEnd;
    }

    private void Run()
    {
        int offset = 0;
        MySqlLexer lexer = new(text, options);
        while (lexer.TryRead(out MySqlToken relative))
        {
            MySqlToken token = relative with { Start = relative.Start + offset };
            if (token.IsComment)
            {
                NoteComment(token.Start);
                continue;
            }

            if (script && firstTokenStart < 0 && TryReadDelimiterCommand(token, out int lineEnd))
            {
                offset = lineEnd;
                lexer = new MySqlLexer(text[offset..], options);
                if (stopAtResumePoint && lineEnd < text.Length)
                {
                    // The command's line ended inside the text, and splitting goes on from its line feed as from a fresh
                    // start: no statement is open (the command comes first), and the lexer starts again there.
                    stoppedAt = lineEnd;
                    return;
                }

                continue;
            }

            int executableStart = lexer.ExecutableCommentStart + offset;
            if (firstTokenStart < 0 && lexer.ExecutableCommentStart >= 0 && executableStart < token.Start && executableStart >= previousDelimiterEnd
                && token.Kind != MySqlTokenKind.Semicolon)
            {
                // The statement starts at the /*! that wraps its first token, as in mysqldump's /*!50003 CREATE ... */.
                firstTokenStart = executableStart;
            }

            if (customDelimiter)
            {
                int found = FindCustomDelimiter(token);
                if (found < 0)
                {
                    NoteToken(token);
                    continue;
                }

                if (!final && found + delimiter.Length + CustomDelimiterMargin > text.Length)
                {
                    // Split again from the last resume point with the next block.
                    break;
                }

                if (found > token.Start)
                {
                    NoteTokensBefore(token.Start, found);
                }

                EndStatement(found, found + delimiter.Length);
                offset = found + delimiter.Length;
                lexer = new MySqlLexer(text[offset..], options);
                MarkResumePoint(offset);
                if (stopAtResumePoint)
                {
                    stoppedAt = offset;
                    return;
                }

                continue;
            }

            if (token.Kind == MySqlTokenKind.Semicolon && !blocks.InsideBody)
            {
                EndStatement(token.Start, token.End);
                if (!lexer.IsInsideExecutableComment)
                {
                    // Inside an expanded /*! ... */ a fresh lexer would not know that a "*/" closes it.
                    MarkResumePoint(token.End);
                    if (stopAtResumePoint)
                    {
                        stoppedAt = token.End;
                        return;
                    }
                }

                continue;
            }

            NoteToken(token);
        }

        if (final)
        {
            EndStatement(text.Length, text.Length);
        }
    }

    /// <summary>Notes that splitting could restart at <paramref name="end"/> with a fresh lexer and the current delimiter.</summary>
    private void MarkResumePoint(int end)
    {
        safeEnd = end;
        safeDelimiter = delimiter;
        safeCount = statementCount;
    }

    private void NoteComment(int start)
    {
        if (firstTokenStart >= 0 || commentStart >= 0)
        {
            return;
        }

        // A comment on the same line as the previous statement's delimiter is that statement's trailing remark.
        bool trailing = previousDelimiterEnd >= 0 && !text[previousDelimiterEnd..start].Contains('\n');
        if (!trailing)
        {
            commentStart = start;
        }
    }

    private void NoteToken(MySqlToken token)
    {
        if (firstTokenStart < 0)
        {
            firstTokenStart = token.Start;
        }

        KeywordInfo keyword = default;
        if (token.Kind == MySqlTokenKind.Word)
        {
            MySqlKeywords.TryGet(text.Slice(token.Start, token.Length), out keyword);
        }

        bool isColon = token.Kind == MySqlTokenKind.Operator && token.Length == 1 && text[token.Start] == ':';
        blocks.Add(token.Kind, keyword.Id, isColon);

        if (buffers is not null)
        {
            if (tokenCount == buffers.Tokens.Length)
            {
                Array.Resize(ref buffers.Tokens, tokenCount * 2);
            }

            buffers.Tokens[tokenCount++] = new StatementToken(token, keyword);
        }
    }

    /// <summary>
    /// Notes the tokens of the text from <paramref name="start"/> to <paramref name="end"/>, the part of a token before a
    /// custom delimiter that starts inside it. The client sends the statement up to the delimiter and the server lexes
    /// that text, so the part is lexed again on its own: <c>42$$</c> ends in the number 42, not in a word, and
    /// <c>0x1</c> cut by the delimiter <c>x</c> ends in the number 0.
    /// </summary>
    private void NoteTokensBefore(int start, int end)
    {
        MySqlLexer part = new(text[start..end], options);
        while (part.TryRead(out MySqlToken relative))
        {
            MySqlToken token = relative with { Start = relative.Start + start };
            if (token.IsComment)
            {
                NoteComment(token.Start);
                continue;
            }

            NoteToken(token);
        }
    }

    private void EndStatement(int end, int delimiterEnd)
    {
        if (firstTokenStart >= 0)
        {
            if (handler is not null)
            {
                // The handler takes only the tokens, so the text range and line number are not computed for it.
                handler(text, buffers!.Tokens.AsSpan(0, tokenCount));
                statementCount++;
            }
            else
            {
                int start = commentStart >= 0 ? commentStart : firstTokenStart;
                ReadOnlySpan<char> body = text[start..end].TrimEnd(" \t\r\n\f\v");
                int line = lines.LineAt(text, firstTokenStart);
                statements!.Add(new SqlStatementText(new string(body), start, line));
            }
        }

        tokenCount = 0;
        commentStart = -1;
        firstTokenStart = -1;
        previousDelimiterEnd = delimiterEnd;
        blocks.Reset();
    }

    /// <summary>
    /// Recognises the client command <c>DELIMITER x</c>: the word DELIMITER first on its line, before any statement text,
    /// followed by the new delimiter (up to whitespace, or quoted). The rest of the line is ignored, as the client does.
    /// </summary>
    private bool TryReadDelimiterCommand(MySqlToken token, out int lineEnd)
    {
        lineEnd = 0;
        if (token.Kind != MySqlTokenKind.Word || !text.Slice(token.Start, token.Length).Equals("DELIMITER", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        int lineStart = text[..token.Start].LastIndexOf('\n') + 1;
        if (!text[lineStart..token.Start].IsWhiteSpace() || (lineStart == 0 && startsMidLine))
        {
            return false;
        }

        int newline = text[token.End..].IndexOf('\n');
        lineEnd = newline < 0 ? text.Length : token.End + newline;
        ReadOnlySpan<char> argument = text[token.End..lineEnd].Trim(" \t\r\f\v");
        if (!argument.IsEmpty && argument[0] is '\'' or '"' or '`')
        {
            int close = argument[1..].IndexOf(argument[0]);
            argument = close < 0 ? argument[1..] : argument.Slice(1, close);
        }
        else
        {
            int space = argument.IndexOfAny(" \t");
            argument = space < 0 ? argument : argument[..space];
        }

        if (!argument.IsEmpty)
        {
            delimiter = new string(argument);
            customDelimiter = delimiter != ";";
        }

        // Comments before the command belong to no statement, because the command separates them from the next one.
        commentStart = -1;
        previousDelimiterEnd = lineEnd;
        return true;
    }

    /// <summary>Returns where the custom delimiter starts inside (or right at the end of) a code token, or -1.</summary>
    private readonly int FindCustomDelimiter(MySqlToken token)
    {
        switch (token.Kind)
        {
            case MySqlTokenKind.StringLiteral or MySqlTokenKind.NationalString or MySqlTokenKind.HexString or MySqlTokenKind.BitString
                or MySqlTokenKind.QuotedIdentifier or MySqlTokenKind.Hint or MySqlTokenKind.UnterminatedString
                or MySqlTokenKind.UnterminatedIdentifier:
                return -1;
            case MySqlTokenKind.UserVariable when token.Length > 1 && text[token.Start + 1] is '\'' or '"' or '`':
                return -1;
            default:
                break;
        }

        int searchEnd = Math.Min(text.Length, token.End + delimiter.Length - 1);
        int at = text[token.Start..searchEnd].IndexOf(delimiter, StringComparison.Ordinal);
        return at < 0 ? -1 : token.Start + at;
    }
}
