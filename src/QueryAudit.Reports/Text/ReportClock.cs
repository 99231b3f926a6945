using System.Globalization;

namespace QueryAudit.Reports.Text;

/// <summary>
/// Shows UTC instants in the report's time zone, with the date formats of the report language.
/// </summary>
internal sealed class ReportClock
{
    private readonly ReportText text;

    public ReportClock(string timeZoneId, ReportText text)
    {
        this.text = text;
        try
        {
            TimeZone = TimeZoneInfo.FindSystemTimeZoneById(timeZoneId);
        }
        catch (Exception exception) when (exception is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            throw new ArgumentException($"The report time zone '{timeZoneId}' is not known to this system; use an IANA id such as Asia/Tokyo, and check that tzdata is installed.", nameof(timeZoneId), exception);
        }
    }

    public TimeZoneInfo TimeZone { get; }

    public DateTimeOffset ToLocal(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, TimeZone);

    /// <summary>Formats date and time to the second, e.g. <c>2026-12-04 19:52:09</c>.</summary>
    public string DateTime(DateTimeOffset instant) => Format(instant, "format.datetime");

    /// <summary>Formats date and time to the minute.</summary>
    public string DateTimeMinutes(DateTimeOffset instant) => Format(instant, "format.datetime_minutes");

    public string Date(DateTimeOffset instant) => Format(instant, "format.date");

    /// <summary>Formats a calendar day, which is already in the report's time zone.</summary>
    public string Date(DateOnly day) => day.ToString(text["format.date"], CultureInfo.InvariantCulture);

    public string LongDate(DateTimeOffset instant) => Format(instant, "format.long_date");

    public string Month(DateTimeOffset instant) => Format(instant, "format.month");

    /// <summary>Returns the local calendar day of an instant, as a date.</summary>
    public DateOnly Day(DateTimeOffset instant) => DateOnly.FromDateTime(ToLocal(instant).DateTime);

    /// <summary>Formats the zone and its offset at <paramref name="instant"/>, e.g. <c>Asia/Tokyo (UTC+09:00)</c>.</summary>
    public string ZoneLabel(DateTimeOffset instant)
    {
        TimeSpan offset = TimeZone.GetUtcOffset(instant);
        string sign = offset < TimeSpan.Zero ? "-" : "+";
        return string.Create(CultureInfo.InvariantCulture, $"{TimeZone.Id} (UTC{sign}{offset.Duration():hh\\:mm})");
    }

    /// <summary>
    /// Describes the period: the month name when it is exactly one calendar month in the report's time zone
    /// (<c>December 2026</c>, <c>2026年12月</c>), its first and last local day when it starts and ends at local
    /// midnight, else its local start and (exclusive) end to the second, e.g. <c>5 December 2026, 04:51:13 to 05:01:13</c>.
    /// </summary>
    public string PeriodName(DateTimeOffset start, DateTimeOffset end)
    {
        DateTimeOffset localStart = ToLocal(start);
        DateTimeOffset localEnd = ToLocal(end);
        bool wholeMonth = localStart.Day == 1 && localStart.TimeOfDay == TimeSpan.Zero
            && localEnd.TimeOfDay == TimeSpan.Zero && localEnd.Day == 1
            && localStart.AddMonths(1).DateTime == localEnd.DateTime;
        if (wholeMonth)
        {
            return Month(start);
        }

        if (localStart.TimeOfDay == TimeSpan.Zero && localEnd.TimeOfDay == TimeSpan.Zero)
        {
            return text.Format("period.range", LongDate(start), LongDate(end.AddTicks(-1)));
        }

        // A period that does not start and end at midnight is shown with its times, so a ten-minute period does not
        // read as a whole day. Fractions of a second are cut off here and on the cover; report.json gives both instants in full.
        if (localStart.Date == localEnd.Date)
        {
            return text.Format("period.range_same_day", LongDate(start), Format(start, "format.time"), Format(end, "format.time"));
        }

        return text.Format("period.range", Format(start, "format.long_datetime"), Format(end, "format.long_datetime"));
    }

    private string Format(DateTimeOffset instant, string formatKey) =>
        ToLocal(instant).ToString(text[formatKey], CultureInfo.InvariantCulture);
}
