using QueryAudit.Core.Reconciliation;

namespace QueryAudit.Worker.Hosting;

/// <summary>
/// Differences of reconciliation counters, for stores that add counters commit by commit.
/// </summary>
internal static class CounterArithmetic
{
    /// <summary>Returns <paramref name="now"/> minus <paramref name="before"/>, counter by counter; a result may be negative.</summary>
    public static ReconcileCounters Difference(ReconcileCounters now, ReconcileCounters before) => new()
    {
        QueryRecords = now.QueryRecords - before.QueryRecords,
        Statements = now.Statements - before.Statements,
        Approved = now.Approved - before.Approved,
        ProcedureStatements = now.ProcedureStatements - before.ProcedureStatements,
        System = now.System - before.System,
        Application = now.Application - before.Application,
        SessionOrTransaction = now.SessionOrTransaction - before.SessionOrTransaction,
        Noise = now.Noise - before.Noise,
        Bookkeeping = now.Bookkeeping - before.Bookkeeping,
        InformationalReads = now.InformationalReads - before.InformationalReads,
        Exceptions = now.Exceptions - before.Exceptions,
        StatementExceptions = now.StatementExceptions - before.StatementExceptions,
        ConnectionEvents = now.ConnectionEvents - before.ConnectionEvents,
        OutsidePeriod = now.OutsidePeriod - before.OutsidePeriod,
        OrphanTableRecords = now.OrphanTableRecords - before.OrphanTableRecords,
    };
}
