using System.Globalization;
using System.Text.RegularExpressions;

namespace QueryAudit.Core.Catalog;

/// <summary>
/// Reads the ISO 8601 forms an approval header uses: date-times with a UTC offset, durations and intervals.
/// </summary>
internal static partial class Iso8601
{
    // Extended format only, and the offset is required: a window without one would mean different instants on a laptop
    // in Tokyo and on a CI runner in UTC.
    private static readonly string[] DateTimeFormats =
    [
        "yyyy-MM-dd'T'HH:mmK",
        "yyyy-MM-dd'T'HH:mm:ssK",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
    ];

    /// <summary>Reads <c>2026-12-04T09:00+09:00</c> (seconds and fractions optional, <c>Z</c> allowed); returns an error text on failure.</summary>
    public static DateTimeOffset? ParseDateTime(string text, string what, out string? error)
    {
        string trimmed = text.Trim();
        if (!OffsetPattern().IsMatch(trimmed))
        {
            error = DateTimeOffset.TryParse(trimmed, CultureInfo.InvariantCulture, DateTimeStyles.None, out _)
                ? $"{what} '{trimmed}' has no UTC offset; add one, for example {trimmed}+09:00 or {trimmed}Z"
                : $"{what} '{trimmed}' is not an ISO 8601 date-time such as 2026-12-04T09:00+09:00";
            return null;
        }

        if (!DateTimeOffset.TryParseExact(trimmed, DateTimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out DateTimeOffset value))
        {
            error = $"{what} '{trimmed}' is not an ISO 8601 date-time such as 2026-12-04T09:00+09:00";
            return null;
        }

        error = null;
        return value;
    }

    /// <summary>
    /// Reads a duration in weeks, days, hours, minutes and seconds (<c>P1D</c>, <c>PT9H30M</c>, <c>P1W</c>). Years and
    /// months are rejected because their length depends on the calendar.
    /// </summary>
    public static TimeSpan? ParseDuration(string text)
    {
        Match match = DurationPattern().Match(text.Trim());
        if (!match.Success || text.Trim() is "P" or "PT" || text.TrimEnd().EndsWith('T'))
        {
            return null;
        }

        try
        {
            checked
            {
                long seconds = Part(match, "weeks") * 7 * 86400 + Part(match, "days") * 86400 + Part(match, "hours") * 3600
                    + Part(match, "minutes") * 60 + Part(match, "seconds");
                return TimeSpan.FromSeconds(seconds);
            }
        }
        catch (OverflowException)
        {
            return null;
        }
    }

    /// <summary>
    /// Reads an interval as <c>start/end</c>, <c>start/duration</c> or <c>duration/end</c>. Inverted or empty intervals are
    /// returned as read so that the caller can name the problem.
    /// </summary>
    public static (DateTimeOffset Start, DateTimeOffset End)? ParseInterval(string text, out string? error)
    {
        string[] sides = text.Trim().Split('/');
        if (sides.Length != 2)
        {
            error = $"window '{text.Trim()}' must be an ISO 8601 interval start/end, for example 2026-12-04T09:00+09:00/2026-12-04T18:00+09:00";
            return null;
        }

        bool startIsDuration = sides[0].StartsWith('P');
        bool endIsDuration = sides[1].StartsWith('P');
        if (startIsDuration && endIsDuration)
        {
            error = $"window '{text.Trim()}' gives two durations; give a start or an end date-time";
            return null;
        }

        if (endIsDuration || startIsDuration)
        {
            string durationText = endIsDuration ? sides[1] : sides[0];
            TimeSpan? duration = ParseDuration(durationText);
            if (duration is null)
            {
                error = $"window duration '{durationText}' is not an ISO 8601 duration in weeks, days, hours, minutes or seconds, such as PT9H";
                return null;
            }

            DateTimeOffset? anchor = ParseDateTime(endIsDuration ? sides[0] : sides[1], endIsDuration ? "window start" : "window end", out error);
            if (anchor is null)
            {
                return null;
            }

            return endIsDuration ? (anchor.Value, anchor.Value + duration.Value) : (anchor.Value - duration.Value, anchor.Value);
        }

        DateTimeOffset? start = ParseDateTime(sides[0], "window start", out error);
        if (start is null)
        {
            return null;
        }

        DateTimeOffset? end = ParseDateTime(sides[1], "window end", out error);
        if (end is null)
        {
            return null;
        }

        return (start.Value, end.Value);
    }

    private static long Part(Match match, string name) =>
        match.Groups[name].Success ? long.Parse(match.Groups[name].Value, NumberStyles.None, CultureInfo.InvariantCulture) : 0;

    [GeneratedRegex(@"(Z|[+-][0-9]{2}:[0-9]{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex OffsetPattern();

    [GeneratedRegex(@"^P(?:(?<weeks>[0-9]+)W)?(?:(?<days>[0-9]+)D)?(?:T(?:(?<hours>[0-9]+)H)?(?:(?<minutes>[0-9]+)M)?(?:(?<seconds>[0-9]+)S)?)?$", RegexOptions.CultureInvariant)]
    private static partial Regex DurationPattern();
}
