using System.Globalization;
using System.Text;
using System.Text.Json;
using Amazon.Runtime;
using QueryAudit.Aws.Signing;

namespace QueryAudit.Aws.Tests.Signing;

[TestFixture]
public sealed class SigV4SignerTests
{
    private static readonly JsonElement Root = LoadSuite();

    private static SigV4Signer Signer => new(Root.GetProperty("region").GetString()!, Root.GetProperty("service").GetString()!);

    private static DateTimeOffset SigningTime => DateTimeOffset.Parse(Root.GetProperty("signingTime").GetString()!, CultureInfo.InvariantCulture);

    private static IEnumerable<TestCaseData> Vectors() =>
        Root.GetProperty("vectors").EnumerateArray().Select(v => new TestCaseData(v).SetArgDisplayNames(v.GetProperty("name").GetString()!));

    [TestCaseSource(nameof(Vectors))]
    public void CreateCanonicalRequest_TestVector_MatchesPublishedText(JsonElement vector)
    {
        string canonical = CanonicalRequestOf(vector, out _);

        Assert.That(canonical, Is.EqualTo(vector.GetProperty("canonicalRequest").GetString()));
    }

    [TestCaseSource(nameof(Vectors))]
    public void CreateStringToSign_TestVector_MatchesPublishedText(JsonElement vector)
    {
        string stringToSign = Signer.CreateStringToSign(SigningTime, CanonicalRequestOf(vector, out _));

        Assert.That(stringToSign, Is.EqualTo(vector.GetProperty("stringToSign").GetString()));
    }

    [TestCaseSource(nameof(Vectors))]
    public void FormatAuthorization_TestVector_MatchesPublishedHeader(JsonElement vector)
    {
        SigV4Signer signer = Signer;
        string canonical = CanonicalRequestOf(vector, out string signedHeaders);
        string signature = signer.ComputeSignature(Root.GetProperty("secretAccessKey").GetString()!, SigningTime, signer.CreateStringToSign(SigningTime, canonical));

        string authorization = signer.FormatAuthorization(Root.GetProperty("accessKeyId").GetString()!, SigningTime, signedHeaders, signature);

        Assert.That(authorization, Is.EqualTo(vector.GetProperty("authorization").GetString()));
    }

    [Test]
    public void Sign_HttpRequestWithSessionToken_SignsTokenHeader()
    {
        // post-sts-header-before: the token is added before signing, so it is signed.
        using HttpRequestMessage request = new(HttpMethod.Post, "https://example.amazonaws.com/");
        ImmutableCredentials credentials = new(Root.GetProperty("accessKeyId").GetString(), Root.GetProperty("secretAccessKey").GetString(), Root.GetProperty("sessionToken").GetString());

        Signer.Sign(request, [], credentials, SigningTime);

        Assert.That(request.Headers.GetValues("Authorization").Single(), Is.EqualTo(VectorNamed("post-sts-header-before").GetProperty("authorization").GetString()));
        Assert.That(request.Headers.GetValues("X-Amz-Security-Token").Single(), Is.EqualTo(Root.GetProperty("sessionToken").GetString()));
    }

    [Test]
    public void Sign_HttpRequestWithoutToken_MatchesPostVanilla()
    {
        using HttpRequestMessage request = new(HttpMethod.Post, "https://example.amazonaws.com/");
        ImmutableCredentials credentials = new(Root.GetProperty("accessKeyId").GetString(), Root.GetProperty("secretAccessKey").GetString(), null);

        Signer.Sign(request, [], credentials, SigningTime);

        Assert.That(request.Headers.GetValues("Authorization").Single(), Is.EqualTo(VectorNamed("post-vanilla").GetProperty("authorization").GetString()));
        Assert.That(request.Headers.GetValues("X-Amz-Date").Single(), Is.EqualTo("20150830T123600Z"));
        Assert.That(request.Headers.Contains("X-Amz-Security-Token"), Is.False);
    }

    [Test]
    public void Sign_NonDefaultPort_SignsHostWithPort()
    {
        using HttpRequestMessage request = new(HttpMethod.Post, "http://127.0.0.1:8123/");
        request.Content = new ByteArrayContent("{}"u8.ToArray());
        request.Content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse("application/x-amz-json-1.1");
        ImmutableCredentials credentials = new("AKIDEXAMPLE", "secret", null);

        Signer.Sign(request, "{}"u8, credentials, SigningTime);

        Assert.That(request.Headers.Host, Is.EqualTo("127.0.0.1:8123"));
        Assert.That(request.Headers.GetValues("Authorization").Single(), Does.Contain("SignedHeaders=content-type;host;x-amz-date,"));
    }

    [TestCase("", "")]
    [TestCase("abc-_.~XYZ09", "abc-_.~XYZ09")]
    [TestCase("a b", "a%20b")]
    [TestCase("/aws/rds/cluster/c/audit", "%2Faws%2Frds%2Fcluster%2Fc%2Faudit")]
    [TestCase("ä", "%C3%A4")]
    [TestCase("a+b=c&d", "a%2Bb%3Dc%26d")]
    public void UriEncode_Value_EncodesAllButUnreserved(string value, string expected)
    {
        Assert.That(SigV4Signer.UriEncode(value), Is.EqualTo(expected));
    }

    private static JsonElement LoadSuite()
    {
        using JsonDocument suite = JsonDocument.Parse(File.ReadAllText(Path.Combine(TestContext.CurrentContext.TestDirectory, "Signing", "sigv4-test-vectors.json")));
        return suite.RootElement.Clone();
    }

    private static JsonElement VectorNamed(string name) =>
        Root.GetProperty("vectors").EnumerateArray().Single(v => v.GetProperty("name").GetString() == name);

    private static string CanonicalRequestOf(JsonElement vector, out string signedHeaders)
    {
        List<KeyValuePair<string, string>> headers = vector.GetProperty("headers").EnumerateArray()
            .Select(h => new KeyValuePair<string, string>(h[0].GetString()!, h[1].GetString()!))
            .ToList();
        string payloadHash = SigV4Signer.HashHex(Encoding.UTF8.GetBytes(vector.GetProperty("body").GetString()!));

        return SigV4Signer.CreateCanonicalRequest(
            vector.GetProperty("method").GetString()!, vector.GetProperty("path").GetString()!, vector.GetProperty("query").GetString()!, headers, payloadHash, out signedHeaders);
    }
}
