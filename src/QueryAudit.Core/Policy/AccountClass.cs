namespace QueryAudit.Core.Policy;

/// <summary>
/// How the rules treat a database account.
/// </summary>
public enum AccountClass
{
    /// <summary>Matched by no policy entry; every statement is an exception.</summary>
    Unknown = 0,

    /// <summary>A service account: DML and reads are expected, DDL/DCL and unlisted client hosts are exceptions.</summary>
    Application,

    /// <summary>A personal account: writes must match an approved script.</summary>
    Human,

    /// <summary>A migration tool's account: runs approved migrations.</summary>
    Migration,

    /// <summary>A shared administrative account: treated like a human account.</summary>
    Admin,

    /// <summary>The platform's own account (e.g. <c>rdsadmin</c>): ignored but counted.</summary>
    System,
}
