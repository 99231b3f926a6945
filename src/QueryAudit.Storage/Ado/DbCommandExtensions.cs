using System.Data.Common;

namespace QueryAudit.Storage.Ado;

/// <summary>
/// Small helpers over ADO.NET commands and readers shared by both stores.
/// </summary>
internal static class DbCommandExtensions
{
    public static DbCommand CreateCommand(this DbConnection connection, DbTransaction? transaction, string sql)
    {
        DbCommand command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    /// <summary>Adds a parameter named <c>@name</c>; null becomes SQL NULL.</summary>
    public static DbCommand With(this DbCommand command, string name, object? value)
    {
        DbParameter parameter = command.CreateParameter();
        parameter.ParameterName = "@" + name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
        return command;
    }

    /// <summary>Sets the value of an existing parameter, for commands run once per row.</summary>
    public static void Set(this DbCommand command, string name, object? value) =>
        command.Parameters["@" + name].Value = value ?? DBNull.Value;

    public static string? GetNullableString(this DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static long? GetNullableInt64(this DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetInt64(ordinal);

    public static int? GetNullableInt32(this DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : Convert.ToInt32(reader.GetValue(ordinal), System.Globalization.CultureInfo.InvariantCulture);

    public static int GetInt32Value(this DbDataReader reader, int ordinal) =>
        Convert.ToInt32(reader.GetValue(ordinal), System.Globalization.CultureInfo.InvariantCulture);

    public static DateTimeOffset GetTime(this DbDataReader reader, int ordinal) => StoredTime.FromTicks(reader.GetInt64(ordinal));

    public static DateTimeOffset? GetNullableTime(this DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : StoredTime.FromTicks(reader.GetInt64(ordinal));
}
