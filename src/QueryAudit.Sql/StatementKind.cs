namespace QueryAudit.Sql;

/// <summary>
/// What a statement does, as far as the approval rules care.
/// </summary>
public enum StatementKind
{
    /// <summary>
    /// Empty text, only comments, a first word the classifier does not know, or a compound BEGIN ... END block run outside
    /// a routine (MariaDB's BEGIN NOT ATOMIC), whose inner statements are not classified.
    /// </summary>
    Unknown = 0,

    /// <summary>SELECT, TABLE, VALUES, WITH ... SELECT, EXPLAIN, DESCRIBE and other reads.</summary>
    Read,

    /// <summary>INSERT, UPDATE, DELETE, REPLACE, LOAD DATA, and SELECT ... INTO OUTFILE.</summary>
    Dml,

    /// <summary>CREATE, ALTER, DROP, RENAME, TRUNCATE of schema objects (not of users or roles).</summary>
    Ddl,

    /// <summary>GRANT, REVOKE, CREATE/ALTER/DROP/RENAME USER or ROLE, SET PASSWORD, SET DEFAULT ROLE.</summary>
    Dcl,

    /// <summary>Session settings and inspection: SET (not SET GLOBAL), SHOW, USE, DESCRIBE of variables, HELP, DEALLOCATE PREPARE.</summary>
    Session,

    /// <summary>Server administration: KILL, SET GLOBAL (other than audit settings), FLUSH, INSTALL/UNINSTALL PLUGIN of non-audit plugins, PREPARE and EXECUTE.</summary>
    Admin,

    /// <summary>A change to the audit configuration: SET GLOBAL server_audit_* and equivalents, UNINSTALL PLUGIN server_audit.</summary>
    AuditConfig,

    /// <summary>START TRANSACTION, BEGIN, COMMIT, ROLLBACK, SAVEPOINT, SET autocommit handled as Session.</summary>
    Transaction,

    /// <summary>CALL of a stored procedure.</summary>
    Call,
}
