using QueryAudit.Sql.Lexing;

namespace QueryAudit.Sql.Normalizing;

/// <summary>
/// A significant token of one statement (comments excluded) with its keyword entry when it is an unquoted keyword.
/// </summary>
internal readonly struct StatementToken(MySqlToken token, KeywordInfo keyword)
{
    public readonly MySqlToken Token = token;
    public readonly KeywordInfo Keyword = keyword;

    public MySqlTokenKind Kind => Token.Kind;

    public KeywordId Id => Keyword.Id;

    public bool Is(KeywordId id) => Keyword.Id == id;

    public bool IsKind(MySqlTokenKind kind) => Token.Kind == kind;
}
