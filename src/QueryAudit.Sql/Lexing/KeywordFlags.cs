namespace QueryAudit.Sql.Lexing;

/// <summary>
/// Properties of a MySQL keyword that the normaliser, splitter and classifier use.
/// </summary>
[Flags]
public enum KeywordFlags : byte
{
    /// <summary>No property.</summary>
    None = 0,

    /// <summary>A reserved word: as an identifier it must be quoted, so a backticked one keeps its backticks.</summary>
    Reserved = 1,

    /// <summary>
    /// A token after which an expression starts, so a following <c>+</c>/<c>-</c> before a literal is a sign. The list
    /// follows MySQL 8.0's digest (sql/gen_lex_token.cc); comparison operators and THEN/ELSE are not in it.
    /// </summary>
    StartsExpression = 2,

    /// <summary>A built-in function name, written upper-case like keywords.</summary>
    Function = 4,
}
