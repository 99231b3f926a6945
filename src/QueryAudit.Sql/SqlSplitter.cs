namespace QueryAudit.Sql;

/// <summary>
/// Splits SQL text into statements.
/// </summary>
public static class SqlSplitter
{
    /// <summary>
    /// Splits the text of one audit record (a COM_QUERY that may hold several statements separated by <c>;</c>).
    /// Semicolons inside strings, comments, identifiers and BEGIN ... END bodies do not split.
    /// </summary>
    public static IReadOnlyList<SqlStatementText> SplitQuery(string text, SqlNormalizerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        throw new NotImplementedException("The MySQL splitter is being written.");
    }

    /// <summary>
    /// Splits a script file as the mysql client does: honours <c>DELIMITER</c> lines and keeps routine bodies whole.
    /// </summary>
    public static IReadOnlyList<SqlStatementText> SplitScript(string script, SqlNormalizerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(script);
        throw new NotImplementedException("The MySQL splitter is being written.");
    }
}
