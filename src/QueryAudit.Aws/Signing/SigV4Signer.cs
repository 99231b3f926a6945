using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Amazon.Runtime;

namespace QueryAudit.Aws.Signing;

/// <summary>
/// AWS Signature Version 4 signer for requests to one service in one Region.
/// </summary>
/// <remarks>
/// Follows the published SigV4 algorithm: canonical request, string to sign, a signing key
/// derived from the secret, the date, the Region and the service, and an <c>Authorization</c>
/// header. Paths are encoded once and not normalised (no removal of <c>.</c> or <c>..</c>
/// segments), which is right for the JSON protocols that always post to <c>/</c>.
/// </remarks>
public sealed class SigV4Signer
{
    /// <summary>The algorithm name written in the string to sign and the <c>Authorization</c> header.</summary>
    public const string Algorithm = "AWS4-HMAC-SHA256";

    /// <summary>The <c>X-Amz-Date</c> layout: basic ISO 8601 in UTC.</summary>
    public const string DateTimeFormat = "yyyyMMdd'T'HHmmss'Z'";

    private const string DateFormat = "yyyyMMdd";
    private const string Terminator = "aws4_request";

    /// <summary>Creates a signer for <paramref name="service"/> (the signing name, e.g. <c>logs</c>) in <paramref name="region"/>.</summary>
    public SigV4Signer(string region, string service)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(region);
        ArgumentException.ThrowIfNullOrWhiteSpace(service);
        Region = region;
        Service = service;
    }

    /// <summary>The Region in the credential scope, e.g. <c>us-east-1</c>.</summary>
    public string Region { get; }

    /// <summary>The signing name of the service in the credential scope, e.g. <c>logs</c>.</summary>
    public string Service { get; }

    /// <summary>
    /// Signs an HTTP request in place: sets <c>Host</c>, <c>X-Amz-Date</c>, <c>X-Amz-Security-Token</c>
    /// (when the credentials carry a session token) and <c>Authorization</c>.
    /// </summary>
    /// <param name="request">The request; its content headers must already be final.</param>
    /// <param name="body">The exact bytes that will be sent as the body.</param>
    /// <param name="credentials">The credentials to sign with.</param>
    /// <param name="signingTime">The signing time; AWS rejects a time more than 15 minutes from its own clock.</param>
    public void Sign(HttpRequestMessage request, ReadOnlySpan<byte> body, ImmutableCredentials credentials, DateTimeOffset signingTime)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(credentials);
        Uri uri = request.RequestUri ?? throw new ArgumentException("The request has no RequestUri to sign.", nameof(request));

        request.Headers.Host = uri.IsDefaultPort ? uri.Host : uri.Authority;
        request.Headers.Remove("X-Amz-Date");
        request.Headers.TryAddWithoutValidation("X-Amz-Date", FormatDateTime(signingTime));
        request.Headers.Remove("X-Amz-Security-Token");
        if (credentials.UseToken)
        {
            request.Headers.TryAddWithoutValidation("X-Amz-Security-Token", credentials.Token);
        }

        List<KeyValuePair<string, string>> headers = [];
        AddSignableHeaders(headers, request.Headers);
        if (request.Content is not null)
        {
            AddSignableHeaders(headers, request.Content.Headers);
        }

        string canonicalRequest = CreateCanonicalRequest(
            request.Method.Method, Uri.UnescapeDataString(uri.AbsolutePath), uri.Query.TrimStart('?'), headers, HashHex(body), out string signedHeaders);
        string stringToSign = CreateStringToSign(signingTime, canonicalRequest);
        string signature = ComputeSignature(credentials.SecretKey, signingTime, stringToSign);

        request.Headers.Remove("Authorization");
        request.Headers.TryAddWithoutValidation("Authorization", FormatAuthorization(credentials.AccessKey, signingTime, signedHeaders, signature));
    }

    /// <summary>
    /// Builds the canonical request: method, encoded path, sorted query, sorted lower-case headers
    /// with trimmed values, the signed-header list and the payload hash, one per line.
    /// </summary>
    /// <param name="method">HTTP method, e.g. <c>POST</c>.</param>
    /// <param name="path">The path, not percent-encoded (e.g. <c>/example space/</c>).</param>
    /// <param name="query">The raw query string without <c>?</c>; may be percent-encoded or not.</param>
    /// <param name="headers">The headers to sign, in any order; repeated names are joined with commas in the given order.</param>
    /// <param name="payloadHashHex">Lower-case hex SHA-256 of the body.</param>
    /// <param name="signedHeaders">The <c>;</c>-separated lower-case names of the signed headers.</param>
    public static string CreateCanonicalRequest(
        string method, string path, string query, IEnumerable<KeyValuePair<string, string>> headers, string payloadHashHex, out string signedHeaders)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(headers);

        SortedDictionary<string, List<string>> byName = new(StringComparer.Ordinal);
        foreach ((string name, string value) in headers)
        {
            string key = name.Trim().ToLowerInvariant();
            if (!byName.TryGetValue(key, out List<string>? values))
            {
                values = [];
                byName.Add(key, values);
            }

            values.Add(CollapseSpaces(value));
        }

        StringBuilder builder = new();
        builder.Append(method).Append('\n');
        builder.Append(CanonicalPath(path)).Append('\n');
        builder.Append(CanonicalQuery(query)).Append('\n');
        foreach ((string name, List<string> values) in byName)
        {
            builder.Append(name).Append(':').AppendJoin(',', values).Append('\n');
        }

        signedHeaders = string.Join(';', byName.Keys);
        builder.Append('\n').Append(signedHeaders).Append('\n').Append(payloadHashHex);
        return builder.ToString();
    }

    /// <summary>Builds the string to sign: algorithm, time, credential scope and the hash of the canonical request.</summary>
    public string CreateStringToSign(DateTimeOffset signingTime, string canonicalRequest)
    {
        ArgumentNullException.ThrowIfNull(canonicalRequest);
        return string.Join('\n', Algorithm, FormatDateTime(signingTime), CredentialScope(signingTime), HashHex(Encoding.UTF8.GetBytes(canonicalRequest)));
    }

    /// <summary>Computes the lower-case hex signature of <paramref name="stringToSign"/> with the key derived from the secret.</summary>
    public string ComputeSignature(string secretKey, DateTimeOffset signingTime, string stringToSign)
    {
        ArgumentNullException.ThrowIfNull(secretKey);
        ArgumentNullException.ThrowIfNull(stringToSign);

        byte[] key = HMACSHA256.HashData(Encoding.UTF8.GetBytes("AWS4" + secretKey), Encoding.UTF8.GetBytes(FormatDate(signingTime)));
        key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(Region));
        key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(Service));
        key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(Terminator));
        return Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(stringToSign)));
    }

    /// <summary>Formats the <c>Authorization</c> header value.</summary>
    public string FormatAuthorization(string accessKey, DateTimeOffset signingTime, string signedHeaders, string signature) =>
        $"{Algorithm} Credential={accessKey}/{CredentialScope(signingTime)}, SignedHeaders={signedHeaders}, Signature={signature}";

    /// <summary>The credential scope: <c>date/region/service/aws4_request</c>.</summary>
    public string CredentialScope(DateTimeOffset signingTime) => $"{FormatDate(signingTime)}/{Region}/{Service}/{Terminator}";

    /// <summary>Returns the lower-case hex SHA-256 of <paramref name="data"/>.</summary>
    public static string HashHex(ReadOnlySpan<byte> data) => Convert.ToHexStringLower(SHA256.HashData(data));

    /// <summary>Formats a time as <c>X-Amz-Date</c> does, e.g. <c>20150830T123600Z</c>.</summary>
    public static string FormatDateTime(DateTimeOffset time) => time.UtcDateTime.ToString(DateTimeFormat, CultureInfo.InvariantCulture);

    /// <summary>
    /// Percent-encodes a string as SigV4 requires: UTF-8 bytes, with only the RFC 3986
    /// unreserved characters (<c>A-Z a-z 0-9 - _ . ~</c>) left as they are and hex digits in upper case.
    /// </summary>
    public static string UriEncode(string value)
    {
        ArgumentNullException.ThrowIfNull(value);

        StringBuilder builder = new(value.Length);
        foreach (byte b in Encoding.UTF8.GetBytes(value))
        {
            if (IsUnreserved(b))
            {
                builder.Append((char)b);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }

    private static string FormatDate(DateTimeOffset time) => time.UtcDateTime.ToString(DateFormat, CultureInfo.InvariantCulture);

    private static bool IsUnreserved(byte b) =>
        b is (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'a' and <= (byte)'z') or (>= (byte)'0' and <= (byte)'9')
            or (byte)'-' or (byte)'_' or (byte)'.' or (byte)'~';

    private static void AddSignableHeaders(List<KeyValuePair<string, string>> target, HttpHeaders source)
    {
        foreach (KeyValuePair<string, HeaderStringValues> header in source.NonValidated)
        {
            if (IsSigned(header.Key))
            {
                foreach (string value in header.Value)
                {
                    target.Add(new(header.Key, value));
                }
            }
        }
    }

    // Headers that a proxy or the HTTP stack may rewrite (User-Agent, Content-Length,
    // Expect, Connection) are left unsigned, as the AWS SDKs do.
    private static bool IsSigned(string name) =>
        name.Equals("Host", StringComparison.OrdinalIgnoreCase)
        || name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)
        || name.StartsWith("X-Amz-", StringComparison.OrdinalIgnoreCase);

    private static string CollapseSpaces(string value)
    {
        StringBuilder builder = new(value.Length);
        bool previousSpace = false;
        foreach (char c in value.Trim())
        {
            bool space = c == ' ';
            if (!space || !previousSpace)
            {
                builder.Append(c);
            }

            previousSpace = space;
        }

        return builder.ToString();
    }

    private static string CanonicalPath(string path)
    {
        if (path.Length == 0)
        {
            return "/";
        }

        return string.Join('/', path.Split('/').Select(UriEncode));
    }

    private static string CanonicalQuery(string query)
    {
        if (string.IsNullOrEmpty(query))
        {
            return "";
        }

        List<(string Name, string Value)> pairs = [];
        foreach (string part in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            int equals = part.IndexOf('=', StringComparison.Ordinal);
            string name = equals < 0 ? part : part[..equals];
            string value = equals < 0 ? "" : part[(equals + 1)..];
            pairs.Add((UriEncode(Uri.UnescapeDataString(name)), UriEncode(Uri.UnescapeDataString(value))));
        }

        pairs.Sort((a, b) =>
        {
            int byName = string.CompareOrdinal(a.Name, b.Name);
            return byName != 0 ? byName : string.CompareOrdinal(a.Value, b.Value);
        });
        return string.Join('&', pairs.Select(p => $"{p.Name}={p.Value}"));
    }
}
