using System.Globalization;
using System.Text;
using System.Text.Json;

namespace QueryAudit.Aws.Tests.Fakes;

/// <summary>
/// The four operations of <see cref="FakeCloudWatchLogsServer"/>, with the validation and
/// paging rules of the CloudWatch Logs API reference.
/// </summary>
public sealed partial class FakeCloudWatchLogsServer
{
    private static readonly Comparer<FakeLogEvent> ReadingOrder = Comparer<FakeLogEvent>.Create(FakeLogStore.CompareForReading);

    private int _filterPages;

    private byte[] FilterLogEvents(JsonElement request)
    {
        string group = RequireGroup(request);
        List<string>? streams = StringArray(request, "logStreamNames");
        string? prefix = String(request, "logStreamNamePrefix");
        if (streams is not null && prefix is not null)
        {
            throw InvalidParameter("logStreamNames and logStreamNamePrefix are mutually exclusive.");
        }

        if (streams is { Count: 0 or > 100 })
        {
            throw InvalidParameter("logStreamNames must hold 1 to 100 names.");
        }

        int limit = Limit(request, 10_000);
        string? pattern = String(request, "filterPattern");
        if (pattern is { Length: > 1024 })
        {
            throw InvalidParameter("filterPattern is longer than 1024 characters.");
        }

        long start = Long(request, "startTime") ?? long.MinValue;
        long end = Long(request, "endTime") ?? long.MaxValue;
        FakeLogEvent? cursor = String(request, "nextToken") is { } token ? DecodeCursor(token, "f") : null;

        List<FakeLogEvent> events;
        try
        {
            // FilterLogEvents returns events with startTime <= timestamp <= endTime (API reference).
            // Events before the cursor's timestamp were returned already, so the lookup starts there.
            events = Store.VisibleEvents(group, streams, prefix, Math.Max(start, cursor?.Timestamp ?? long.MinValue), end, NowMs)
                ?? throw new FakeServiceException(400, "ResourceNotFoundException", "The specified log group does not exist.");
        }
        catch (KeyNotFoundException)
        {
            throw new FakeServiceException(400, "ResourceNotFoundException", "The specified log stream does not exist.");
        }

        if (pattern is not null)
        {
            FakeFilterPattern matcher = FakeFilterPattern.Parse(pattern);
            events = [.. events.Where(e => matcher.IsMatch(e.Message))];
        }

        int first = cursor is null ? 0 : CountUpTo(events, cursor);

        List<FakeLogEvent> page = first < events.Count && IsEmptyPageTurn() ? [] : TakePage(events, first, limit);
        int consumed = first + page.Count;
        string? nextToken = null;
        if (consumed < events.Count)
        {
            FakeLogEvent? next = page.Count > RepeatedEventsPerPage ? page[page.Count - 1 - RepeatedEventsPerPage]
                : page.Count > 0 ? page[^1]
                : cursor;
            nextToken = EncodeCursor("f", next);
        }

        IEnumerable<string> searched = streams ?? Store.Streams(group, NowMs)!.Select(s => s.Name).Where(n => prefix is null || n.StartsWith(prefix, StringComparison.Ordinal));
        return WriteJson(w =>
        {
            w.WriteStartArray("events");
            foreach (FakeLogEvent e in page)
            {
                w.WriteStartObject();
                w.WriteString("logStreamName", e.LogStreamName);
                w.WriteNumber("timestamp", e.Timestamp);
                w.WriteString("message", e.Message);
                w.WriteNumber("ingestionTime", e.IngestionTime);
                w.WriteString("eventId", e.EventId);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("searchedLogStreams");
            foreach (string name in searched)
            {
                w.WriteStartObject();
                w.WriteString("logStreamName", name);
                w.WriteBoolean("searchedCompletely", nextToken is null);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            if (nextToken is not null)
            {
                w.WriteString("nextToken", nextToken);
            }
        });
    }

    private byte[] GetLogEvents(JsonElement request)
    {
        string group = RequireGroup(request);
        string stream = String(request, "logStreamName") ?? throw InvalidParameter("logStreamName is required.");
        int limit = Limit(request, 10_000);
        bool startFromHead = request.TryGetProperty("startFromHead", out JsonElement head) && head.GetBoolean();
        long start = Long(request, "startTime") ?? long.MinValue;
        long end = Long(request, "endTime") ?? long.MaxValue;

        List<FakeLogEvent> events;
        try
        {
            // GetLogEvents includes startTime and excludes endTime (API reference).
            events = Store.VisibleEvents(group, [stream], null, start, end == long.MinValue ? end : end - 1, NowMs)
                ?? throw new FakeServiceException(400, "ResourceNotFoundException", "The specified log group does not exist.");
        }
        catch (KeyNotFoundException)
        {
            throw new FakeServiceException(400, "ResourceNotFoundException", "The specified log stream does not exist.");
        }

        string? token = String(request, "nextToken");
        List<FakeLogEvent> page;
        string nextForward;
        string nextBackward;
        if (token is not null && token.StartsWith('b'))
        {
            int stop = CountBefore(events, DecodeCursor(token, "b"));
            page = TakeLastPage(events, stop, limit);
            nextBackward = page.Count == 0 ? token : EncodeCursor("b", page[0]);
            nextForward = page.Count == 0 ? EncodeCursor("f", null) : EncodeCursor("f", page[^1]);
        }
        else if (token is not null || startFromHead)
        {
            int first = token is null ? 0 : CountUpTo(events, DecodeCursor(token, "f"));
            page = TakePage(events, first, limit);
            nextForward = page.Count == 0 ? token ?? EncodeCursor("f", null) : EncodeCursor("f", page[^1]);
            nextBackward = page.Count == 0 ? EncodeCursor("b", null) : EncodeCursor("b", page[0]);
        }
        else
        {
            page = TakeLastPage(events, events.Count, limit);
            nextForward = page.Count == 0 ? EncodeCursor("f", null) : EncodeCursor("f", page[^1]);
            nextBackward = page.Count == 0 ? EncodeCursor("b", null) : EncodeCursor("b", page[0]);
        }

        return WriteJson(w =>
        {
            w.WriteStartArray("events");
            foreach (FakeLogEvent e in page)
            {
                w.WriteStartObject();
                w.WriteNumber("timestamp", e.Timestamp);
                w.WriteString("message", e.Message);
                w.WriteNumber("ingestionTime", e.IngestionTime);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteString("nextForwardToken", nextForward);
            w.WriteString("nextBackwardToken", nextBackward);
        });
    }

    private byte[] DescribeLogStreams(JsonElement request)
    {
        string group = RequireGroup(request);
        string? prefix = String(request, "logStreamNamePrefix");
        string orderBy = String(request, "orderBy") ?? "LogStreamName";
        bool descending = request.TryGetProperty("descending", out JsonElement desc) && desc.GetBoolean();
        int limit = Limit(request, 50);
        if (orderBy is not ("LogStreamName" or "LastEventTime"))
        {
            throw InvalidParameter($"orderBy must be LogStreamName or LastEventTime, not {orderBy}.");
        }

        if (prefix is not null && orderBy == "LastEventTime")
        {
            throw InvalidParameter("Cannot order by LastEventTime with a logStreamNamePrefix.");
        }

        IEnumerable<FakeLogStreamSnapshot> streams = (Store.Streams(group, NowMs)
            ?? throw new FakeServiceException(400, "ResourceNotFoundException", "The specified log group does not exist."))
            .Where(s => prefix is null || s.Name.StartsWith(prefix, StringComparison.Ordinal));
        streams = orderBy == "LastEventTime"
            ? streams.OrderBy(s => s.LastEventTimestamp ?? long.MinValue).ThenBy(s => s.Name, StringComparer.Ordinal)
            : streams.OrderBy(s => s.Name, StringComparer.Ordinal);
        if (descending)
        {
            streams = streams.Reverse();
        }

        List<FakeLogStreamSnapshot> all = [.. streams];
        int offset = OffsetOf(String(request, "nextToken"));
        List<FakeLogStreamSnapshot> page = [.. all.Skip(offset).Take(limit)];
        return WriteJson(w =>
        {
            w.WriteStartArray("logStreams");
            foreach (FakeLogStreamSnapshot s in page)
            {
                w.WriteStartObject();
                w.WriteString("logStreamName", s.Name);
                w.WriteNumber("creationTime", s.CreationTime);
                WriteOptional(w, "firstEventTimestamp", s.FirstEventTimestamp);
                WriteOptional(w, "lastEventTimestamp", s.LastEventTimestamp);
                WriteOptional(w, "lastIngestionTime", s.LastIngestionTime);
                w.WriteString("arn", $"arn:aws:logs:us-east-1:123456789012:log-group:{group}:log-stream:{s.Name}");
                w.WriteNumber("storedBytes", s.StoredBytes);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            if (offset + page.Count < all.Count)
            {
                w.WriteString("nextToken", EncodeOffset(offset + page.Count));
            }
        });
    }

    private byte[] DescribeLogGroups(JsonElement request)
    {
        string? prefix = String(request, "logGroupNamePrefix");
        string? pattern = String(request, "logGroupNamePattern");
        if (prefix is not null && pattern is not null)
        {
            throw InvalidParameter("logGroupNamePrefix and logGroupNamePattern are mutually exclusive.");
        }

        int limit = Limit(request, 50);
        List<FakeLogGroup> all = [.. Store.Groups().Where(g =>
            (prefix is null || g.Name.StartsWith(prefix, StringComparison.Ordinal))
            && (pattern is null || g.Name.Contains(pattern, StringComparison.OrdinalIgnoreCase)))];
        int offset = OffsetOf(String(request, "nextToken"));
        List<FakeLogGroup> page = [.. all.Skip(offset).Take(limit)];
        return WriteJson(w =>
        {
            w.WriteStartArray("logGroups");
            foreach (FakeLogGroup g in page)
            {
                w.WriteStartObject();
                w.WriteString("logGroupName", g.Name);
                w.WriteNumber("creationTime", g.CreationTime);
                w.WriteNumber("metricFilterCount", 0);
                w.WriteString("arn", $"arn:aws:logs:us-east-1:123456789012:log-group:{g.Name}:*");
                w.WriteNumber("storedBytes", 0);
                w.WriteString("logGroupClass", "STANDARD");
                w.WriteEndObject();
            }

            w.WriteEndArray();
            if (offset + page.Count < all.Count)
            {
                w.WriteString("nextToken", EncodeOffset(offset + page.Count));
            }
        });
    }

    private bool IsEmptyPageTurn() => EmptyPageEvery > 0 && Interlocked.Increment(ref _filterPages) % EmptyPageEvery == 0;

    private List<FakeLogEvent> TakePage(List<FakeLogEvent> events, int first, int limit)
    {
        int maxCount = Math.Min(limit, MaxPageEvents);
        List<FakeLogEvent> page = [];
        int bytes = 0;
        for (int i = first; i < events.Count && page.Count < maxCount; i++)
        {
            int size = EventSize(events[i]);
            if (bytes + size > MaxPageBytes && page.Count > 0)
            {
                break;
            }

            page.Add(events[i]);
            bytes += size;
        }

        return page;
    }

    private List<FakeLogEvent> TakeLastPage(List<FakeLogEvent> events, int stop, int limit)
    {
        int maxCount = Math.Min(limit, MaxPageEvents);
        int first = stop;
        int bytes = 0;
        while (first > 0 && stop - first < maxCount)
        {
            int size = EventSize(events[first - 1]);
            if (bytes + size > MaxPageBytes && stop > first)
            {
                break;
            }

            bytes += size;
            first--;
        }

        return events.GetRange(first, stop - first);
    }

    /// <summary>Returns how many events sort at or before <paramref name="cursor"/>.</summary>
    private static int CountUpTo(List<FakeLogEvent> events, FakeLogEvent cursor)
    {
        int index = events.BinarySearch(cursor, ReadingOrder);
        return index >= 0 ? index + 1 : ~index;
    }

    /// <summary>Returns how many events sort before <paramref name="cursor"/>.</summary>
    private static int CountBefore(List<FakeLogEvent> events, FakeLogEvent cursor)
    {
        int index = events.BinarySearch(cursor, ReadingOrder);
        return index >= 0 ? index : ~index;
    }

    /// <summary>Encodes a position as an opaque token: a direction, the sort key and a nonce, in base64.</summary>
    private static string EncodeCursor(string direction, FakeLogEvent? cursor)
    {
        string key = cursor is null
            ? (direction == "f" ? $"{long.MinValue}|{long.MinValue}|" : $"{long.MaxValue}|{long.MaxValue}|~")
            : $"{cursor.Timestamp}|{cursor.IngestionTime}|{cursor.EventId}";
        return direction + "/" + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{key}|{Guid.NewGuid():N}"));
    }

    private static FakeLogEvent DecodeCursor(string token, string direction)
    {
        try
        {
            if (!token.StartsWith(direction + "/", StringComparison.Ordinal))
            {
                throw new FormatException();
            }

            string[] parts = Encoding.UTF8.GetString(Convert.FromBase64String(token[2..])).Split('|');
            return new FakeLogEvent("", long.Parse(parts[0], CultureInfo.InvariantCulture), "", long.Parse(parts[1], CultureInfo.InvariantCulture), parts[2]);
        }
        catch (Exception e) when (e is FormatException or IndexOutOfRangeException)
        {
            throw InvalidParameter("The specified nextToken is invalid.");
        }
    }

    private static string EncodeOffset(int offset) => Convert.ToBase64String(Encoding.UTF8.GetBytes($"offset:{offset}"));

    private static int OffsetOf(string? token)
    {
        if (token is null)
        {
            return 0;
        }

        try
        {
            string text = Encoding.UTF8.GetString(Convert.FromBase64String(token));
            return text.StartsWith("offset:", StringComparison.Ordinal) ? int.Parse(text[7..], CultureInfo.InvariantCulture) : throw new FormatException();
        }
        catch (FormatException)
        {
            throw InvalidParameter("The specified nextToken is invalid.");
        }
    }

    private static string RequireGroup(JsonElement request)
    {
        string? name = String(request, "logGroupName");
        string? identifier = String(request, "logGroupIdentifier");
        if ((name is null) == (identifier is null))
        {
            throw InvalidParameter("Exactly one of logGroupName and logGroupIdentifier must be set.");
        }

        if (identifier is not null && identifier.StartsWith("arn:", StringComparison.Ordinal))
        {
            // arn:aws:logs:REGION:ACCOUNT:log-group:NAME[:*]
            string[] parts = identifier.Split(':');
            return parts.Length >= 7 ? parts[6] : throw InvalidParameter($"Invalid log group ARN {identifier}.");
        }

        return name ?? identifier!;
    }

    private static int Limit(JsonElement request, int max)
    {
        if (!request.TryGetProperty("limit", out JsonElement value))
        {
            return max;
        }

        int limit = value.GetInt32();
        return limit is >= 1 && limit <= max ? limit : throw InvalidParameter($"1 validation error detected: Value '{limit}' at 'limit' failed to satisfy constraint: Member must have value between 1 and {max}.");
    }

    private static string? String(JsonElement request, string name) =>
        request.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static long? Long(JsonElement request, string name) =>
        request.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.Number ? value.GetInt64() : null;

    private static List<string>? StringArray(JsonElement request, string name) =>
        request.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.Array
            ? [.. value.EnumerateArray().Select(v => v.GetString()!)]
            : null;

    private static void WriteOptional(Utf8JsonWriter writer, string name, long? value)
    {
        if (value is { } v)
        {
            writer.WriteNumber(name, v);
        }
    }

    private static FakeServiceException InvalidParameter(string message) => new(400, "InvalidParameterException", message);
}
