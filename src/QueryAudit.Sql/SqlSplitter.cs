using QueryAudit.Sql.Splitting;

namespace QueryAudit.Sql;

/// <summary>
/// Splits SQL text into statements. Empty statements are dropped; comments right before a statement stay with it.
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
        return StatementSplitter.Split(text, options ?? SqlNormalizerOptions.Default, script: false);
    }

    /// <summary>
    /// Splits a script file as the mysql client does: honours <c>DELIMITER</c> lines and keeps routine bodies whole.
    /// With the default <c>;</c> delimiter, BEGIN ... END bodies of routines are kept whole as well, as migration tools do.
    /// </summary>
    public static IReadOnlyList<SqlStatementText> SplitScript(string script, SqlNormalizerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(script);
        return StatementSplitter.Split(script, options ?? SqlNormalizerOptions.Default, script: true);
    }
}
