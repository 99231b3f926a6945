using System.Runtime.CompilerServices;
using QueryAudit.Sql.Lexing;

namespace QueryAudit.Sql.Normalizing;

/// <summary>
/// Writes the template: the exact form with literals as <c>?</c>, a sign folded into its literal only where MySQL 8.0's
/// digest folds it, pure-literal <c>IN (...)</c> lists collapsed, and repeated identical <c>VALUES</c> rows dropped.
/// Plain column numbers after ORDER BY, GROUP BY and PARTITION BY stay, because <c>ORDER BY 1</c> and <c>ORDER BY 2</c>
/// sort differently.
/// </summary>
internal ref struct TemplateWriter
{
    private readonly ReadOnlySpan<char> text;
    private readonly bool backslashEscapes;
    private readonly ScratchBuffers buffers;
    private TemplateItem[] items;
    private int itemCount;
    private int[] openParentheses;
    private int openCount;
    private int firstRowItem;
    private int firstRowEnd;
    private int lastRowClose;
    private int orderListDepth;

    /// <summary>Starts a statement's template; feed its tokens in order with <see cref="WriteToken"/>.</summary>
    public TemplateWriter(ReadOnlySpan<char> text, bool backslashEscapes, ScratchBuffers buffers)
    {
        this.text = text;
        this.backslashEscapes = backslashEscapes;
        this.buffers = buffers;
        items = buffers.Items;
        openParentheses = buffers.OpenParentheses;
        itemCount = 0;
        openCount = 0;
        firstRowItem = -1;
        firstRowEnd = -1;
        lastRowClose = -1;
        orderListDepth = -1;
    }

    public static void Write(ref CharBuilder output, ReadOnlySpan<char> text, ReadOnlySpan<StatementToken> tokens, bool backslashEscapes, ScratchBuffers buffers)
    {
        TemplateWriter writer = new(text, backslashEscapes, buffers);
        for (int i = 0; i < tokens.Length; i++)
        {
            i += writer.WriteToken(ref output, tokens, i) - 1;
        }
    }

    /// <summary>
    /// Writes the token at <paramref name="i"/>; returns how many tokens it used (2 for a charset introducer and its
    /// literal). It reads no token after <paramref name="i"/> + 1, so the statement's first <paramref name="i"/> + 2
    /// tokens (all of them at the last token) give the same output as all of them
    /// (<see cref="Splitting.FusedTemplatePass"/> relies on this).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int WriteToken(ref CharBuilder output, scoped ReadOnlySpan<StatementToken> tokens, int i)
    {
        ref readonly StatementToken token = ref tokens[i];
        if (token.Kind == MySqlTokenKind.Word && text[token.Token.Start] != '_' && token.Id != KeywordId.Null)
        {
            // The most common token, and no charset introducer (those start with "_") or NULL literal: straight to the word.
            WriteOther(ref output, tokens, i);
            return 1;
        }

        bool introducer = TokenTraits.IsIntroducer(text, tokens, i);
        if (introducer || TokenTraits.IsLiteral(token.Kind) || IsNullLiteral(token))
        {
            if (token.Kind == MySqlTokenKind.IntegerLiteral && IsColumnNumber(tokens, i))
            {
                Push(ref output, TemplateItemKind.Other, text.Slice(token.Token.Start, token.Token.Length), false, KeywordId.None);
            }
            else
            {
                FoldSigns(ref output);
                Push(ref output, TemplateItemKind.Value, "?", false, KeywordId.None);
            }

            return introducer ? 2 : 1;
        }

        switch (token.Kind)
        {
            case MySqlTokenKind.LeftParenthesis:
                PushOpen(ref output);
                break;
            case MySqlTokenKind.RightParenthesis:
                WriteClose(ref output);
                break;
            case MySqlTokenKind.Comma:
                Push(ref output, TemplateItemKind.Comma, ",", true, KeywordId.None);
                break;
            case MySqlTokenKind.Operator:
                ReadOnlySpan<char> op = text.Slice(token.Token.Start, token.Token.Length);
                bool sign = op is "-" or "+";
                Push(ref output, sign ? TemplateItemKind.Sign : TemplateItemKind.Operator, op, TemplateRules.OperatorStartsExpression(op), KeywordId.None);
                break;
            default:
                WriteOther(ref output, tokens, i);
                break;
        }

        return 1;
    }

    private void WriteOther(ref CharBuilder output, scoped ReadOnlySpan<StatementToken> tokens, int index)
    {
        ref readonly StatementToken token = ref tokens[index];
        KeywordId keyword = token.Id;
        if (keyword == KeywordId.By && itemCount > 0 && items[itemCount - 1].Keyword is KeywordId.Order or KeywordId.Group or KeywordId.Partition)
        {
            orderListDepth = openCount;
        }
        else if (orderListDepth == openCount && TemplateRules.EndsColumnList(keyword))
        {
            orderListDepth = -1;
        }

        int start = BeginItem(ref output);
        if (token.Kind == MySqlTokenKind.Word)
        {
            // The most common token, and never a charset introducer here (WriteToken has written those as values). This is
            // ExactFormWriter.AppendWord without a call. A keyword (always ASCII) is upper-cased unless a dot is next to it
            // or it is a function name that is not called. Any other word is written as it is, unless it ends in U+FFFD.
            ReadOnlySpan<char> word = text.Slice(token.Token.Start, token.Token.Length);
            if (keyword != KeywordId.None)
            {
                bool isCall = index + 1 < tokens.Length && tokens[index + 1].Kind == MySqlTokenKind.LeftParenthesis;
                if (TokenTraits.IsNextToDot(tokens, index) || (token.Keyword.Flags == KeywordFlags.Function && !isCall))
                {
                    output.Append(word);
                }
                else
                {
                    output.AppendUpper(word);
                }
            }
            else if (word[^1] != '\uFFFD')
            {
                output.Append(word);
            }
            else
            {
                ExactFormWriter.AppendWord(ref output, word, token.Keyword, tokens, index);
            }
        }
        else
        {
            ExactFormWriter.AppendToken(ref output, text, tokens, index, backslashEscapes);
        }

        AddItem(start, TemplateItemKind.Other, (token.Keyword.Flags & KeywordFlags.StartsExpression) != 0, keyword);
    }

    private void PushOpen(ref CharBuilder output)
    {
        if (openCount == openParentheses.Length)
        {
            Array.Resize(ref openParentheses, openCount * 2);
            buffers.OpenParentheses = openParentheses;
        }

        openParentheses[openCount++] = itemCount;
        Push(ref output, TemplateItemKind.OpenParenthesis, "(", true, KeywordId.None);
    }

    private void WriteClose(ref CharBuilder output)
    {
        if (openCount == 0)
        {
            Push(ref output, TemplateItemKind.CloseParenthesis, ")", false, KeywordId.None);
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
            Truncate(ref output, open + 1);
            Push(ref output, TemplateItemKind.Other, "...", false, KeywordId.None);
        }

        Push(ref output, TemplateItemKind.CloseParenthesis, ")", false, KeywordId.None);
        int close = itemCount - 1;

        if (before is KeywordId.Values or KeywordId.Value)
        {
            firstRowItem = open;
            firstRowEnd = output.Length;
            lastRowClose = close;
        }
        else if (firstRowItem >= 0 && open >= 2 && items[open - 1].Kind == TemplateItemKind.Comma && lastRowClose == open - 2)
        {
            ReadOnlySpan<char> firstRow = output.AsSpan(items[firstRowItem].Start, firstRowEnd - items[firstRowItem].Start);
            ReadOnlySpan<char> row = output.AsSpan(items[open].Start, output.Length - items[open].Start);
            if (row.SequenceEqual(firstRow))
            {
                // A row spelled like the first adds nothing to the template: drop it with its comma.
                Truncate(ref output, open - 1);
            }
            else
            {
                lastRowClose = close;
            }
        }
    }

    /// <summary>
    /// Removes a <c>+</c>/<c>-</c> before the literal being written when the item before the sign starts an expression,
    /// as MySQL's digest does: <c>(-1</c> and <c>, -1</c> fold, <c>5 - 1</c> and <c>5--1</c> keep their operator.
    /// </summary>
    private void FoldSigns(ref CharBuilder output)
    {
        while (itemCount >= 2 && items[itemCount - 1].Kind == TemplateItemKind.Sign && items[itemCount - 2].StartsExpression)
        {
            Truncate(ref output, itemCount - 1);
        }
    }

    /// <summary>
    /// True when NULL appears where a value goes (after an operator, a comma, a parenthesis or a keyword that takes a value).
    /// In IS NULL, NOT NULL and a column's NULL attribute it is a keyword and stays.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private readonly bool IsNullLiteral(StatementToken token) => token.Is(KeywordId.Null) && TemplateRules.IsValuePosition(items.AsSpan(0, itemCount));

    /// <summary>True when an integer at <paramref name="index"/> is a whole item of an ORDER BY / GROUP BY / PARTITION BY list.</summary>
    private readonly bool IsColumnNumber(scoped ReadOnlySpan<StatementToken> tokens, int index)
    {
        if (!TemplateRules.StartsColumnListItem(items.AsSpan(0, itemCount), orderListDepth, openCount))
        {
            return false;
        }

        if (index + 1 >= tokens.Length)
        {
            return true;
        }

        ref readonly StatementToken next = ref tokens[index + 1];
        return next.Kind is MySqlTokenKind.Comma or MySqlTokenKind.RightParenthesis or MySqlTokenKind.Semicolon
            || TemplateRules.EndsColumnNumber(next.Id);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Push(ref CharBuilder output, TemplateItemKind kind, ReadOnlySpan<char> itemText, bool startsExpression, KeywordId keyword)
    {
        int start = BeginItem(ref output);
        output.Append(itemText);
        AddItem(start, kind, startsExpression, keyword);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int BeginItem(ref CharBuilder output)
    {
        int start = output.Length;
        if (start > 0)
        {
            output.Append(' ');
        }

        return start;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void AddItem(int start, TemplateItemKind kind, bool startsExpression, KeywordId keyword)
    {
        if (itemCount == items.Length)
        {
            Array.Resize(ref items, itemCount * 2);
            buffers.Items = items;
        }

        items[itemCount++] = new TemplateItem { Start = start, Kind = kind, StartsExpression = startsExpression, Keyword = keyword };
    }

    private void Truncate(ref CharBuilder output, int keepItems)
    {
        output.Length = items[keepItems].Start;
        itemCount = keepItems;
    }
}
