using QueryAudit.Worker.Reconcile;

namespace QueryAudit.Worker.Hosting.Cloud;

/// <summary>
/// The pipeline settings that depend on the kind of configured source, chosen as <c>queryaudit reconcile</c> chooses
/// them, so that a batch of a cloud source is reconciled as reconcile would reconcile it.
/// </summary>
internal static class CloudPipelineSettings
{
    /// <summary>Returns the cluster of a <c>cloudwatch:CLUSTER</c> source; null for other sources.</summary>
    public static string? ClusterOf(string configuredSource) =>
        SourceSpec.TryParse(configuredSource, out _) is { Kind: SourceKind.CloudWatch } source ? source.Location : null;

    /// <summary>
    /// Returns how far events are put back in timestamp order: CloudWatch Logs delivers a late-ingested event after
    /// later ones, so cloud sources get <see cref="CloudSources.ReorderWindow"/>; files are read in order.
    /// </summary>
    public static TimeSpan ReorderWindowOf(string configuredSource) =>
        SourceSpec.TryParse(configuredSource, out _) is { Kind: not SourceKind.Folder } ? CloudSources.ReorderWindow : TimeSpan.Zero;
}
