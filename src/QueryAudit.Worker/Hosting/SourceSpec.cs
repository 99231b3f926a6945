namespace QueryAudit.Worker.Hosting;

/// <summary>
/// One configured source, parsed from its setting: a folder of log files, <c>cloudwatch:CLUSTER</c> or
/// <c>s3://bucket/prefix</c>.
/// </summary>
/// <param name="Kind">What reads it.</param>
/// <param name="Location">The folder path, the cluster name or the <c>s3://</c> URL.</param>
internal sealed record SourceSpec(SourceKind Kind, string Location)
{
    /// <summary>Parses a <c>Sources</c> entry; returns null with a reason when it is not one of the three forms.</summary>
    public static SourceSpec? TryParse(string value, out string? error)
    {
        error = null;
        if (string.IsNullOrWhiteSpace(value))
        {
            error = "is empty";
            return null;
        }

        if (value.StartsWith("cloudwatch:", StringComparison.OrdinalIgnoreCase))
        {
            string cluster = value["cloudwatch:".Length..];
            if (cluster.Length == 0)
            {
                error = "names no cluster; write cloudwatch:CLUSTER";
                return null;
            }

            return new SourceSpec(SourceKind.CloudWatch, cluster);
        }

        if (value.StartsWith("s3://", StringComparison.OrdinalIgnoreCase))
        {
            string rest = value["s3://".Length..];
            if (rest.Length == 0 || rest[0] == '/')
            {
                error = "names no bucket; write s3://bucket/prefix";
                return null;
            }

            return new SourceSpec(SourceKind.S3, value);
        }

        if (value.Contains("://", StringComparison.Ordinal))
        {
            error = "has an unknown scheme; use a folder path, cloudwatch:CLUSTER or s3://bucket/prefix";
            return null;
        }

        return new SourceSpec(SourceKind.Folder, value);
    }
}

/// <summary>
/// Kinds of configured source.
/// </summary>
internal enum SourceKind
{
    Folder,
    CloudWatch,
    S3,
}
