using System.Net;
using QueryAudit.Aws.CloudWatchLogs;

namespace QueryAudit.Aws.Tests.CloudWatchLogs;

[TestFixture]
public sealed class RetryPolicyTests
{
    [TestCase("ThrottlingException", HttpStatusCode.BadRequest, true)]
    [TestCase("TooManyRequestsException", HttpStatusCode.BadRequest, true)]
    [TestCase("ServiceUnavailableException", HttpStatusCode.ServiceUnavailable, true)]
    [TestCase("InternalFailure", HttpStatusCode.InternalServerError, true)]
    [TestCase("Http502", HttpStatusCode.BadGateway, true)]
    [TestCase("Http504", HttpStatusCode.GatewayTimeout, true)]
    [TestCase("ResourceNotFoundException", HttpStatusCode.BadRequest, false)]
    [TestCase("InvalidParameterException", HttpStatusCode.BadRequest, false)]
    [TestCase("InvalidSignatureException", HttpStatusCode.BadRequest, false)]
    [TestCase("AccessDeniedException", HttpStatusCode.BadRequest, false)]
    public void IsRetryable_ErrorReply_MatchesAwsSdkRules(string code, HttpStatusCode status, bool expected)
    {
        Assert.That(RetryPolicy.IsRetryable(code, status), Is.EqualTo(expected));
    }

    [TestCase(1, 0.5, 100)]
    [TestCase(2, 0.5, 200)]
    [TestCase(3, 0.5, 400)]
    [TestCase(3, 0.0, 0)]
    [TestCase(10, 0.5, 10_000)]
    [TestCase(200, 0.999, 19_980)]
    public void ComputeDelay_Retry_IsJitteredShareOfCappedExponential(int retry, double jitter, int expectedMs)
    {
        TimeSpan delay = RetryPolicy.ComputeDelay(retry, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(20), jitter);

        Assert.That(delay.TotalMilliseconds, Is.EqualTo(expectedMs).Within(0.001));
    }

    [TestCase("ThrottlingException", "ThrottlingException")]
    [TestCase("com.amazonaws.logs#ResourceNotFoundException", "ResourceNotFoundException")]
    [TestCase("ResourceNotFoundException:http://internal.amazon.com/coral/com.amazonaws.logs/", "ResourceNotFoundException")]
    [TestCase("aws.protocoltests#ThrottlingException:", "ThrottlingException")]
    [TestCase("", null)]
    [TestCase(null, null)]
    public void ErrorCodeOf_TypeMember_CutsNamespaceAndSuffix(string? type, string? expected)
    {
        Assert.That(CloudWatchLogsClient.ErrorCodeOf(type), Is.EqualTo(expected));
    }
}
