using System.Globalization;

namespace QueryAudit.Core.Policy;

/// <summary>
/// Parses policy durations such as <c>30s</c>, <c>15m</c>, <c>2h</c>, <c>7d</c>.
/// </summary>
public static class DurationParser
{
    /// <summary>Parses a whole number followed by <c>s</c>, <c>m</c>, <c>h</c> or <c>d</c>; returns false for anything else.</summary>
    public static bool TryParse(string text, out TimeSpan duration)
    {
        duration = default;
        string trimmed = text.Trim();
        if (trimmed.Length < 2)
        {
            return false;
        }

        char unit = trimmed[^1];
        if (!long.TryParse(trimmed.AsSpan(0, trimmed.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out long amount))
        {
            return false;
        }

        TimeSpan? parsed = unit switch
        {
            's' => TimeSpan.FromSeconds(amount),
            'm' => TimeSpan.FromMinutes(amount),
            'h' => TimeSpan.FromHours(amount),
            'd' => TimeSpan.FromDays(amount),
            _ => null,
        };
        if (parsed is null)
        {
            return false;
        }

        duration = parsed.Value;
        return true;
    }

    /// <summary>Formats a duration in the largest whole unit, the inverse of <see cref="TryParse"/>.</summary>
    public static string Format(TimeSpan duration)
    {
        if (duration.Ticks % TimeSpan.TicksPerDay == 0)
        {
            return FormattableString.Invariant($"{duration.Ticks / TimeSpan.TicksPerDay}d");
        }

        if (duration.Ticks % TimeSpan.TicksPerHour == 0)
        {
            return FormattableString.Invariant($"{duration.Ticks / TimeSpan.TicksPerHour}h");
        }

        if (duration.Ticks % TimeSpan.TicksPerMinute == 0)
        {
            return FormattableString.Invariant($"{duration.Ticks / TimeSpan.TicksPerMinute}m");
        }

        return FormattableString.Invariant($"{(long)duration.TotalSeconds}s");
    }
}
