using QueryAudit.Sql;

namespace QueryAudit.Core.Catalog;

/// <summary>
/// Splits a script into statements as the mysql client does and normalises each one.
/// </summary>
internal static class ScriptStatementReader
{
    public static void Read(CatalogScript script, string text, CatalogOptions options, ICollection<CatalogProblem> problems)
    {
        int index = 0;
        foreach ((SqlStatementText piece, NormalizedStatement normalized) in Normalize(text, options))
        {
            index++;
            script.AddStatement(new CatalogStatement(script, index, piece.StartLine, piece.Text, normalized));
            if (normalized.TruncationSuspected)
            {
                problems.Add(new CatalogProblem(script.RelativePath, piece.StartLine, CatalogProblemSeverity.Error, CatalogProblemCodes.IncompleteStatement,
                    $"statement {index} is incomplete ({normalized.TruncationReason}); close the string, comment or parenthesis, or check the DELIMITER lines"));
            }
        }

        if (index == 0)
        {
            problems.Add(new CatalogProblem(script.RelativePath, 0, CatalogProblemSeverity.Warning, CatalogProblemCodes.NoStatements,
                "script contains no statements; remove it or add the SQL it should run"));
        }
    }

    /// <summary>Returns the exact-form hashes of a script's statements in order.</summary>
    public static List<string> ExactHashes(string text, CatalogOptions options) =>
        [.. Normalize(text, options).Select(statement => statement.Normalized.ExactHash)];

    private static IEnumerable<(SqlStatementText Piece, NormalizedStatement Normalized)> Normalize(string text, CatalogOptions options)
    {
        // Script text is never cut by a server, so the log byte limit must not make long routine bodies look truncated.
        SqlNormalizerOptions sqlOptions = options.SqlOptions with { LogByteLimit = null };

        foreach (SqlStatementText piece in SqlSplitter.SplitScript(text, sqlOptions))
        {
            NormalizedStatement normalized = SqlNormalizer.Normalize(piece.Text, sqlOptions);

            // A piece made only of comments (for example text after the last delimiter) runs nothing.
            if (normalized.ExactForm.Length > 0)
            {
                yield return (piece, normalized);
            }
        }
    }
}
