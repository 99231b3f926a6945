namespace QueryAudit.Sql.Lexing;

/// <summary>
/// What the keyword table stores for one word.
/// </summary>
/// <param name="Id">The word's id when code refers to it, else <see cref="KeywordId.Other"/>.</param>
/// <param name="Flags">Reserved, starts-expression and function properties.</param>
public readonly record struct KeywordInfo(KeywordId Id, KeywordFlags Flags);
