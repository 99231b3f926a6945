using System.Globalization;
using Amazon.S3;
using Amazon.S3.Model;
using QueryAudit.Core.State;
using QueryAudit.Storage;
using QueryAudit.Worker.Commands;

namespace QueryAudit.Aws.Tests.Support;

/// <summary>Helpers that run <c>queryaudit run</c> in process and read what it stored in its SQLite store.</summary>
internal static class ServiceRun
{
    /// <summary>Uploads the fixture catalog under <c>catalog/</c> and the fixture policy as <c>policy/policy.yaml</c>.</summary>
    public static async Task PutCatalogAndPolicyAsync(AmazonS3Client s3, string bucket)
    {
        string fixtures = Path.Combine(RepositoryPaths.Root, "sql-fixtures");
        string catalog = Path.Combine(fixtures, "catalog");
        foreach (string file in Directory.GetFiles(catalog, "*", SearchOption.AllDirectories))
        {
            string key = "catalog/" + Path.GetRelativePath(catalog, file).Replace('\\', '/');
            await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = key, FilePath = file, UseChunkEncoding = false });
        }

        await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "policy/policy.yaml", FilePath = Path.Combine(fixtures, "policy.yaml"), UseChunkEncoding = false });
    }

    /// <summary>
    /// Returns the settings of a run over one <c>s3://</c> source, with catalog and policy from
    /// <see cref="PutCatalogAndPolicyAsync"/>, 500-line batches and a one-second poll.
    /// </summary>
    public static IReadOnlyList<string> S3Arguments(string store, string source, string inputsBucket, string cluster, Uri s3Endpoint) =>
    [
        "--Store=" + store,
        "--Sources:0=" + source,
        $"--Catalog=s3://{inputsBucket}/catalog/",
        $"--Policy=s3://{inputsBucket}/policy/policy.yaml",
        "--Cluster=" + cluster,
        "--Aws:Region=us-east-1",
        "--Aws:S3Endpoint=" + s3Endpoint,
        "--Health:Port=0",
        "--Ingestion:BatchLines=500",
        "--Ingestion:PollInterval=00:00:01",
        "--Ingestion:MaxLag=3650.00:00:00",
    ];

    /// <summary>
    /// Runs the service with <paramref name="arguments"/> until <paramref name="done"/> returns true for the store at
    /// <paramref name="store"/>, then stops it and asserts exit code 0. Fails the test after <paramref name="patience"/>.
    /// </summary>
    public static async Task UntilAsync(
        IReadOnlyList<string> arguments, string store, Func<IStateStore, Task<bool>> done, TimeSpan patience)
    {
        using StringWriter output = new(CultureInfo.InvariantCulture);
        using StringWriter errors = new(CultureInfo.InvariantCulture);
        using CancellationTokenSource stop = new();
        Task<int> run = RunCommand.RunAsync(null, arguments, output, errors, stop.Token);
        using CancellationTokenSource deadline = new(patience);
        while (!run.IsCompleted && !await IsDoneAsync(store, done))
        {
            if (deadline.IsCancellationRequested)
            {
                await stop.CancelAsync();
                await run;
                Assert.Fail($"Timed out after {patience} waiting for the run; errors: {errors}");
            }

            await Task.Delay(50);
        }

        await stop.CancelAsync();
        Assert.That(await run, Is.Zero, errors.ToString());
    }

    /// <summary>Returns the number of events in the store's hourly counts.</summary>
    public static async Task<long> StoredEventsAsync(IStateStore store)
    {
        IReadOnlyList<HourlyEventCount> counts = await store.EventCountsAsync(
            DateTimeOffset.MinValue.AddYears(1), DateTimeOffset.MaxValue.AddYears(-1), CancellationToken.None);
        return counts.Sum(c => c.Events);
    }

    /// <summary>
    /// Returns the findings as kind, instance, account, connection and query. Ids and sources are left out because
    /// they name the file, stream or object each reader read.
    /// </summary>
    public static async Task<List<string>> FindingKeysAsync(IStateStore store)
    {
        IReadOnlyList<StoredFinding> findings = await store.FindFindingsAsync(FindingFilter.All, CancellationToken.None);
        return [.. findings.Select(f => string.Join('|', f.Finding.Kind, f.Finding.Instance, f.Finding.Account, f.Finding.ConnectionId, f.Finding.QueryId))];
    }

    private static async Task<bool> IsDoneAsync(string location, Func<IStateStore, Task<bool>> done)
    {
        if (!File.Exists(location["sqlite:".Length..]))
        {
            return false;
        }

        await using IStateStore store = await StateStoreLocation.OpenAsync(location, TimeProvider.System, CancellationToken.None);
        return await done(store);
    }
}
