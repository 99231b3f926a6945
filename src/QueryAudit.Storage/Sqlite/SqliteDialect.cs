using System.Data.Common;
using Microsoft.Data.Sqlite;
using QueryAudit.Storage.Ado;

namespace QueryAudit.Storage.Sqlite;

/// <summary>
/// SQLite 3.24 or later (UPSERT syntax).
/// </summary>
internal sealed class SqliteDialect : SqlDialect
{
    public static SqliteDialect Instance { get; } = new();

    // Transactions start with BEGIN IMMEDIATE, so the writer lock is already held; SQLite has no FOR UPDATE.
    public override string ForUpdate => "";

    public override string Inserted(string column) => "excluded." + column;

    public override string Least(string left, string right) => $"MIN({left}, {right})";

    public override string Greatest(string left, string right) => $"MAX({left}, {right})";

    public override string OnConflictUpdate(string key) => $"ON CONFLICT ({key}) DO UPDATE SET";

    public override string OnConflictIgnore(string key, string anyColumn) => $"ON CONFLICT ({key}) DO NOTHING";

    // SQLITE_CONSTRAINT (19) covers primary-key and unique violations.
    public override bool IsDuplicateKey(DbException exception) => exception is SqliteException { SqliteErrorCode: 19 };

    // SQLITE_BUSY (5) after the busy timeout.
    public override bool IsWriteConflict(DbException exception) => IsDuplicateKey(exception) || exception is SqliteException { SqliteErrorCode: 5 };
}
