using System.Globalization;
using System.Text;
using QueryAudit.Core.Reconciliation;
using QueryAudit.Sql;

namespace QueryAudit.Reports.Csv;

/// <summary>
/// Turns model values into the stable text the CSV and JSON exports use.
/// </summary>
internal static class CsvValues
{
    /// <summary>Formats an instant as ISO 8601 UTC with microseconds, the audit log's resolution, e.g. <c>2026-12-04T10:52:09.123456Z</c>.</summary>
    public static string UtcTimestamp(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    public static string SeverityName(Severity severity) => SnakeCase(severity.ToString());

    public static string StatementKindName(StatementKind? kind) => kind is null ? "" : SnakeCase(kind.Value.ToString());

    /// <summary>Converts a PascalCase enum name to snake_case lower case: <c>AuditConfig</c> becomes <c>audit_config</c>.</summary>
    public static string SnakeCase(string pascal)
    {
        StringBuilder builder = new(pascal.Length + 4);
        for (int i = 0; i < pascal.Length; i++)
        {
            char c = pascal[i];
            if (char.IsUpper(c) && i > 0)
            {
                builder.Append('_');
            }

            builder.Append(char.ToLowerInvariant(c));
        }

        return builder.ToString();
    }

    /// <summary>Joins a list with semicolons.</summary>
    /// <remarks>NOTE: a name that itself contains a semicolon cannot be told apart; nothing here rejects such a name.</remarks>
    public static string List(IReadOnlyList<string> values) => string.Join(';', values);
}
