using QueryAudit.Sql.Lexing;
using QueryAudit.Sql.Normalizing;

namespace QueryAudit.Sql.Splitting;

/// <summary>
/// Splits a script and writes each statement's template in one pass of the lexer, without the splitter's bookkeeping
/// and without a second walk over the tokens. Each statement goes first to <see cref="FastTemplatePass"/>, which also
/// takes compound bodies and custom delimiters. Then, for a statement that ends at a plain <c>;</c>, it goes to this
/// class's own loop, whose template comes from the same <see cref="TemplateWriter"/>, which writes each token as soon as
/// the token after it is lexed: it reads no further ahead than that. A statement neither pass handles exactly as
/// <see cref="StatementSplitter"/> would (a <c>DELIMITER</c> command, a <c>;</c> inside an expanded <c>/*! ... */</c>,
/// an unterminated token, or text without a closing delimiter) goes to <see cref="StatementSplitter"/> from its start,
/// which hands control back at its next resume point, or after the line of a <c>DELIMITER</c> command. The passes
/// restart a fresh lexer only at such points. There the splitter restarts one too, or has a lexer in the same state, so
/// the statements, their tokens and their templates are the ones one splitter pass over the whole text gives.
/// </summary>
internal static class FusedTemplatePass
{
    /// <summary>
    /// Has the same contract as <see cref="StatementSplitter.SplitBlock"/> and writes the same lines through
    /// <paramref name="writer"/>, which must write templates, not exact forms.
    /// </summary>
    public static int SplitBlock(
        ReadOnlySpan<char> text,
        SqlNormalizerOptions options,
        ref string delimiter,
        bool startsMidLine,
        bool final,
        FormLineWriter writer,
        ScratchBuffers buffers,
        out int statementsBeforeResume)
    {
        int position = 0;
        int count = 0;
        bool fast = FastTemplatePass.Accepts(options);
        if (fast)
        {
            FastTemplatePass.PrepareWordBits(text, buffers);
        }

        while (true)
        {
            if (delimiter == ";")
            {
                if (fast)
                {
                    position += FastTemplatePass.TryWriteStatements(text[position..], position, options, writer, buffers, out int written);
                    count += written;
                }

                // The statement the fast pass left, if any.
                int end = TryWriteStatement(text[position..], options, writer, buffers, out bool wrote);
                if (end > 0)
                {
                    position += end;
                    count += wrote ? 1 : 0;
                    continue;
                }
            }
            else if (fast && FastTemplatePass.AcceptsDelimiter(delimiter))
            {
                int end = FastTemplatePass.TryWriteStatement(text[position..], position, delimiter, options, writer, buffers, out bool wrote);
                if (end > 0)
                {
                    position += end;
                    count += wrote ? 1 : 0;
                    continue;
                }
            }

            // Past the start, the text before position ends with a delimiter, or with a DELIMITER command before its line
            // feed. So a DELIMITER word on the same line is not the client command, exactly as when the splitter reads on
            // from the start of the block.
            bool midLine = position > 0 || startsMidLine;
            int consumed = StatementSplitter.SplitUntilResumePoint(
                text[position..], options, ref delimiter, midLine, final, writer.Handler, buffers, out int statements, out bool stopped);
            if (stopped)
            {
                position += consumed;
                count += statements;
                continue;
            }

            statementsBeforeResume = count + statements;
            return final ? text.Length : position + consumed;
        }
    }

    /// <summary>
    /// Writes the template of the statement at the start of <paramref name="text"/> when it ends at a <c>;</c> and contains
    /// nothing this pass leaves to the splitter; returns the offset after that <c>;</c>, or 0 with nothing written.
    /// <paramref name="wrote"/> is false for an empty statement (a lone <c>;</c>), which the splitter skips too.
    /// </summary>
    private static int TryWriteStatement(ReadOnlySpan<char> text, SqlNormalizerOptions options, FormLineWriter writer, ScratchBuffers buffers, out bool wrote)
    {
        wrote = false;
        MySqlLexer lexer = new(text, options);
        TemplateWriter template = new(text, writer.BackslashEscapes, buffers);
        CharBuilder form = new(buffers.Template);

        // Token count - 1 waits to be written until the token after it is known: the writer reads one token ahead.
        StatementToken[] tokens = buffers.Tokens;
        int count = 0;
        bool skipNext = false;
        bool createOrAlter = false;
        try
        {
            while (lexer.TryReadInlined(out MySqlToken token))
            {
                switch (token.Kind)
                {
                    case MySqlTokenKind.Comment:
                        continue;
                    case MySqlTokenKind.UnterminatedComment or MySqlTokenKind.UnterminatedString or MySqlTokenKind.UnterminatedIdentifier:
                        return 0;
                    case MySqlTokenKind.Semicolon:
                        if (lexer.IsInsideExecutableComment)
                        {
                            // The splitter ends a statement here but cannot resume after it: a fresh lexer would not
                            // know that a later "*/" closes the comment. Tokens inside a closed /*! ... */ are the
                            // splitter's tokens too, so only this case goes to it.
                            return 0;
                        }

                        if (count > 0)
                        {
                            if (!skipNext)
                            {
                                template.WriteToken(ref form, tokens.AsSpan(0, count), count - 1);
                            }

                            writer.WriteForm(form.AsSpan());
                            wrote = true;
                        }

                        return token.End;
                    default:
                        break;
                }

                KeywordInfo keyword = default;
                if (token.Kind == MySqlTokenKind.Word)
                {
                    MySqlKeywords.TryGet(text.Slice(token.Start, token.Length), out keyword);
                }

                if ((count < 2 || createOrAlter) && !CanStayOutsideBody(text, token, keyword.Id, count, ref createOrAlter))
                {
                    return 0;
                }

                if (count == tokens.Length)
                {
                    Array.Resize(ref tokens, count * 2);
                    buffers.Tokens = tokens;
                }

                tokens[count++] = new StatementToken(token, keyword);
                if (count > 1)
                {
                    if (skipNext)
                    {
                        skipNext = false;
                    }
                    else
                    {
                        // The tokens so far are a prefix of the statement's, and the writer reads at most one past index.
                        skipNext = template.WriteToken(ref form, tokens.AsSpan(0, count), count - 2) == 2;
                    }
                }
            }

            // No ";" before the end of the text: the splitter decides whether the statement is complete.
            return 0;
        }
        finally
        {
            form.Dispose();
        }
    }

    /// <summary>
    /// False when the token at <paramref name="index"/> could make the splitter's <see cref="CompoundBlockTracker"/> open a
    /// body, so that a <c>;</c> would not end the statement (<see cref="CompoundBlockTracker.MayOpenBody"/>, or a label
    /// colon as the second token), or when the first token is a <c>DELIMITER</c> command.
    /// </summary>
    private static bool CanStayOutsideBody(ReadOnlySpan<char> text, MySqlToken token, KeywordId id, int index, ref bool createOrAlter)
    {
        if (index == 0 && token.Kind == MySqlTokenKind.Word && text.Slice(token.Start, token.Length).Equals("DELIMITER", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        if (index == 1 && token.Kind == MySqlTokenKind.Operator && token.Length == 1 && text[token.Start] == ':')
        {
            return false;
        }

        return !CompoundBlockTracker.MayOpenBody(id, index, ref createOrAlter);
    }
}
