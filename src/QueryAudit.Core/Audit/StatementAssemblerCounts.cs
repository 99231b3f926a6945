namespace QueryAudit.Core.Audit;

/// <summary>
/// Running totals of a <see cref="StatementAssembler"/>, for the completeness section of the report.
/// </summary>
public sealed class StatementAssemblerCounts
{
    /// <summary>Returns a copy with the same values.</summary>
    public StatementAssemblerCounts Copy() => (StatementAssemblerCounts)MemberwiseClone();

    /// <summary>Records given to the assembler.</summary>
    public long Records { get; internal set; }

    /// <summary>Statements emitted (QUERY records with their table records).</summary>
    public long Statements { get; internal set; }

    /// <summary>Table records joined to a statement.</summary>
    public long JoinedTableRecords { get; internal set; }

    /// <summary>Orphan groups emitted (table records of one query id whose QUERY record never came).</summary>
    public long OrphanGroups { get; internal set; }

    /// <summary>Table records in orphan groups.</summary>
    public long OrphanTableRecords { get; internal set; }

    /// <summary>Events passed through unchanged.</summary>
    public long PassedThroughEvents { get; internal set; }

    /// <summary>Statements and orphan groups closed because the instance's clock passed them by the horizon.</summary>
    public long ClosedByHorizon { get; internal set; }

    /// <summary>Orphan groups emitted early because a connection held more than the configured number of groups.</summary>
    public long ClosedByGroupLimit { get; internal set; }

    /// <summary>Records held now, waiting for the rest of their statement.</summary>
    public long HeldRecords { get; internal set; }

    /// <summary>The largest <see cref="HeldRecords"/> so far.</summary>
    public long MaxHeldRecords { get; internal set; }
}
