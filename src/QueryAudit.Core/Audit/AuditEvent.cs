namespace QueryAudit.Core.Audit;

/// <summary>
/// One parsed audit record (one line of the log).
/// </summary>
public sealed record AuditEvent
{
    /// <summary>When the server wrote the record, in UTC.</summary>
    public required DateTimeOffset Timestamp { get; init; }

    /// <summary>The DB instance: the CloudWatch log stream, else the file name's instance part, else the <c>serverhost</c> field.</summary>
    public required string Instance { get; init; }

    /// <summary>The <c>serverhost</c> field as written.</summary>
    public string ServerHost { get; init; } = "";

    /// <summary>Database account (user name as typed for failed logins).</summary>
    public required string User { get; init; }

    /// <summary>Client host or IP address; for MariaDB 12 and later without the <c>:port</c> suffix.</summary>
    public required string Host { get; init; }

    /// <summary>Client port when the host field was written as <c>host:port</c> (MariaDB 12 and later); null otherwise.</summary>
    public int? ClientPort { get; init; }

    public required long ConnectionId { get; init; }

    /// <summary>Query id; 0 for connection events. A per-server counter: unique only within an instance and a server run.</summary>
    public required long QueryId { get; init; }

    public required AuditOperation Operation { get; init; }

    /// <summary>The operation field as written (kept for unknown operations).</summary>
    public string OperationText { get; init; } = "";

    /// <summary>Active database; empty when none was selected (the record is kept, never dropped).</summary>
    public required string Database { get; init; }

    /// <summary>The <c>object</c> field: for QUERY records the statement text with the log's escapes decoded; for table records the table name.</summary>
    public required string ObjectText { get; init; }

    /// <summary>MySQL error number (0 = success); null when the field is empty, as on table records.</summary>
    public int? RetCode { get; init; }

    /// <summary>True when the statement text reached the logging limit and was cut by the server.</summary>
    public bool Truncated { get; init; }

    /// <summary>True when the timestamp has whole-second resolution (MariaDB layout).</summary>
    public bool SecondResolution { get; init; }

    public required AuditLogFormat Format { get; init; }

    public required SourcePosition Source { get; init; }
}
