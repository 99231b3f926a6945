using System.Globalization;
using System.IO.Compression;
using System.Text;
using QueryAudit.Aws.Tests.Fakes;

namespace QueryAudit.Aws.Tests.Support;

/// <summary>
/// The real Aurora capture in sql-fixtures, read directly, and helpers to load it into the
/// fake CloudWatch Logs server as several instance streams.
/// </summary>
public static class AuroraCapture
{
    /// <summary>The log group the capture is loaded into.</summary>
    public const string Group = "/aws/rds/cluster/billing-prod/audit";

    private static readonly Lazy<IReadOnlyList<string>> CachedLines = new(ReadLines);

    /// <summary>
    /// Every line of the capture, in file order, decoded as UTF-8 with invalid bytes replaced
    /// by U+FFFD. A CloudWatch Logs message is a JSON string and cannot carry invalid bytes, and
    /// one line of the capture is cut inside a multi-byte character.
    /// </summary>
    public static IReadOnlyList<string> Lines => CachedLines.Value;

    /// <summary>The event time of a line in epoch milliseconds: its epoch-microsecond timestamp field, cut to milliseconds.</summary>
    public static long TimestampMs(string line) =>
        long.Parse(line.AsSpan(0, line.IndexOf(',', StringComparison.Ordinal)), CultureInfo.InvariantCulture) / 1000;

    /// <summary>
    /// Loads the capture into <paramref name="store"/> as <paramref name="streamCount"/> streams
    /// (line i goes to stream i mod N). Most events are ingested 0 to 20 seconds after their
    /// timestamp; every <paramref name="lateEvery"/>th line is ingested <paramref name="lateDelay"/> after it.
    /// </summary>
    /// <returns>The names of the streams.</returns>
    public static IReadOnlyList<string> LoadInto(FakeLogStore store, int streamCount, int lateEvery = 0, TimeSpan lateDelay = default)
    {
        ArgumentNullException.ThrowIfNull(store);

        string[] streams = [.. Enumerable.Range(1, streamCount).Select(i => $"billing-prod-instance-{i}")];
        List<(long, string, long)>[] events = [.. streams.Select(_ => new List<(long, string, long)>())];
        for (int i = 0; i < Lines.Count; i++)
        {
            long timestamp = TimestampMs(Lines[i]);
            bool late = lateEvery > 0 && i % lateEvery == lateEvery - 1;
            long ingestion = timestamp + (late ? (long)lateDelay.TotalMilliseconds : (i * 7919L) % 20_000);
            events[i % streamCount].Add((timestamp, Lines[i], ingestion));
        }

        for (int s = 0; s < streamCount; s++)
        {
            store.PutLogEvents(Group, streams[s], events[s]);
        }

        return streams;
    }

    /// <summary>
    /// Splits the capture into <paramref name="streamCount"/> instance streams by connection id, so that a connection's
    /// records stay on one instance as on a real cluster. The capture was written by MariaDB with whole-second times;
    /// Aurora writes microseconds, so each line gets its own microsecond within its second, in file order.
    /// </summary>
    public static List<string>[] ByConnection(int streamCount)
    {
        List<string>[] perStream = [.. Enumerable.Range(0, streamCount).Select(_ => new List<string>())];
        long previousSecond = -1;
        int withinSecond = 0;
        foreach (string line in Lines)
        {
            string[] fields = line.Split(',', 6);
            long micros = long.Parse(fields[0], CultureInfo.InvariantCulture);
            long second = micros / 1_000_000;
            withinSecond = second == previousSecond ? withinSecond + 1 : 0;
            previousSecond = second;
            string stamped = (micros + withinSecond).ToString(CultureInfo.InvariantCulture) + line[fields[0].Length..];
            long connection = long.Parse(fields[4], CultureInfo.InvariantCulture);
            perStream[connection % streamCount].Add(stamped);
        }

        return perStream;
    }

    /// <summary>Counts each distinct line, for comparing what a source delivered with the file as a multiset.</summary>
    public static Dictionary<string, int> Multiset(IEnumerable<string> lines)
    {
        Dictionary<string, int> counts = new(StringComparer.Ordinal);
        foreach (string line in lines)
        {
            counts[line] = counts.GetValueOrDefault(line) + 1;
        }

        return counts;
    }

    private static List<string> ReadLines()
    {
        using FileStream file = File.OpenRead(RepositoryPaths.AuroraCapture);
        using GZipStream gzip = new(file, CompressionMode.Decompress);
        using StreamReader reader = new(gzip, new UTF8Encoding(false, false));
        List<string> lines = [];
        while (reader.ReadLine() is { } line)
        {
            lines.Add(line);
        }

        return lines;
    }
}
