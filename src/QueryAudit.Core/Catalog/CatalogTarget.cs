using System.Text.RegularExpressions;

namespace QueryAudit.Core.Catalog;

/// <summary>
/// Where a script may run: a cluster and a database, each a name or a pattern in which <c>*</c> matches any run of characters.
/// </summary>
/// <param name="Cluster">Cluster identifier pattern, for example <c>billing-prod</c> or <c>billing-*</c>.</param>
/// <param name="Database">Database (schema) pattern, for example <c>billing</c> or <c>*</c>.</param>
public sealed record CatalogTarget(string Cluster, string Database)
{
    /// <summary>
    /// Reads <c>cluster/database</c>. Returns null and sets <paramref name="error"/> when the text has no single <c>/</c>,
    /// an empty side, or whitespace.
    /// </summary>
    public static CatalogTarget? TryParse(string text, out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);

        string[] sides = text.Split('/');
        if (sides.Length != 2)
        {
            error = $"target '{text}' must be written as cluster/database with exactly one '/', for example billing-prod/billing";
            return null;
        }

        if (sides[0].Length == 0 || sides[1].Length == 0)
        {
            error = $"target '{text}' has an empty cluster or database; write '*' to allow any";
            return null;
        }

        if (text.Any(char.IsWhiteSpace))
        {
            error = $"target '{text}' contains whitespace; cluster and database names cannot contain it";
            return null;
        }

        error = null;
        return new CatalogTarget(sides[0], sides[1]);
    }

    /// <summary>
    /// Tests whether a statement run on <paramref name="cluster"/> in <paramref name="database"/> is inside this target.
    /// </summary>
    /// <remarks>
    /// Cluster identifiers are compared ignoring case because RDS stores them in lower case whatever was typed. Database
    /// names are compared with case, because MySQL on Linux (lower_case_table_names=0, the Aurora default) treats
    /// <c>Billing</c> and <c>billing</c> as different schemas.
    /// </remarks>
    public bool Matches(string cluster, string database)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(database);

        return GlobMatches(Cluster, cluster, RegexOptions.IgnoreCase) && GlobMatches(Database, database, RegexOptions.None);
    }

    public override string ToString() => $"{Cluster}/{Database}";

    private static bool GlobMatches(string pattern, string value, RegexOptions options)
    {
        if (!pattern.Contains('*', StringComparison.Ordinal))
        {
            StringComparison comparison = options.HasFlag(RegexOptions.IgnoreCase) ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
            return string.Equals(pattern, value, comparison);
        }

        string expression = "^" + string.Join(".*", pattern.Split('*').Select(Regex.Escape)) + "$";
        return Regex.IsMatch(value, expression, options | RegexOptions.CultureInvariant | RegexOptions.Singleline, TimeSpan.FromSeconds(1));
    }
}
