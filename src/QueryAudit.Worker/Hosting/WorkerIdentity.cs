using System.Globalization;

namespace QueryAudit.Worker.Hosting;

/// <summary>
/// The name under which this process holds leases: host name and process id, unique among running tasks.
/// </summary>
internal sealed class WorkerIdentity
{
    public string Owner { get; } = string.Create(CultureInfo.InvariantCulture, $"{Environment.MachineName}:{Environment.ProcessId}");
}
