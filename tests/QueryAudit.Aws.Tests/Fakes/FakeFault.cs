namespace QueryAudit.Aws.Tests.Fakes;

/// <summary>
/// A failure <see cref="FakeCloudWatchLogsServer"/> can inject into one request.
/// </summary>
public enum FakeFault
{
    /// <summary>Answer normally.</summary>
    None,

    /// <summary>HTTP 400 <c>ThrottlingException: Rate exceeded</c>.</summary>
    Throttle,

    /// <summary>HTTP 500 <c>InternalFailure</c>.</summary>
    InternalError,

    /// <summary>HTTP 503 <c>ServiceUnavailableException</c>.</summary>
    ServiceUnavailable,

    /// <summary>Close the connection without a reply.</summary>
    DropConnection,

    /// <summary>Send the headers and half the body, then close the connection.</summary>
    DropMidReply,

    /// <summary>Wait <see cref="FakeCloudWatchLogsServer.SlowReplyDelay"/> before answering.</summary>
    SlowReply,
}
