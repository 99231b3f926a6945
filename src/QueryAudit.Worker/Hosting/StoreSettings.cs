using MySqlConnector;

namespace QueryAudit.Worker.Hosting;

/// <summary>
/// Fields of a MySQL state store connection given as separate settings. ECS injects each JSON key of a Secrets Manager
/// secret (host, port, dbname, username, password) as its own environment variable, and the password must not be
/// written into a connection string in the task definition. Each field that is set replaces the same field of the
/// <c>Store</c> connection string.
/// </summary>
internal sealed class MySqlSettings
{
    /// <summary>Server host name. Default null keeps the connection string's <c>Server</c>.</summary>
    public string? Host { get; set; }

    /// <summary>TCP port. Default null keeps the connection string's <c>Port</c> (3306 when it has none).</summary>
    public uint? Port { get; set; }

    /// <summary>Database (schema) name. Default null keeps the connection string's <c>Database</c>.</summary>
    public string? Database { get; set; }

    /// <summary>User name. Default null keeps the connection string's <c>User ID</c>.</summary>
    public string? User { get; set; }

    /// <summary>Password. Default null keeps the connection string's <c>Password</c>. Never logged.</summary>
    public string? Password { get; set; }

    /// <summary>Whether any field is set.</summary>
    public bool IsSet => Host is not null || Port is not null || Database is not null || User is not null || Password is not null;
}

/// <summary>
/// Turns the <c>Store</c> and <c>MySql</c> settings into the store location that the store opens.
/// </summary>
internal static class StoreSettings
{
    private const string MySqlPrefix = "mysql:";

    /// <summary>
    /// Returns <c>Store</c> with the <c>MySql</c> fields written into its connection string; a <c>sqlite:</c> store is
    /// returned as it is.
    /// </summary>
    /// <exception cref="ArgumentException">The connection string is not valid; the message does not show it.</exception>
    public static string Resolve(QueryAuditOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.Store.StartsWith(MySqlPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return options.Store;
        }

        MySqlConnectionStringBuilder builder;
        try
        {
            builder = new MySqlConnectionStringBuilder(options.Store[MySqlPrefix.Length..]);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidOperationException)
        {
            // The inner message may quote the value, which can contain a password.
            throw new ArgumentException("Store mysql: is not a valid MySQL connection string; write it as Key=Value pairs separated by semicolons, e.g. mysql:Server=db;Database=queryaudit;SslMode=Required.");
        }

        MySqlSettings mysql = options.MySql;
        if (mysql.Host is not null)
        {
            builder.Server = mysql.Host;
        }

        if (mysql.Port is { } port)
        {
            builder.Port = port;
        }

        if (mysql.Database is not null)
        {
            builder.Database = mysql.Database;
        }

        if (mysql.User is not null)
        {
            builder.UserID = mysql.User;
        }

        if (mysql.Password is not null)
        {
            builder.Password = mysql.Password;
        }

        return MySqlPrefix + builder.ConnectionString;
    }
}
