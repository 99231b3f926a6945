using System.Globalization;
using Microsoft.Extensions.Options;

namespace QueryAudit.Worker.Hosting;

/// <summary>
/// The name under which this process holds leases: <c>Ingestion:WorkerId</c> when set, else host name and process id,
/// which differ for every start, so that a restarted process waits for the leases of its dead predecessor to expire.
/// </summary>
internal sealed class WorkerIdentity(IOptions<QueryAuditOptions> options)
{
    public string Owner { get; } = OwnerName(options.Value.Ingestion.WorkerId);

    /// <summary>Returns <paramref name="workerId"/>, or host name and process id when it is not set.</summary>
    public static string OwnerName(string? workerId) =>
        workerId ?? string.Create(CultureInfo.InvariantCulture, $"{Environment.MachineName}:{Environment.ProcessId}");
}
