namespace QueryAudit.Core.Audit;

/// <summary>
/// A table access recorded by a READ, WRITE, CREATE, ALTER, DROP or RENAME record.
/// </summary>
/// <param name="Operation">The table operation.</param>
/// <param name="Database">Schema of the table.</param>
/// <param name="Table">Table name; for RENAME <c>old|newdb.new</c> as written.</param>
public readonly record struct TableAccess(AuditOperation Operation, string Database, string Table);

/// <summary>
/// One query as the server ran it: the QUERY record plus the table records with the same instance, connection and query id.
/// </summary>
/// <param name="Query">
/// The QUERY record. For an orphan group (table records whose QUERY record never arrived) no QUERY record is
/// made up: this is the first table record of the group, and <see cref="OrphanTables"/> lists all of them.
/// </param>
/// <param name="Tables">Table records joined to the query, in log order.</param>
public sealed record AuditStatement(AuditEvent Query, IReadOnlyList<TableAccess> Tables)
{
    /// <summary>True when the record had no database selected.</summary>
    public bool NoDatabase => Query.Database.Length == 0;

    /// <summary>Table records that never found their QUERY record (kept for counts); empty for normal statements.</summary>
    public IReadOnlyList<AuditEvent> OrphanTables { get; init; } = [];

    /// <summary>True for an orphan group: table records without a QUERY record.</summary>
    public bool IsOrphan => OrphanTables.Count > 0;
}
