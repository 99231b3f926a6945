namespace QueryAudit.Core.Audit;

/// <summary>
/// Settings of <see cref="AuditLineParser"/>.
/// </summary>
public sealed record AuditLineParserOptions
{
    /// <summary>The value of <see cref="QueryLogLimitBytes"/> that MariaDB and RDS for MySQL use when unset: 1024 bytes.</summary>
    public const int MariaDbDefaultQueryLogLimitBytes = 1024;

    /// <summary>The default of <see cref="MaxLineBytes"/>: 1 MiB.</summary>
    public const int DefaultMaxLineBytes = 1024 * 1024;

    /// <summary>
    /// Time zone of <c>YYYYMMDD HH:MM:SS</c> timestamps in the MariaDB and RDS for MySQL layouts, which the
    /// server writes in its local time. Default UTC. Aurora lines are always UTC, in either timestamp form.
    /// When a local time falls in a daylight-saving overlap, the standard-time offset is taken.
    /// </summary>
    public TimeZoneInfo LogTimeZone { get; init; } = TimeZoneInfo.Utc;

    /// <summary>
    /// The server's <c>server_audit_query_log_limit</c> in bytes: statement text whose escaped length reaches it is
    /// marked <see cref="AuditEvent.Truncated"/>. Null takes the layout's default: 1024 for MariaDB and RDS for
    /// MySQL; unknown for Aurora, which documents no limit. With an unknown limit a text is marked truncated only
    /// when it ends inside an escape sequence or inside a UTF-8 character.
    /// </summary>
    public int? QueryLogLimitBytes { get; init; }

    /// <summary>Lines longer than this many bytes are quarantined instead of parsed. Default 1 MiB.</summary>
    public int MaxLineBytes { get; init; } = DefaultMaxLineBytes;

    /// <summary>
    /// Returns the query log limit that applies to a layout, or null when it is unknown.
    /// </summary>
    public int? QueryLogLimitFor(AuditLogFormat format) =>
        QueryLogLimitBytes ?? (format == AuditLogFormat.Aurora ? null : MariaDbDefaultQueryLogLimitBytes);

    /// <summary>
    /// Throws <see cref="ArgumentException"/> naming the setting when a value is out of range.
    /// </summary>
    public void Validate()
    {
        if (QueryLogLimitBytes is < 1)
        {
            throw new ArgumentException(
                $"QueryLogLimitBytes is {QueryLogLimitBytes}; set it to the server's server_audit_query_log_limit (at least 1) or leave it unset.");
        }

        if (MaxLineBytes < 64)
        {
            throw new ArgumentException($"MaxLineBytes is {MaxLineBytes}; set it to at least 64 bytes (default {DefaultMaxLineBytes}).");
        }
    }
}
