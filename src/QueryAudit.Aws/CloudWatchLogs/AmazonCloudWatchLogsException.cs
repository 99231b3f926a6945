using System.Net;
using Amazon.Runtime;

namespace QueryAudit.Aws.CloudWatchLogs;

/// <summary>
/// An error reply from CloudWatch Logs, named as in AWSSDK.CloudWatchLogs so callers can switch to the SDK.
/// </summary>
/// <remarks><see cref="AmazonServiceException.ErrorCode"/> contains the short code, e.g. <c>ThrottlingException</c>.</remarks>
public class AmazonCloudWatchLogsException : AmazonServiceException
{
    public AmazonCloudWatchLogsException()
    {
    }

    public AmazonCloudWatchLogsException(string message)
        : base(message)
    {
    }

    public AmazonCloudWatchLogsException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for an error reply.</summary>
    public AmazonCloudWatchLogsException(string message, Exception? innerException, ErrorType errorType, string errorCode, string? requestId, HttpStatusCode statusCode)
        : base(message, innerException, errorType, errorCode, requestId, statusCode)
    {
    }
}
