using QueryAudit.Core.Catalog.Git;

namespace QueryAudit.Core.Catalog;

/// <summary>
/// One migration or operation script of the catalog, with its header, provenance, statements and effective approval.
/// </summary>
public sealed class CatalogScript
{
    private readonly List<CatalogStatement> statements = [];

    /// <summary>Path relative to the catalog root with <c>/</c> separators, for example <c>operations/OPS-1__fix.sql</c>.</summary>
    public required string RelativePath { get; init; }

    /// <summary>Absolute path of the file.</summary>
    public required string FullPath { get; init; }

    /// <summary>Migration or operation, from the folder the file is in.</summary>
    public required CatalogScriptKind Kind { get; init; }

    /// <summary>The parts of the migration's file name; null for operations and for migration names no style matches.</summary>
    public MigrationName? Migration { get; init; }

    /// <summary>The migration version; null for operations and repeatable migrations.</summary>
    public MigrationVersion? Version => Migration?.Version;

    /// <summary>The description from a migration's name, or an operation's file name without <c>.sql</c>.</summary>
    public required string Description { get; init; }

    /// <summary>Lower-case hex SHA-256 of the file's bytes.</summary>
    public required string FileSha256 { get; init; }

    /// <summary>The approval header as written; null when the script has none or it could not be read.</summary>
    public ApprovalHeader? Header { get; init; }

    /// <summary>Git history of the file; null when the catalog is not in a git work tree or git was not read.</summary>
    public ScriptProvenance? Provenance { get; init; }

    /// <summary>
    /// The approval the reconciler applies; null when the script has any error-level problem, so none of its statements
    /// counts as approved.
    /// </summary>
    public CatalogApproval? Approval { get; internal set; }

    /// <summary>Problems with this script, errors and warnings.</summary>
    public IReadOnlyList<CatalogProblem> Problems { get; internal set; } = [];

    /// <summary>The script's statements in file order.</summary>
    public IReadOnlyList<CatalogStatement> Statements => statements;

    /// <summary>True when the script carries an approval the reconciler may apply.</summary>
    public bool IsApproved => Approval is not null;

    public override string ToString() => RelativePath;

    internal void AddStatement(CatalogStatement statement) => statements.Add(statement);
}
