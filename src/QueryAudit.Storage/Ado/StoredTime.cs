namespace QueryAudit.Storage.Ado;

/// <summary>
/// Times are stored as BIGINT UTC ticks (100 ns units since 0001-01-01), which keep every digit of a
/// <see cref="DateTimeOffset"/>, sort correctly and read the same in SQLite and MySQL.
/// </summary>
internal static class StoredTime
{
    public static long ToTicks(DateTimeOffset at) => at.UtcTicks;

    public static long? ToTicks(DateTimeOffset? at) => at?.UtcTicks;

    public static DateTimeOffset FromTicks(long ticks) => new(ticks, TimeSpan.Zero);
}
