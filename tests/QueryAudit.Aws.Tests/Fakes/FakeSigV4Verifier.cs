using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using QueryAudit.Aws.Signing;

namespace QueryAudit.Aws.Tests.Fakes;

/// <summary>
/// Checks the SigV4 <c>Authorization</c> header of a request the way AWS does: the canonical
/// request is rebuilt from what arrived, and the signature is recomputed with the secret.
/// </summary>
internal static partial class FakeSigV4Verifier
{
    /// <summary>AWS accepts signing times up to 15 minutes from its own clock.</summary>
    private static readonly TimeSpan AllowedSkew = TimeSpan.FromMinutes(15);

    /// <summary>Returns null when the signature is valid, else the AWS error code and message.</summary>
    public static (string Code, string Message)? Verify(HttpRequest request, byte[] body, IReadOnlyDictionary<string, string> secrets, string service, DateTimeOffset now)
    {
        string? authorization = request.Headers.Authorization;
        if (string.IsNullOrEmpty(authorization))
        {
            return ("MissingAuthenticationTokenException", "Missing Authentication Token");
        }

        Match match = AuthorizationPattern().Match(authorization);
        if (!match.Success)
        {
            return ("IncompleteSignatureException", $"Authorization header is malformed: {authorization}");
        }

        string accessKey = match.Groups["key"].Value;
        string date = match.Groups["date"].Value;
        string region = match.Groups["region"].Value;
        string[] signedHeaders = match.Groups["signed"].Value.Split(';');
        if (!secrets.TryGetValue(accessKey, out string? secret))
        {
            return ("UnrecognizedClientException", "The security token included in the request is invalid.");
        }

        if (match.Groups["service"].Value != service)
        {
            return ("InvalidSignatureException", $"Credential should be scoped to correct service: '{service}'.");
        }

        if (!signedHeaders.Contains("host") || !signedHeaders.Contains("x-amz-date"))
        {
            return ("InvalidSignatureException", "Host and X-Amz-Date must be signed.");
        }

        string? amzDate = request.Headers["X-Amz-Date"];
        if (!DateTimeOffset.TryParseExact(amzDate, SigV4Signer.DateTimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset signedAt)
            || !amzDate.StartsWith(date, StringComparison.Ordinal))
        {
            return ("IncompleteSignatureException", $"X-Amz-Date '{amzDate}' is invalid or does not match the credential date {date}.");
        }

        if ((now - signedAt).Duration() > AllowedSkew)
        {
            return ("InvalidSignatureException", $"Signature expired: {amzDate} is now earlier or later than {SigV4Signer.FormatDateTime(now)} by more than 15 minutes.");
        }

        string payloadHash = SigV4Signer.HashHex(body);
        string? declaredHash = request.Headers["x-amz-content-sha256"];
        if (!string.IsNullOrEmpty(declaredHash) && declaredHash != payloadHash)
        {
            return ("InvalidSignatureException", "x-amz-content-sha256 does not match the body.");
        }

        List<KeyValuePair<string, string>> headers = [];
        foreach (string name in signedHeaders)
        {
            string? value = request.Headers[name];
            headers.Add(new(name, value ?? ""));
        }

        SigV4Signer signer = new(region, service);
        string canonical = SigV4Signer.CreateCanonicalRequest(request.Method, request.Path.Value ?? "/", request.QueryString.Value?.TrimStart('?') ?? "", headers, payloadHash, out _);
        string expected = signer.ComputeSignature(secret, signedAt, signer.CreateStringToSign(signedAt, canonical));

        byte[] expectedBytes = Encoding.ASCII.GetBytes(expected);
        byte[] actualBytes = Encoding.ASCII.GetBytes(match.Groups["signature"].Value);
        if (!CryptographicOperations.FixedTimeEquals(expectedBytes, actualBytes))
        {
            return ("InvalidSignatureException",
                "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.");
        }

        return null;
    }

    [GeneratedRegex(@"^AWS4-HMAC-SHA256 Credential=(?<key>[^/]+)/(?<date>\d{8})/(?<region>[^/]+)/(?<service>[^/]+)/aws4_request,\s*SignedHeaders=(?<signed>[a-z0-9;\-]+),\s*Signature=(?<signature>[0-9a-f]{64})$")]
    private static partial Regex AuthorizationPattern();
}
