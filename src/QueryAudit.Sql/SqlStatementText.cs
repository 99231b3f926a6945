namespace QueryAudit.Sql;

/// <summary>
/// One statement cut out of a longer text by <see cref="SqlSplitter"/>.
/// </summary>
/// <param name="Text">The statement's source text without its delimiter; comments before it that belong to it are kept.</param>
/// <param name="StartOffset">Offset of the first character of <paramref name="Text"/> in the input.</param>
/// <param name="StartLine">1-based line of the statement's first token in the input.</param>
public readonly record struct SqlStatementText(string Text, int StartOffset, int StartLine);
