namespace QueryAudit.Core.Audit;

/// <summary>
/// Layout of an audit log line.
/// </summary>
public enum AuditLogFormat
{
    /// <summary>Detect per file from its first records.</summary>
    Auto = 0,

    /// <summary>Aurora MySQL Advanced Auditing: epoch-microsecond (UTC) timestamps, 10 fields.</summary>
    Aurora,

    /// <summary>MariaDB server_audit file: <c>YYYYMMDD HH:MM:SS</c> local-time timestamps, 10 fields.</summary>
    MariaDb,

    /// <summary>RDS for MySQL audit plugin: MariaDB layout with <c>,,</c> or <c>,SOCKET</c> endings.</summary>
    RdsMySql,
}
