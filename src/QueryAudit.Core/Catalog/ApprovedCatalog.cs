namespace QueryAudit.Core.Catalog;

/// <summary>
/// A loaded catalog of approved scripts, with lookups from a statement's hashes or a routine's name to the approved statements.
/// </summary>
public sealed class ApprovedCatalog
{
    private readonly Dictionary<string, List<CatalogStatement>> byExactHash = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<CatalogStatement>> byTemplateHash = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<CatalogStatement>> byRoutine = new(StringComparer.OrdinalIgnoreCase);

    internal ApprovedCatalog(string directory, IReadOnlyList<CatalogScript> scripts, IReadOnlyList<CatalogProblem> problems, string contentHash, string? commit)
    {
        Directory = directory;
        Scripts = scripts;
        Problems = problems;
        ContentHash = contentHash;
        Commit = commit;

        foreach (CatalogStatement statement in scripts.SelectMany(script => script.Statements))
        {
            Add(byExactHash, statement.Normalized.ExactHash, statement);
            Add(byTemplateHash, statement.Normalized.TemplateHash, statement);
            if (CatalogRoutines.DefinedRoutine(statement) is { } routine)
            {
                foreach (string key in CatalogRoutines.LookupKeys(routine))
                {
                    Add(byRoutine, key, statement);
                }
            }
        }
    }

    /// <summary>Absolute path of the catalog root.</summary>
    public string Directory { get; }

    /// <summary>Migrations in version order (repeatable ones last), then operations in path order.</summary>
    public IReadOnlyList<CatalogScript> Scripts { get; }

    /// <summary>Every problem, ordered by file and line; catalog-wide problems have an empty file and come first.</summary>
    public IReadOnlyList<CatalogProblem> Problems { get; }

    /// <summary>True when any problem is an error.</summary>
    public bool HasErrors => Problems.Any(problem => problem.Severity == CatalogProblemSeverity.Error);

    /// <summary>
    /// Lower-case hex SHA-256 of the catalog's file manifest: for every script, sorted by the UTF-8 bytes of its relative
    /// path, the line <c>&lt;sha256 of the file bytes&gt;  &lt;relative path&gt;\n</c> as <c>sha256sum</c> prints it.
    /// </summary>
    /// <remarks>
    /// File bytes rather than exact forms are hashed so that any edit, a header change included, gives a new hash, and so
    /// that an auditor can recompute it without this tool:
    /// <c>find migrations operations -iname '*.sql' -not -path '*/.*' -print0 | LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum</c>.
    /// </remarks>
    public string ContentHash { get; }

    /// <summary>HEAD commit id when the catalog is inside a git work tree; null otherwise.</summary>
    public string? Commit { get; }

    /// <summary>Every statement of every script, in script order.</summary>
    public IEnumerable<CatalogStatement> Statements => Scripts.SelectMany(script => script.Statements);

    /// <summary>Returns the statements whose exact form hashes to <paramref name="exactHash"/>, in script order; empty when none.</summary>
    public IReadOnlyList<CatalogStatement> FindByExactHash(string exactHash) => Find(byExactHash, exactHash);

    /// <summary>Returns the statements whose template hashes to <paramref name="templateHash"/>, in script order; empty when none.</summary>
    public IReadOnlyList<CatalogStatement> FindByTemplateHash(string templateHash) => Find(byTemplateHash, templateHash);

    /// <summary>
    /// Returns the <c>CREATE PROCEDURE</c> / <c>CREATE FUNCTION</c> statements that define <paramref name="routine"/>, matched
    /// ignoring case (MySQL routine names are not case-sensitive) and with backticks removed. A qualified name that no
    /// definition carries falls back to its bare name, because scripts usually create routines in the current schema.
    /// </summary>
    public IReadOnlyList<CatalogStatement> FindRoutineDefinitions(string routine)
    {
        ArgumentNullException.ThrowIfNull(routine);

        string canonical = CatalogRoutines.Canonical(routine);
        List<CatalogStatement> found = Find(byRoutine, canonical);
        int dot = canonical.LastIndexOf('.');
        return found.Count > 0 || dot < 0 ? found : Find(byRoutine, canonical[(dot + 1)..]);
    }

    private static List<CatalogStatement> Find(Dictionary<string, List<CatalogStatement>> index, string key) =>
        index.TryGetValue(key, out List<CatalogStatement>? statements) ? statements : [];

    private static void Add(Dictionary<string, List<CatalogStatement>> index, string key, CatalogStatement statement)
    {
        if (!index.TryGetValue(key, out List<CatalogStatement>? list))
        {
            list = [];
            index[key] = list;
        }

        if (!list.Contains(statement))
        {
            list.Add(statement);
        }
    }
}
