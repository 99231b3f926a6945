using QueryAudit.Sql;

namespace QueryAudit.Core.Catalog;

/// <summary>
/// Splits a script into statements as the mysql client does and normalises each one.
/// </summary>
internal static class ScriptStatementReader
{
    public static void Read(CatalogScript script, string text, CatalogOptions options, ICollection<CatalogProblem> problems)
    {
        // Script text is never cut by a server, so the log byte limit must not make long routine bodies look truncated.
        SqlNormalizerOptions sqlOptions = options.SqlOptions with { LogByteLimit = null };

        int index = 0;
        foreach (SqlStatementText piece in SqlSplitter.SplitScript(text, sqlOptions))
        {
            NormalizedStatement normalized = SqlNormalizer.Normalize(piece.Text, sqlOptions);
            if (normalized.ExactForm.Length == 0)
            {
                // A piece made only of comments (for example text after the last delimiter) runs nothing.
                continue;
            }

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
}
