using QueryAudit.Sql.Lexing;

namespace QueryAudit.Sql.Normalizing;

/// <summary>What a piece of the template is, as far as folding signs and lists cares.</summary>
internal enum TemplateItemKind : byte
{
    Value,
    Sign,
    OpenParenthesis,
    CloseParenthesis,
    Comma,
    Operator,
    Other,
}

/// <summary>
/// One piece of the template being written: where its text starts in the output (before its separating space) and the
/// facts the folding rules look back at.
/// </summary>
internal struct TemplateItem
{
    public int Start;
    public TemplateItemKind Kind;
    public bool StartsExpression;
    public KeywordId Keyword;
}
