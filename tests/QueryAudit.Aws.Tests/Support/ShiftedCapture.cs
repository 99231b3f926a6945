using System.Globalization;

namespace QueryAudit.Aws.Tests.Support;

/// <summary>
/// The capture split into instance streams and moved 61 days back, into October 2026, so that a monthly report over
/// it covers a closed month: a CloudWatch read of a month ends only once the month is in the past.
/// </summary>
public static class ShiftedCapture
{
    /// <summary>The month (Asia/Tokyo) that contains the moved capture.</summary>
    public const string Month = "2026-10";

    private static readonly long ShiftMicroseconds = (long)TimeSpan.FromDays(61).TotalMicroseconds;

    /// <summary>Returns the lines of each stream with their timestamp field moved back.</summary>
    public static List<string>[] ByConnection(int streamCount) =>
        [.. AuroraCapture.ByConnection(streamCount).Select(lines => lines.Select(Shift).ToList())];

    /// <summary>Writes each stream as <c>FOLDER/STREAM.audit.log</c>, for reconcile over files.</summary>
    public static async Task WriteFilesAsync(string folder, IReadOnlyList<List<string>> streams, string cluster)
    {
        ArgumentNullException.ThrowIfNull(streams);
        Directory.CreateDirectory(folder);
        for (int s = 0; s < streams.Count; s++)
        {
            await File.WriteAllLinesAsync(Path.Combine(folder, $"{cluster}-instance-{s + 1}.audit.log"), streams[s]);
        }
    }

    private static string Shift(string line)
    {
        int comma = line.IndexOf(',', StringComparison.Ordinal);
        long micros = long.Parse(line.AsSpan(0, comma), CultureInfo.InvariantCulture) - ShiftMicroseconds;
        return micros.ToString(CultureInfo.InvariantCulture) + line[comma..];
    }
}
