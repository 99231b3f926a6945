namespace QueryAudit.Core.Reconciliation;

/// <summary>
/// Deep copy of a reconciler, so that a caller can end the copy with <see cref="Complete"/> and see the result of the
/// input so far while the original reads on.
/// </summary>
public sealed partial class Reconciler
{
    private Reconciler(Reconciler other)
    {
        _policy = other._policy;
        _approvals = other._approvals;
        _options = other._options;
        _noise = other._noise;
        _bookkeepingTables = other._bookkeepingTables;
        _matcher = other._matcher.Copy();
        foreach (KeyValuePair<(string Instance, long Connection), ConnectionState> pair in other._connections)
        {
            _connections.Add(pair.Key, pair.Value.Copy());
        }

        // Findings and approved executions are immutable records, so the copies share them.
        _findings.AddRange(other._findings);
        _approved.AddRange(other._approved);
        foreach (KeyValuePair<(string Account, string TemplateHash), InformationalReadCounter> pair in other._informationalReads)
        {
            InformationalReadCounter counter = pair.Value;
            _informationalReads.Add(pair.Key, new InformationalReadCounter(counter.Template, counter.First) { Count = counter.Count, Last = counter.Last });
        }

        _failedLogins = other._failedLogins.Copy();
        foreach (KeyValuePair<string, DateTimeOffset> pair in other._auditOffSince)
        {
            _auditOffSince.Add(pair.Key, pair.Value);
        }

        _auditOff.AddRange(other._auditOff);
        _completed = other._completed;
        Counters = other.Counters.Copy();
    }

    /// <summary>Returns an independent copy of this reconciler's state; the policy, approvals and options are shared.</summary>
    /// <exception cref="InvalidOperationException"><see cref="Complete"/> was already called.</exception>
    public Reconciler Copy()
    {
        if (_completed)
        {
            throw new InvalidOperationException("Complete was already called on this reconciler, so there is no state left to copy.");
        }

        return new Reconciler(this);
    }
}
