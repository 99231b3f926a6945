using Amazon.S3;
using Amazon.S3.Model;
using QueryAudit.Aws.S3;

namespace QueryAudit.Worker.Hosting.Cloud;

/// <summary>
/// Copies the catalog and policy of <c>s3://</c> settings to local files once at start, because the catalog loader and
/// the monthly report read folders and files.
/// </summary>
internal static class S3InputDownloader
{
    /// <summary>Downloads every object under the prefix of <paramref name="url"/> into <paramref name="folder"/>, keeping the key below the prefix as the relative path.</summary>
    /// <returns>The number of objects written.</returns>
    /// <exception cref="InvalidDataException">A key would be written outside <paramref name="folder"/>.</exception>
    public static async Task<int> DownloadFolderAsync(IAmazonS3 s3, string url, string folder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(s3);
        (string bucket, string prefix) = Parse(url);
        if (prefix.Length > 0 && !prefix.EndsWith('/'))
        {
            prefix += "/";
        }

        string root = Path.GetFullPath(folder) + Path.DirectorySeparatorChar;
        int written = 0;
        string? continuation = null;
        do
        {
            ListObjectsV2Response page = await s3.ListObjectsV2Async(
                new ListObjectsV2Request { BucketName = bucket, Prefix = prefix, ContinuationToken = continuation }, cancellationToken).ConfigureAwait(false);
            foreach (S3Object item in page.S3Objects ?? [])
            {
                if (item.Key.EndsWith('/'))
                {
                    continue;
                }

                string target = Path.GetFullPath(Path.Combine(root, item.Key[prefix.Length..]));
                if (!target.StartsWith(root, StringComparison.Ordinal))
                {
                    throw new InvalidDataException($"s3://{bucket}/{item.Key} would be written outside {root}; remove the object or rename it without '..'.");
                }

                await DownloadAsync(s3, bucket, item.Key, target, cancellationToken).ConfigureAwait(false);
                written++;
            }

            continuation = page.IsTruncated == true ? page.NextContinuationToken : null;
        }
        while (continuation is not null);

        return written;
    }

    /// <summary>Downloads the object <paramref name="url"/> to <paramref name="file"/>.</summary>
    public static async Task DownloadFileAsync(IAmazonS3 s3, string url, string file, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(s3);
        (string bucket, string key) = Parse(url);
        await DownloadAsync(s3, bucket, key, file, cancellationToken).ConfigureAwait(false);
    }

    private static async Task DownloadAsync(IAmazonS3 s3, string bucket, string key, string target, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        using GetObjectResponse response = await s3.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = key }, cancellationToken).ConfigureAwait(false);
        FileStream output = File.Create(target);
        await using (output.ConfigureAwait(false))
        {
            await response.ResponseStream.CopyToAsync(output, cancellationToken).ConfigureAwait(false);
        }
    }

    private static (string Bucket, string Key) Parse(string url) =>
        S3ArchiveSource.TryParseSpec(url, out string bucket, out string key)
            ? (bucket, key)
            : throw new ArgumentException($"'{url}' is not an s3://bucket/key location.", nameof(url));
}
