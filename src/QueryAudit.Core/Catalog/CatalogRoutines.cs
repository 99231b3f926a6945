using QueryAudit.Sql;

namespace QueryAudit.Core.Catalog;

/// <summary>
/// Finds which stored routine a catalog statement defines, for the lookup by routine name.
/// </summary>
internal static class CatalogRoutines
{
    /// <summary>Returns the routine a <c>CREATE PROCEDURE</c> or <c>CREATE FUNCTION</c> statement defines; null for any other statement.</summary>
    public static string? DefinedRoutine(CatalogStatement statement)
    {
        NormalizedStatement normalized = statement.Normalized;
        if (normalized.Routine is null || normalized.Kind != StatementKind.Ddl)
        {
            return null;
        }

        // The routine is also set for DROP PROCEDURE; only a CREATE defines the body a CALL runs.
        return normalized.ExactForm.StartsWith("CREATE ", StringComparison.Ordinal) ? normalized.Routine : null;
    }

    /// <summary>Returns the keys a definition is found under: the qualified name and the bare name.</summary>
    public static IEnumerable<string> LookupKeys(string routine)
    {
        string canonical = Canonical(routine);
        yield return canonical;

        int dot = canonical.LastIndexOf('.');
        if (dot >= 0)
        {
            yield return canonical[(dot + 1)..];
        }
    }

    /// <summary>Removes backticks and surrounding space so <c>`billing`.`p`</c> and <c>billing.p</c> meet.</summary>
    public static string Canonical(string routine) => routine.Replace("`", "", StringComparison.Ordinal).Trim();
}
