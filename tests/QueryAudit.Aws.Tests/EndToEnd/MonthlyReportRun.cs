using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using QueryAudit.Storage;
using QueryAudit.Worker.Hosting;
using QueryAudit.Worker.Hosting.Cloud;
using QueryAudit.Worker.Hosting.Jobs;

namespace QueryAudit.Aws.Tests.EndToEnd;

/// <summary>The worker's monthly report job, set up from settings as the host sets it up, for end-to-end tests.</summary>
internal static class MonthlyReportRun
{
    /// <summary>
    /// Writes the report of <paramref name="month"/> with the store, cloud clients and catalog and policy loader that
    /// <paramref name="settings"/> name, then calls <paramref name="afterWrite"/>, when given, with the store still open.
    /// </summary>
    public static async Task WriteAsync(QueryAuditOptions settings, string month, Func<StoreAccessor, Task>? afterWrite = null)
    {
        IOptions<QueryAuditOptions> options = Options.Create(settings);
        await using StoreAccessor store = new(options, TimeProvider.System, NullLogger<StoreAccessor>.Instance);
        await store.StartAsync(CancellationToken.None);
        using CloudClients clients = new(options, NullLoggerFactory.Instance);
        ReconcileContextLoader inputs = new(options, clients, NullLogger<ReconcileContextLoader>.Instance);
        await inputs.StartAsync(CancellationToken.None);
        MonthlyReportJob job = new(store, options, NullLogger<MonthlyReportJob>.Instance, inputs);

        await job.WriteAsync(month, settings, CancellationToken.None);
        if (afterWrite is not null)
        {
            await afterWrite(store);
        }
    }
}
