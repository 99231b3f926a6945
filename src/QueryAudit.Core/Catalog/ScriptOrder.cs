namespace QueryAudit.Core.Catalog;

/// <summary>
/// Orders scripts stably: migrations by version (forward before revert, repeatable migrations after versioned ones,
/// unrecognised names last), then operations by path.
/// </summary>
internal sealed class ScriptOrder : IComparer<CatalogScript>
{
    public static ScriptOrder Instance { get; } = new();

    public int Compare(CatalogScript? x, CatalogScript? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }

        if (x is null || y is null)
        {
            return x is null ? -1 : 1;
        }

        int byKind = x.Kind.CompareTo(y.Kind);
        if (byKind != 0)
        {
            return byKind;
        }

        if (x.Kind == CatalogScriptKind.Migration)
        {
            int byGroup = Group(x).CompareTo(Group(y));
            if (byGroup != 0)
            {
                return byGroup;
            }

            if (x.Version is not null && y.Version is not null)
            {
                int byVersion = x.Version.CompareTo(y.Version);
                if (byVersion != 0)
                {
                    return byVersion;
                }

                int byDirection = x.Migration!.Direction.CompareTo(y.Migration!.Direction);
                if (byDirection != 0)
                {
                    return byDirection;
                }
            }
        }

        return string.CompareOrdinal(x.RelativePath, y.RelativePath);
    }

    private static int Group(CatalogScript script) => script.Migration switch
    {
        null => 2,
        { Direction: MigrationDirection.Repeatable } => 1,
        _ => 0,
    };
}
