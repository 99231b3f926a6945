using System.Data.Common;
using MySqlConnector;
using QueryAudit.Storage.Ado;

namespace QueryAudit.Storage.MySql;

/// <summary>
/// MySQL 8.0 (Aurora MySQL 3) and MariaDB 10.5 or later.
/// </summary>
internal sealed class MySqlDialect : SqlDialect
{
    public static MySqlDialect Instance { get; } = new();

    public override string ForUpdate => " FOR UPDATE";

    // VALUES(col) in ON DUPLICATE KEY UPDATE is deprecated in MySQL 8.0.20 but still supported there, and it is the
    // only form MariaDB accepts (MariaDB has no "AS alias" row alias).
    public override string Inserted(string column) => $"VALUES({column})";

    public override string Least(string left, string right) => $"LEAST({left}, {right})";

    public override string Greatest(string left, string right) => $"GREATEST({left}, {right})";

    public override string OnConflictUpdate(string key) => "ON DUPLICATE KEY UPDATE";

    public override string OnConflictIgnore(string key, string anyColumn) => $"ON DUPLICATE KEY UPDATE {anyColumn} = {anyColumn}";

    public override bool IsDuplicateKey(DbException exception) =>
        exception is MySqlException { ErrorCode: MySqlErrorCode.DuplicateKeyEntry };

    public override bool IsWriteConflict(DbException exception) =>
        exception is MySqlException { ErrorCode: MySqlErrorCode.DuplicateKeyEntry or MySqlErrorCode.LockDeadlock or MySqlErrorCode.LockWaitTimeout };
}
