namespace QueryAudit.Core.Audit;

/// <summary>
/// What <see cref="StatementAssembler"/> emits: a statement (a QUERY record with its table records), an orphan
/// group (table records whose QUERY record never came), or an event passed through unchanged (CONNECT,
/// DISCONNECT, FAILED_CONNECT, CHANGEUSER, PROXY_CONNECT and records with an unknown operation).
/// </summary>
public readonly record struct AssembledRecord
{
    private AssembledRecord(AuditStatement? statement, AuditEvent? auditEvent)
    {
        Statement = statement;
        Event = auditEvent;
    }

    /// <summary>The statement or orphan group; null for a passed-through event.</summary>
    public AuditStatement? Statement { get; }

    /// <summary>The passed-through event; null for a statement or orphan group.</summary>
    public AuditEvent? Event { get; }

    /// <summary>True for a statement with its QUERY record.</summary>
    public bool IsStatement => Statement is { IsOrphan: false };

    /// <summary>True for table records without a QUERY record.</summary>
    public bool IsOrphan => Statement is { IsOrphan: true };

    /// <summary>True for a passed-through event.</summary>
    public bool IsEvent => Event is not null;

    /// <summary>The record that dates and locates this item: the QUERY record, the first orphan table record, or the event.</summary>
    public AuditEvent Record => Statement?.Query ?? Event!;

    public static AssembledRecord FromStatement(AuditStatement statement)
    {
        ArgumentNullException.ThrowIfNull(statement);
        return new AssembledRecord(statement, null);
    }

    public static AssembledRecord FromEvent(AuditEvent auditEvent)
    {
        ArgumentNullException.ThrowIfNull(auditEvent);
        return new AssembledRecord(null, auditEvent);
    }
}
