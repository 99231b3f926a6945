using System.Net;
using System.Net.Sockets;
using System.Text;

namespace QueryAudit.Worker.Tests.Commands;

/// <summary>
/// A minimal HTTP/1.1 server on 127.0.0.1 for probe tests. It responds to every request with one fixed
/// status line, or not at all when <c>statusLine</c> is null, so that a client waits until it times out.
/// </summary>
internal sealed class LoopbackHttpResponder : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource stopping = new();
    private readonly Task serving;
    private int requestCount;

    public LoopbackHttpResponder(string? statusLine, params string[] headers)
    {
        listener.Start();
        serving = ServeAsync(statusLine, headers);
    }

    public Uri Url(string path) => new($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}{path}");

    /// <summary>Number of requests whose headers the server read.</summary>
    public int RequestCount => Volatile.Read(ref requestCount);

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        listener.Stop();
        try
        {
            await serving;
        }
        catch (OperationCanceledException)
        {
        }
        catch (SocketException)
        {
        }

        stopping.Dispose();
    }

    private async Task ServeAsync(string? statusLine, string[] headers)
    {
        while (!stopping.IsCancellationRequested)
        {
            using TcpClient client = await listener.AcceptTcpClientAsync(stopping.Token);
            NetworkStream stream = client.GetStream();
            await ReadHeadersAsync(stream, stopping.Token);
            Interlocked.Increment(ref requestCount);

            if (statusLine is null)
            {
                // Hold the connection open without a response until the test ends.
                await Task.Delay(Timeout.Infinite, stopping.Token);
            }

            string response = "HTTP/1.1 " + statusLine + "\r\n" + string.Concat(headers.Select(header => header + "\r\n")) + "Content-Length: 0\r\nConnection: close\r\n\r\n";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(response), stopping.Token);
        }
    }

    private static async Task ReadHeadersAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        // A GET has no body, so the request ends at the first empty line.
        byte[] buffer = new byte[4096];
        StringBuilder received = new();
        while (!received.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            int read = await stream.ReadAsync(buffer, cancellationToken);
            if (read == 0)
            {
                return;
            }

            received.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }
    }
}
