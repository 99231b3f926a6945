using System.Diagnostics;
using System.Text.RegularExpressions;
using Amazon.Runtime;
using Amazon.S3;

namespace QueryAudit.Aws.Tests.Support;

/// <summary>
/// An s3rver process on 127.0.0.1 with a free port and a temporary data folder, for S3 tests.
/// </summary>
/// <remarks>s3rver 3.7 checks the access key id only, not the signature, and ignores Object Lock headers.</remarks>
public sealed partial class S3rverServer : IAsyncDisposable
{
    /// <summary>The access key id and secret s3rver accepts by default.</summary>
    public const string AccessKey = "S3RVER";

    private readonly Process _process;
    private readonly string _dataFolder;

    private S3rverServer(Process process, string dataFolder, Uri serviceUrl)
    {
        _process = process;
        _dataFolder = dataFolder;
        ServiceUrl = serviceUrl;
    }

    public Uri ServiceUrl { get; }

    /// <summary>Starts s3rver with the given buckets created.</summary>
    public static async Task<S3rverServer> StartAsync(params string[] buckets)
    {
        ArgumentNullException.ThrowIfNull(buckets);
        string executable = ExternalTool.Require(ExternalTool.S3rver, "s3rver (npm package in .tools/s3rver)");
        string dataFolder = Directory.CreateTempSubdirectory("s3rver-").FullName;
        ProcessStartInfo start = new(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in new[] { "-d", dataFolder, "-a", "127.0.0.1", "-p", "0" })
        {
            start.ArgumentList.Add(argument);
        }

        foreach (string bucket in buckets)
        {
            start.ArgumentList.Add("--configure-bucket");
            start.ArgumentList.Add(bucket);
        }

        Process process = Process.Start(start)!;
        TaskCompletionSource<Uri> listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            Match match = e.Data is null ? Match.Empty : ListeningLine().Match(e.Data);
            if (match.Success)
            {
                listening.TrySetResult(new Uri($"http://127.0.0.1:{match.Groups["port"].Value}/"));
            }
        };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        Task finished = await Task.WhenAny(listening.Task, process.WaitForExitAsync(), Task.Delay(TimeSpan.FromSeconds(30)));
        if (finished != listening.Task)
        {
            Stop(process);
            Assert.Fail($"s3rver at {executable} did not report its port within 30 s (exited: {process.HasExited}); run scripts/install-test-deps.sh.");
        }

        return new S3rverServer(process, dataFolder, await listening.Task);
    }

    /// <summary>Creates an S3 client for this server; <paramref name="httpClientFactory"/> can capture the requests sent.</summary>
    public AmazonS3Client CreateClient(HttpClientFactory? httpClientFactory = null)
    {
        AmazonS3Config config = new()
        {
            ServiceURL = ServiceUrl.ToString(),
            ForcePathStyle = true,
            AuthenticationRegion = "us-east-1",
        };
        if (httpClientFactory is not null)
        {
            config.HttpClientFactory = httpClientFactory;
        }

        return new AmazonS3Client(new BasicAWSCredentials(AccessKey, AccessKey), config);
    }

    public async ValueTask DisposeAsync()
    {
        Stop(_process);
        await _process.WaitForExitAsync();
        _process.Dispose();
        Directory.Delete(_dataFolder, recursive: true);
    }

    private static void Stop(Process process)
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }
    }

    [GeneratedRegex(@"listening on 127\.0\.0\.1:(?<port>\d+)")]
    private static partial Regex ListeningLine();
}
