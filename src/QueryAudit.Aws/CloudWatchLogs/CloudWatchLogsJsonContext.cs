using System.Text.Json.Serialization;
using QueryAudit.Aws.CloudWatchLogs.Model;

namespace QueryAudit.Aws.CloudWatchLogs;

/// <summary>
/// Source-generated JSON metadata for the CloudWatch Logs JSON 1.1 protocol: camelCase member
/// names, null members omitted, unknown response members ignored (AWS adds new ones).
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    PropertyNameCaseInsensitive = true)]
[JsonSerializable(typeof(FilterLogEventsRequest))]
[JsonSerializable(typeof(FilterLogEventsResponse))]
[JsonSerializable(typeof(GetLogEventsRequest))]
[JsonSerializable(typeof(GetLogEventsResponse))]
[JsonSerializable(typeof(DescribeLogStreamsRequest))]
[JsonSerializable(typeof(DescribeLogStreamsResponse))]
[JsonSerializable(typeof(DescribeLogGroupsRequest))]
[JsonSerializable(typeof(DescribeLogGroupsResponse))]
[JsonSerializable(typeof(ErrorResponse))]
public sealed partial class CloudWatchLogsJsonContext : JsonSerializerContext;
