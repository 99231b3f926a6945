namespace QueryAudit.Sql;

/// <summary>
/// Settings of the MySQL lexer and normaliser.
/// </summary>
public sealed record SqlNormalizerOptions
{
    /// <summary>Default options: server version 80032, backslash escapes on, ANSI_QUOTES off.</summary>
    public static SqlNormalizerOptions Default { get; } = new();

    /// <summary>Server version as MySQL writes it in <c>/*!NNNNN ... */</c> comments (80032 = 8.0.32). Default 80032.</summary>
    public int ServerVersion { get; init; } = 80032;

    /// <summary>The NO_BACKSLASH_ESCAPES SQL mode: a backslash in a string is an ordinary character. Default false.</summary>
    public bool NoBackslashEscapes { get; init; }

    /// <summary>The ANSI_QUOTES SQL mode: <c>"x"</c> is an identifier, not a string. Default false.</summary>
    public bool AnsiQuotes { get; init; }

    /// <summary>Regular expression for ticket references inside comments. Default <c>[A-Z][A-Z0-9]+-\d+</c>.</summary>
    public string TicketPattern { get; init; } = @"[A-Z][A-Z0-9]+-\d+";

    /// <summary>
    /// Byte limit at which the server cuts logged query text (MariaDB <c>server_audit_query_log_limit</c>, default 1024);
    /// text whose UTF-8 length reaches it is suspected truncated. Null means no known limit.
    /// </summary>
    public int? LogByteLimit { get; init; }
}
