using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace QueryAudit.Worker.Hosting;

/// <summary>
/// Stands in for a <c>cloudwatch:</c> or <c>s3://</c> source, which the service accepts in its settings but does not
/// read yet: it logs a warning once at start, so that the gap is visible in the log instead of silent.
/// </summary>
/// <remarks>
/// TODO: wire CloudWatchAuditSource and the S3 archive reader here with their checkpoints in the store.
/// </remarks>
internal sealed class UnsupportedSourceService(SourceSpec source, ILogger<UnsupportedSourceService> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        Log.SourceNotIngested(logger, source.Kind == SourceKind.CloudWatch ? "cloudwatch:" + source.Location : source.Location);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
