namespace QueryAudit.Aws.Tests.Fakes;

/// <summary>
/// One event held by <see cref="FakeLogStore"/>. Times are epoch milliseconds; the event is
/// visible to readers only once the fake's clock has reached <see cref="IngestionTime"/>.
/// </summary>
public sealed record FakeLogEvent(string LogStreamName, long Timestamp, string Message, long IngestionTime, string EventId);
