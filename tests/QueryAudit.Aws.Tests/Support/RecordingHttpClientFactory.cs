using System.Collections.Concurrent;
using Amazon.Runtime;

namespace QueryAudit.Aws.Tests.Support;

/// <summary>Gives the AWS SDK an HttpClient that records the headers of every request it sends.</summary>
public sealed class RecordingHttpClientFactory : HttpClientFactory
{
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();

    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];

    public override HttpClient CreateHttpClient(IClientConfig clientConfig) => new(new RecordingHandler(_requests));

    public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => false;

    public override bool DisposeHttpClientsAfterUse(IClientConfig clientConfig) => true;

    private sealed class RecordingHandler(ConcurrentQueue<RecordedRequest> requests) : DelegatingHandler(new HttpClientHandler())
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Dictionary<string, string> headers = new(StringComparer.OrdinalIgnoreCase);
            foreach (KeyValuePair<string, IEnumerable<string>> header in request.Headers)
            {
                headers[header.Key] = string.Join(',', header.Value);
            }

            if (request.Content is not null)
            {
                foreach (KeyValuePair<string, IEnumerable<string>> header in request.Content.Headers)
                {
                    headers[header.Key] = string.Join(',', header.Value);
                }
            }

            requests.Enqueue(new RecordedRequest(request.Method.Method, request.RequestUri!, headers));
            return base.SendAsync(request, cancellationToken);
        }
    }
}

/// <summary>The method, address and headers of one request the SDK sent.</summary>
public sealed record RecordedRequest(string Method, Uri Uri, IReadOnlyDictionary<string, string> Headers);
