namespace QueryAudit.Core.Audit;

/// <summary>
/// Maps the <c>operation</c> field of an audit line to <see cref="AuditOperation"/>.
/// </summary>
public static class AuditOperationNames
{
    /// <summary>Returns the operation for the field as written (upper case), or <see cref="AuditOperation.Unknown"/>.</summary>
    public static AuditOperation Parse(ReadOnlySpan<byte> field) => field.Length switch
    {
        4 when field.SequenceEqual("READ"u8) => AuditOperation.Read,
        4 when field.SequenceEqual("DROP"u8) => AuditOperation.Drop,
        5 when field.SequenceEqual("QUERY"u8) => AuditOperation.Query,
        5 when field.SequenceEqual("WRITE"u8) => AuditOperation.Write,
        5 when field.SequenceEqual("ALTER"u8) => AuditOperation.Alter,
        6 when field.SequenceEqual("CREATE"u8) => AuditOperation.Create,
        6 when field.SequenceEqual("RENAME"u8) => AuditOperation.Rename,
        7 when field.SequenceEqual("CONNECT"u8) => AuditOperation.Connect,
        10 when field.SequenceEqual("DISCONNECT"u8) => AuditOperation.Disconnect,
        10 when field.SequenceEqual("CHANGEUSER"u8) => AuditOperation.ChangeUser,
        13 when field.SequenceEqual("PROXY_CONNECT"u8) => AuditOperation.ProxyConnect,
        14 when field.SequenceEqual("FAILED_CONNECT"u8) => AuditOperation.FailedConnect,
        _ => AuditOperation.Unknown,
    };

    /// <summary>True for the operations of table records: READ, WRITE, CREATE, ALTER, DROP and RENAME.</summary>
    public static bool IsTableOperation(this AuditOperation operation) =>
        operation is AuditOperation.Read or AuditOperation.Write or AuditOperation.Create
            or AuditOperation.Alter or AuditOperation.Drop or AuditOperation.Rename;

    /// <summary>True for the connection events: CONNECT, DISCONNECT, FAILED_CONNECT, CHANGEUSER and PROXY_CONNECT.</summary>
    public static bool IsConnectionEvent(this AuditOperation operation) =>
        operation is AuditOperation.Connect or AuditOperation.Disconnect or AuditOperation.FailedConnect
            or AuditOperation.ChangeUser or AuditOperation.ProxyConnect;
}
