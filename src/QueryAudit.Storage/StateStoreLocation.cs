using QueryAudit.Core.State;
using QueryAudit.Storage.MySql;
using QueryAudit.Storage.Sqlite;

namespace QueryAudit.Storage;

/// <summary>
/// Opens a state store from a location string: <c>sqlite:PATH</c> or <c>mysql:CONNECTION-STRING</c>.
/// </summary>
public static class StateStoreLocation
{
    /// <summary>The location used when none is configured: <c>sqlite:./queryaudit.db</c>.</summary>
    public const string Default = "sqlite:./queryaudit.db";

    /// <summary>Opens the store at <paramref name="location"/> and brings its schema up to date.</summary>
    public static async Task<IStateStore> OpenAsync(string location, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(location);
        if (Problem(location) is { } problem)
        {
            throw new StoreLocationException(problem);
        }

        if (location.StartsWith("sqlite:", StringComparison.OrdinalIgnoreCase))
        {
            return await SqliteStateStore.OpenAsync(location["sqlite:".Length..], timeProvider, cancellationToken).ConfigureAwait(false);
        }

        if (location.StartsWith("mysql:", StringComparison.OrdinalIgnoreCase))
        {
            return await MySqlStateStore.OpenAsync(location["mysql:".Length..], timeProvider, cancellationToken).ConfigureAwait(false);
        }

        // Never echo the value, because a MySQL location contains a password.
        throw new StoreLocationException(FormMessage);
    }

    /// <summary>
    /// Returns what is wrong with the form of <paramref name="location"/>, or null when it can be opened as far as its
    /// text goes. The message never contains the value, because a MySQL connection string can contain a password.
    /// </summary>
    public static string? Problem(string location)
    {
        ArgumentNullException.ThrowIfNull(location);
        if (!HasKnownForm(location))
        {
            return FormMessage;
        }

        if (location.StartsWith("sqlite:", StringComparison.OrdinalIgnoreCase))
        {
            return string.IsNullOrWhiteSpace(location["sqlite:".Length..])
                ? "The sqlite: store location needs a file path, e.g. sqlite:./queryaudit.db."
                : null;
        }

        MySqlConnector.MySqlConnectionStringBuilder builder;
        try
        {
            builder = new MySqlConnector.MySqlConnectionStringBuilder(location["mysql:".Length..]);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidOperationException or KeyNotFoundException or OverflowException)
        {
            return "The mysql: store location is not a valid connection string: write KEY=VALUE pairs separated by ';' "
                + "(Server, Port, Database, User ID, Password). The value is not shown, because it can contain a password.";
        }

        return string.IsNullOrEmpty(builder.Database) ? "The mysql: store location names no database; add Database=NAME." : null;
    }

    /// <summary>The message for a location of neither form, without the value, which can contain a password.</summary>
    public const string FormMessage =
        "The store location must start with sqlite: (then a file path) or mysql: (then a connection string), e.g. sqlite:./queryaudit.db.";

    /// <summary>Tells whether <paramref name="location"/> has one of the two forms that <see cref="OpenAsync"/> accepts.</summary>
    public static bool HasKnownForm(string location) =>
        location.StartsWith("sqlite:", StringComparison.OrdinalIgnoreCase) || location.StartsWith("mysql:", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Returns the location as messages may print it: a SQLite path as given, a MySQL location as server, port and
    /// database only, because its connection string can contain a password.
    /// </summary>
    public static string Describe(string location)
    {
        ArgumentNullException.ThrowIfNull(location);
        if (!location.StartsWith("mysql:", StringComparison.OrdinalIgnoreCase))
        {
            return HasKnownForm(location) ? location : "(a location of unknown form)";
        }

        try
        {
            MySqlConnector.MySqlConnectionStringBuilder builder = new(location["mysql:".Length..]);
            return $"mysql:{builder.Server}:{builder.Port}/{builder.Database}";
        }
        catch (ArgumentException)
        {
            return "mysql:(connection string not shown)";
        }
    }
}
