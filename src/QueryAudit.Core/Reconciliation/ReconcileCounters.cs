namespace QueryAudit.Core.Reconciliation;

/// <summary>
/// Counts kept while reconciling; each statement is counted in exactly one of the outcome counters.
/// </summary>
public sealed class ReconcileCounters
{
    /// <summary>Returns a copy with the same values.</summary>
    public ReconcileCounters Copy() => (ReconcileCounters)MemberwiseClone();

    /// <summary>QUERY records inside the period (one record may hold several statements).</summary>
    public long QueryRecords { get; set; }

    /// <summary>Statements reconciled (after splitting multi-statement queries).</summary>
    public long Statements { get; set; }

    public long Approved { get; set; }

    public long ProcedureStatements { get; set; }

    public long System { get; set; }

    public long Application { get; set; }

    public long SessionOrTransaction { get; set; }

    public long Noise { get; set; }

    public long Bookkeeping { get; set; }

    public long InformationalReads { get; set; }

    /// <summary>
    /// Statements that ended in an exception finding, including the body statements of a procedure call that are
    /// reported under the call's finding. A finding about the account's host does not end its statement, so that
    /// statement is counted under its own outcome.
    /// </summary>
    public long StatementExceptions { get; set; }

    /// <summary>Findings of the period, of every kind (statements, logins, gaps), so not a statement outcome.</summary>
    public long Exceptions { get; set; }

    /// <summary>Connection events (connect, disconnect, failed login) inside the period.</summary>
    public long ConnectionEvents { get; set; }

    /// <summary>Records outside the period: counted, not reconciled.</summary>
    public long OutsidePeriod { get; set; }

    /// <summary>Table records that never found their QUERY record.</summary>
    public long OrphanTableRecords { get; set; }
}
