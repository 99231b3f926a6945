using System.Text.Json.Serialization;

namespace QueryAudit.Aws.CloudWatchLogs;

/// <summary>
/// The body of a JSON 1.1 error reply: <c>{"__type": "[namespace#]Code", "message": "..."}</c>.
/// The member is <c>message</c> or <c>Message</c>; names are matched without regard to case.
/// </summary>
public sealed class ErrorResponse
{
    [JsonPropertyName("__type")]
    public string? Type { get; set; }

    public string? Message { get; set; }
}
