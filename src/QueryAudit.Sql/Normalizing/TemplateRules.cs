using System.Runtime.CompilerServices;
using QueryAudit.Sql.Lexing;

namespace QueryAudit.Sql.Normalizing;

/// <summary>
/// The folding rules that <see cref="TemplateWriter"/> and <see cref="Splitting.FastTemplatePass"/> both apply to the
/// items written so far, kept in one place so that the two writers cannot drift apart.
/// </summary>
internal static class TemplateRules
{
    /// <summary>True when the items from <paramref name="from"/> on are only literals, commas and parentheses (row constructors of literals).</summary>
    public static bool IsLiteralList(ReadOnlySpan<TemplateItem> items, int from)
    {
        bool anyValue = false;
        for (int k = from; k < items.Length; k++)
        {
            switch (items[k].Kind)
            {
                case TemplateItemKind.Value:
                    anyValue = true;
                    break;
                case TemplateItemKind.Comma or TemplateItemKind.OpenParenthesis or TemplateItemKind.CloseParenthesis:
                    break;
                default:
                    return false;
            }
        }

        return anyValue;
    }

    /// <summary>
    /// True when a NULL after <paramref name="items"/> is where a value goes: after an operator, a comma, a parenthesis
    /// or a keyword that takes a value. In IS NULL, NOT NULL and a column's NULL attribute it is a keyword and stays.
    /// </summary>
    public static bool IsValuePosition(ReadOnlySpan<TemplateItem> items)
    {
        if (items.IsEmpty)
        {
            return true;
        }

        TemplateItem previous = items[^1];
        return previous.Kind is TemplateItemKind.Comma or TemplateItemKind.OpenParenthesis or TemplateItemKind.Sign or TemplateItemKind.Operator
            || previous.Keyword is KeywordId.Select or KeywordId.Default or KeywordId.Then or KeywordId.Else or KeywordId.When
                or KeywordId.Return or KeywordId.And or KeywordId.Or or KeywordId.Xor or KeywordId.Between or KeywordId.Like
                or KeywordId.In or KeywordId.Values or KeywordId.Value;
    }

    /// <summary>
    /// True when an integer after <paramref name="items"/> starts an item of an ORDER BY, GROUP BY or PARTITION BY list
    /// opened at parenthesis depth <paramref name="orderListDepth"/>; whether it is a whole item depends on the next token.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool StartsColumnListItem(ReadOnlySpan<TemplateItem> items, int orderListDepth, int openCount)
    {
        if (orderListDepth != openCount || items.IsEmpty)
        {
            return false;
        }

        TemplateItem previous = items[^1];
        return previous.Keyword == KeywordId.By || previous.Kind == TemplateItemKind.Comma;
    }

    /// <summary>True when a word with <paramref name="next"/>'s id after an integer leaves the integer a whole column number.</summary>
    public static bool EndsColumnNumber(KeywordId next) => next is KeywordId.Asc or KeywordId.Desc || EndsColumnList(next);

    /// <summary>True when the keyword ends an ORDER BY, GROUP BY or PARTITION BY list.</summary>
    public static bool EndsColumnList(KeywordId keyword) => keyword is KeywordId.Limit or KeywordId.Having or KeywordId.Window
        or KeywordId.With or KeywordId.Union or KeywordId.For or KeywordId.Lock or KeywordId.Into or KeywordId.From
        or KeywordId.Where or KeywordId.Select or KeywordId.Set or KeywordId.Values or KeywordId.On or KeywordId.Order
        or KeywordId.Rows or KeywordId.Range;

    /// <summary>Operators after which an expression starts (MySQL 8.0 sql/gen_lex_token.cc); comparisons are not among them.</summary>
    public static bool OperatorStartsExpression(ReadOnlySpan<char> op) =>
        op is "+" or "-" or "*" or "/" or "%" or "^" or "|" or "&" or "<<" or ">>" or "||" or "&&";
}
