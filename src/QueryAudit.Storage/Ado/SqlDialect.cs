using System.Data.Common;

namespace QueryAudit.Storage.Ado;

/// <summary>
/// The few places where the SQLite and MySQL/MariaDB stores need different SQL.
/// </summary>
internal abstract class SqlDialect
{
    /// <summary>Suffix of a SELECT that locks the rows it reads until the transaction ends; empty where the transaction already holds the write lock.</summary>
    public abstract string ForUpdate { get; }

    /// <summary>Returns the expression for the value an upsert tried to insert into <paramref name="column"/>.</summary>
    public abstract string Inserted(string column);

    /// <summary>Returns the expression for the smaller of two values.</summary>
    public abstract string Least(string left, string right);

    /// <summary>Returns the expression for the larger of two values.</summary>
    public abstract string Greatest(string left, string right);

    /// <summary>Returns the clause that turns an INSERT into an update of the row with the same <paramref name="key"/>, followed by the SET list.</summary>
    public abstract string OnConflictUpdate(string key);

    /// <summary>Returns the clause that makes an INSERT do nothing when a row with the same <paramref name="key"/> exists.</summary>
    public abstract string OnConflictIgnore(string key, string anyColumn);

    /// <summary>Tells whether an exception is a primary-key or unique-index violation.</summary>
    public abstract bool IsDuplicateKey(DbException exception);

    /// <summary>Tells whether an exception means another connection won a race for the same row (duplicate key, deadlock, lock timeout).</summary>
    public abstract bool IsWriteConflict(DbException exception);

    /// <summary>Returns an INSERT of <paramref name="columns"/> that updates the non-key columns (except <paramref name="keep"/>) when the key exists.</summary>
    public string Upsert(string table, string key, IReadOnlyList<string> columns, params string[] keep)
    {
        string names = string.Join(", ", columns);
        string values = string.Join(", ", columns.Select(c => "@" + c));
        string updates = string.Join(", ", columns
            .Where(c => c != key && !keep.Contains(c, StringComparer.Ordinal))
            .Select(c => $"{c} = {Inserted(c)}"));
        return $"INSERT INTO {table} ({names}) VALUES ({values}) {OnConflictUpdate(key)} {updates}";
    }

    /// <summary>Returns an INSERT of <paramref name="columns"/> that does nothing when the key exists.</summary>
    public string InsertIfAbsent(string table, string key, IReadOnlyList<string> columns)
    {
        string names = string.Join(", ", columns);
        string values = string.Join(", ", columns.Select(c => "@" + c));
        return $"INSERT INTO {table} ({names}) VALUES ({values}) {OnConflictIgnore(key, columns[0])}";
    }
}
