namespace QueryAudit.Sql;

/// <summary>
/// Normalises one MySQL statement into its exact form, template and kind.
/// </summary>
public static class SqlNormalizer
{
    /// <summary>Version of the template algorithm; stored with every template so that old templates are not compared with new ones.</summary>
    public const int TemplateAlgorithmVersion = 1;

    /// <summary>Normalises one statement (the text must not hold more than one; split it with <see cref="SqlSplitter"/> first).</summary>
    public static NormalizedStatement Normalize(string sql, SqlNormalizerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(sql);
        throw new NotImplementedException("The MySQL normaliser is being written.");
    }
}
