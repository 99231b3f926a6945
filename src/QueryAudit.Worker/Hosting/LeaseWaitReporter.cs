using Microsoft.Extensions.Logging;
using QueryAudit.Core.State;

namespace QueryAudit.Worker.Hosting;

/// <summary>
/// Logs once per lease holder that a source is leased by another task and until when. A restarted task that waits for
/// the lease of its dead predecessor to expire then logs what it waits for instead of staying silent.
/// </summary>
internal sealed class LeaseWaitReporter(ILogger logger, string source, string sourceKey)
{
    private string? _reportedOwner;

    /// <summary>Logs the holder of the source's lease at Information when it differs from the last one logged.</summary>
    public async Task ReportAsync(IStateStore state, CancellationToken cancellationToken)
    {
        IReadOnlyList<SourceLease> leases = await state.LeasesAsync(cancellationToken).ConfigureAwait(false);
        SourceLease? lease = leases.FirstOrDefault(l => l.SourceKey == sourceKey);
        if (lease is null || lease.Owner == _reportedOwner)
        {
            Log.SourceLeasedElsewhere(logger, source);
            return;
        }

        _reportedOwner = lease.Owner;
        Log.SourceLeaseHeld(logger, source, lease.Owner, lease.ExpiresAt);
    }

    /// <summary>Forgets the holder last logged, after this task has held the lease itself.</summary>
    public void Reset() => _reportedOwner = null;
}
