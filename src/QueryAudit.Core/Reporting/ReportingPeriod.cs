using System.Globalization;

namespace QueryAudit.Core.Reporting;

/// <summary>
/// The interval a report covers: a calendar month in a time zone, or two instants.
/// </summary>
/// <param name="Start">Inclusive start, UTC.</param>
/// <param name="End">Exclusive end, UTC.</param>
/// <param name="Label"><c>2026-12</c> for a month, else <c>START/END</c> in ISO 8601.</param>
/// <param name="TimeZoneId">IANA time zone in which the period is defined and times are shown.</param>
public sealed record ReportingPeriod(DateTimeOffset Start, DateTimeOffset End, string Label, string TimeZoneId)
{
    /// <summary>
    /// The calendar month <paramref name="month"/> (<c>YYYY-MM</c>) in the time zone: from local midnight of the 1st
    /// to local midnight of the 1st of the next month, so 2026-11-30T15:30Z is in December in Asia/Tokyo.
    /// </summary>
    public static ReportingPeriod Month(string month, string timeZoneId)
    {
        ArgumentNullException.ThrowIfNull(month);
        if (!DateTime.TryParseExact(month, "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateTime first))
        {
            throw new FormatException($"Invalid period '{month}': write the month as YYYY-MM, e.g. 2026-12.");
        }

        TimeZoneInfo zone = FindZone(timeZoneId);
        DateTimeOffset start = LocalToUtc(first, zone);
        DateTimeOffset end = LocalToUtc(first.AddMonths(1), zone);
        return new ReportingPeriod(start, end, month, timeZoneId);
    }

    /// <summary>
    /// The interval between two instants. Each is ISO 8601; one without an offset is local time in the time zone.
    /// </summary>
    public static ReportingPeriod Between(string from, string to, string timeZoneId)
    {
        TimeZoneInfo zone = FindZone(timeZoneId);
        DateTimeOffset start = ParseInstant(from, zone, "--from");
        DateTimeOffset end = ParseInstant(to, zone, "--to");
        if (end <= start)
        {
            throw new FormatException($"Invalid period: --to {to} is not after --from {from}.");
        }

        string label = $"{Iso(start)}/{Iso(end)}";
        return new ReportingPeriod(start, end, label, timeZoneId);
    }

    /// <summary>Finds a time zone by IANA id; an unknown id raises an error that names the expected form.</summary>
    public static TimeZoneInfo FindZone(string timeZoneId)
    {
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(timeZoneId, out TimeZoneInfo? zone))
        {
            throw new FormatException($"Unknown time zone '{timeZoneId}': use an IANA id such as Asia/Tokyo or UTC (the tzdata package must be installed).");
        }

        return zone;
    }

    /// <summary>Tells whether an instant falls inside the period.</summary>
    public bool Contains(DateTimeOffset at) => at >= Start && at < End;

    private static DateTimeOffset ParseInstant(string text, TimeZoneInfo zone, string option)
    {
        const DateTimeStyles styles = DateTimeStyles.AllowWhiteSpaces;
        bool hasOffset = text.EndsWith('Z') || text.EndsWith('z') || HasNumericOffset(text);
        if (hasOffset && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, styles, out DateTimeOffset instant))
        {
            return instant.ToUniversalTime();
        }

        if (!hasOffset && DateTime.TryParse(text, CultureInfo.InvariantCulture, styles, out DateTime local))
        {
            return LocalToUtc(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), zone);
        }

        throw new FormatException($"Invalid {option} '{text}': write an ISO 8601 instant such as 2026-12-04T19:51:13Z or 2026-12-05T04:51:13+09:00.");
    }

    private static bool HasNumericOffset(string text)
    {
        int t = text.IndexOf('T', StringComparison.OrdinalIgnoreCase);
        if (t < 0)
        {
            return false;
        }

        string time = text[t..];
        return time.Contains('+', StringComparison.Ordinal) || time.Contains('-', StringComparison.Ordinal);
    }

    private static DateTimeOffset LocalToUtc(DateTime local, TimeZoneInfo zone)
    {
        DateTime unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);

        // A local midnight skipped by a daylight-saving jump does not exist; take the first valid instant after it.
        while (zone.IsInvalidTime(unspecified))
        {
            unspecified = unspecified.AddMinutes(1);
        }

        return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(unspecified, zone), TimeSpan.Zero);
    }

    private static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
