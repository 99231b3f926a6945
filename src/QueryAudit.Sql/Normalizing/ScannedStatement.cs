using QueryAudit.Sql.Lexing;

namespace QueryAudit.Sql.Normalizing;

/// <summary>
/// One statement lexed into its significant tokens (in the thread's scratch arrays), with the comment positions for
/// ticket search and how the text ended.
/// </summary>
internal ref struct ScannedStatement
{
    private readonly ScratchBuffers buffers;

    public ScannedStatement(ReadOnlySpan<char> text, SqlNormalizerOptions options, ScratchBuffers buffers)
    {
        Text = text;
        this.buffers = buffers;
        Scan(options);
    }

    /// <summary>The lexed text; a trailing U+FFFD left by a cut inside a UTF-8 character is not part of it.</summary>
    public ReadOnlySpan<char> Text { get; private set; }

    public int Count { get; private set; }

    public int CommentCount { get; private set; }

    /// <summary>True when the original text ended with U+FFFD, the mark of a cut inside a UTF-8 character.</summary>
    public bool EndedInsideCharacter { get; private set; }

    /// <summary>True when the text ended inside an expanded <c>/*! ... */</c>.</summary>
    public bool EndedInsideExecutableComment { get; private set; }

    /// <summary>Kind of the last token of the text, comments included (the error kinds show where a cut fell).</summary>
    public MySqlTokenKind LastKind { get; private set; }

    /// <summary>Open parentheses minus closed ones over the whole text.</summary>
    public int ParenthesisBalance { get; private set; }

    public readonly ReadOnlySpan<StatementToken> Tokens => buffers.Tokens.AsSpan(0, Count);

    public readonly ReadOnlySpan<MySqlToken> Comments => buffers.Comments.AsSpan(0, CommentCount);

    /// <summary>Removes the last significant token (used to drop a word that a cut may have shortened).</summary>
    public void RemoveLast() => Count--;

    private void Scan(SqlNormalizerOptions options)
    {
        ReadOnlySpan<char> text = Text;
        int end = text.Length;
        while (end > 0 && text[end - 1] == '\uFFFD')
        {
            end--;
        }

        EndedInsideCharacter = end < text.Length;
        text = text[..end];
        Text = text;

        MySqlLexer lexer = new(text, options);
        StatementToken[] tokens = buffers.Tokens;
        int count = 0;
        int balance = 0;
        MySqlTokenKind last = MySqlTokenKind.Unknown;
        while (lexer.TryRead(out MySqlToken token))
        {
            last = token.Kind;
            if (token.IsComment)
            {
                AddComment(token);
                continue;
            }

            if (token.Kind == MySqlTokenKind.LeftParenthesis)
            {
                balance++;
            }
            else if (token.Kind == MySqlTokenKind.RightParenthesis)
            {
                balance--;
            }

            KeywordInfo keyword = default;
            if (token.Kind == MySqlTokenKind.Word)
            {
                MySqlKeywords.TryGet(text.Slice(token.Start, token.Length), out keyword);
            }

            if (count == tokens.Length)
            {
                Array.Resize(ref tokens, count * 2);
                buffers.Tokens = tokens;
            }

            tokens[count++] = new StatementToken(token, keyword);
        }

        Count = count;
        LastKind = last;
        ParenthesisBalance = balance;
        EndedInsideExecutableComment = lexer.IsInsideExecutableComment;
    }

    private void AddComment(MySqlToken token)
    {
        if (CommentCount == buffers.Comments.Length)
        {
            Array.Resize(ref buffers.Comments, CommentCount * 2);
        }

        buffers.Comments[CommentCount++] = token;
    }
}
