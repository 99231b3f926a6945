using System.Globalization;
using Microsoft.Extensions.Options;

namespace QueryAudit.Worker.Hosting;

/// <summary>
/// The name under which this process holds leases: <c>Ingestion:WorkerId</c> when set, else host name and process id,
/// which differ for every start, so that a restarted process waits for the leases of its dead predecessor to expire.
/// </summary>
internal sealed class WorkerIdentity(IOptions<QueryAuditOptions> options)
{
    public string Owner { get; } = options.Value.Ingestion.WorkerId
        ?? string.Create(CultureInfo.InvariantCulture, $"{Environment.MachineName}:{Environment.ProcessId}");
}
