namespace QueryAudit.Core.Audit;

/// <summary>
/// The <c>operation</c> field of an audit record.
/// </summary>
public enum AuditOperation
{
    /// <summary>An operation name the parser does not know; the record is kept and counted.</summary>
    Unknown = 0,
    Connect,
    Disconnect,
    FailedConnect,
    ChangeUser,
    ProxyConnect,
    Query,
    Read,
    Write,
    Create,
    Alter,
    Drop,
    Rename,
}
