namespace QueryAudit.Core.Audit;

/// <summary>
/// Parsing of the two timestamp forms of audit lines.
/// </summary>
internal static class AuditTimestamp
{
    /// <summary>Length of an Aurora epoch-microsecond timestamp, which has 16 digits from 2001 to 2286.</summary>
    public const int EpochMicrosecondsLength = 16;

    /// <summary>Length of <c>YYYYMMDD HH:MM:SS</c>.</summary>
    public const int LocalDateTimeLength = 17;

    public static bool IsEpochMicroseconds(ReadOnlySpan<byte> field) =>
        field.Length == EpochMicrosecondsLength && AllDigits(field);

    public static bool IsLocalDateTime(ReadOnlySpan<byte> field) =>
        field.Length == LocalDateTimeLength
        && AllDigits(field[..8])
        && field[8] == (byte)' '
        && AllDigits(field.Slice(9, 2))
        && field[11] == (byte)':'
        && AllDigits(field.Slice(12, 2))
        && field[14] == (byte)':'
        && AllDigits(field.Slice(15, 2));

    /// <summary>Converts 16 digits of microseconds since the Unix epoch (UTC).</summary>
    public static DateTimeOffset FromEpochMicroseconds(ReadOnlySpan<byte> field)
    {
        long microseconds = 0;
        foreach (byte digit in field)
        {
            microseconds = (microseconds * 10) + (digit - '0');
        }

        return DateTimeOffset.UnixEpoch.AddTicks(microseconds * TimeSpan.TicksPerMicrosecond);
    }

    /// <summary>
    /// Reads the calendar fields of <c>YYYYMMDD HH:MM:SS</c>. Returns false when a field is out of range (month 13,
    /// hour 24) or the year is outside 1970..9998, which keeps the later conversion to UTC in range.
    /// </summary>
    public static bool TryReadLocalDateTime(ReadOnlySpan<byte> field, out DateTime value)
    {
        int year = Number(field[..4]);
        int month = Number(field.Slice(4, 2));
        int day = Number(field.Slice(6, 2));
        int hour = Number(field.Slice(9, 2));
        int minute = Number(field.Slice(12, 2));
        int second = Number(field.Slice(15, 2));
        value = default;
        if (year is < 1970 or > 9998 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)
            || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        value = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified);
        return true;
    }

    /// <summary>
    /// Converts a wall-clock time in <paramref name="zone"/> to UTC. A time inside a daylight-saving gap gets the
    /// zone's base offset; a time inside an overlap gets the standard-time offset (what <see cref="TimeZoneInfo.GetUtcOffset(DateTime)"/> returns).
    /// </summary>
    public static DateTimeOffset LocalToUtc(DateTime local, TimeZoneInfo zone)
    {
        TimeSpan offset = zone == TimeZoneInfo.Utc ? TimeSpan.Zero : zone.GetUtcOffset(local);
        return new DateTimeOffset(local.Ticks - offset.Ticks, TimeSpan.Zero);
    }

    private static bool AllDigits(ReadOnlySpan<byte> span)
    {
        foreach (byte b in span)
        {
            if ((uint)(b - '0') > 9)
            {
                return false;
            }
        }

        return true;
    }

    private static int Number(ReadOnlySpan<byte> digits)
    {
        int value = 0;
        foreach (byte digit in digits)
        {
            value = (value * 10) + (digit - '0');
        }

        return value;
    }
}
