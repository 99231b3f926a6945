using System.Net;
using Amazon.Runtime;

namespace QueryAudit.Aws.CloudWatchLogs;

/// <summary>
/// The log group or log stream named in the request does not exist.
/// </summary>
public class ResourceNotFoundException : AmazonCloudWatchLogsException
{
    public ResourceNotFoundException()
    {
    }

    public ResourceNotFoundException(string message)
        : base(message)
    {
    }

    public ResourceNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for an error reply.</summary>
    public ResourceNotFoundException(string message, string? requestId, HttpStatusCode statusCode)
        : base(message, null, ErrorType.Sender, "ResourceNotFoundException", requestId, statusCode)
    {
    }
}
