using QueryAudit.Sql;

namespace QueryAudit.Core.Reconciliation;

/// <summary>
/// Lookups over all approved statements: by exact-form hash (approval), by template hash (near misses),
/// by routine name (stored procedures) and by exact-form prefix (statements cut by the log limit).
/// </summary>
public sealed class ApprovalIndex
{
    private readonly Dictionary<string, List<ApprovedStatement>> _byExact = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<ApprovedStatement>> _byTemplate = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<ApprovedStatement>> _routineDefinitions = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<ApprovedStatement> _all = [];

    public ApprovalIndex(IEnumerable<ApprovedStatement> statements)
    {
        ArgumentNullException.ThrowIfNull(statements);
        foreach (ApprovedStatement statement in statements)
        {
            // Transaction control and session settings are never an execution of a script by themselves.
            if (statement.Normalized.Kind is StatementKind.Transaction or StatementKind.Session)
            {
                continue;
            }

            _all.Add(statement);
            Add(_byExact, statement.Normalized.ExactHash, statement);
            Add(_byTemplate, statement.Normalized.TemplateHash, statement);
            if (statement.Normalized.Kind == StatementKind.Ddl && statement.Normalized.Routine is { } routine
                && statement.Normalized.ExactForm.StartsWith("CREATE ", StringComparison.Ordinal))
            {
                Add(_routineDefinitions, UnqualifiedName(routine), statement);
            }
        }
    }

    /// <summary>All approved statements that count as executions (no transaction or session statements).</summary>
    public IReadOnlyList<ApprovedStatement> All => _all;

    /// <summary>Statements whose exact form has this hash.</summary>
    public IReadOnlyList<ApprovedStatement> ByExactHash(string hash) => _byExact.TryGetValue(hash, out List<ApprovedStatement>? list) ? list : [];

    /// <summary>Statements whose template has this hash.</summary>
    public IReadOnlyList<ApprovedStatement> ByTemplateHash(string hash) => _byTemplate.TryGetValue(hash, out List<ApprovedStatement>? list) ? list : [];

    /// <summary>Approved CREATE PROCEDURE/FUNCTION statements of a routine (schema ignored).</summary>
    public IReadOnlyList<ApprovedStatement> RoutineDefinitions(string routine) =>
        _routineDefinitions.TryGetValue(UnqualifiedName(routine), out List<ApprovedStatement>? list) ? list : [];

    /// <summary>Statements whose exact form starts with the given (cut) exact form; empty for a prefix under 16 characters.</summary>
    public IReadOnlyList<ApprovedStatement> ByExactPrefix(string exactPrefix)
    {
        // A very short prefix would match unrelated statements and prove nothing.
        if (exactPrefix.Length < 16)
        {
            return [];
        }

        return _all.Where(s => s.Normalized.ExactForm.StartsWith(exactPrefix, StringComparison.Ordinal)).ToList();
    }

    private static string UnqualifiedName(string routine)
    {
        int dot = routine.LastIndexOf('.');
        return (dot >= 0 ? routine[(dot + 1)..] : routine).Trim('`');
    }

    private static void Add(Dictionary<string, List<ApprovedStatement>> map, string key, ApprovedStatement statement)
    {
        if (!map.TryGetValue(key, out List<ApprovedStatement>? list))
        {
            list = [];
            map[key] = list;
        }

        list.Add(statement);
    }
}
