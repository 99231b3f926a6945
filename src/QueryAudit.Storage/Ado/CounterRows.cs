using QueryAudit.Core.Reconciliation;

namespace QueryAudit.Storage.Ado;

/// <summary>
/// Maps <see cref="ReconcileCounters"/> to the name/value rows of <c>scope_counters</c>. Names are stable: never rename one.
/// </summary>
internal static class CounterRows
{
    public static IEnumerable<(string Name, long Value)> ToRows(ReconcileCounters counters)
    {
        yield return ("query_records", counters.QueryRecords);
        yield return ("statements", counters.Statements);
        yield return ("approved", counters.Approved);
        yield return ("procedure_statements", counters.ProcedureStatements);
        yield return ("system", counters.System);
        yield return ("application", counters.Application);
        yield return ("session_or_transaction", counters.SessionOrTransaction);
        yield return ("noise", counters.Noise);
        yield return ("bookkeeping", counters.Bookkeeping);
        yield return ("informational_reads", counters.InformationalReads);
        yield return ("exceptions", counters.Exceptions);
        yield return ("statement_exceptions", counters.StatementExceptions);
        yield return ("connection_events", counters.ConnectionEvents);
        yield return ("outside_period", counters.OutsidePeriod);
        yield return ("orphan_table_records", counters.OrphanTableRecords);
    }

    /// <summary>Sets one counter by its row name; unknown names (from a newer version) are ignored.</summary>
    public static void Apply(ReconcileCounters counters, string name, long value)
    {
        switch (name)
        {
            case "query_records": counters.QueryRecords = value; break;
            case "statements": counters.Statements = value; break;
            case "approved": counters.Approved = value; break;
            case "procedure_statements": counters.ProcedureStatements = value; break;
            case "system": counters.System = value; break;
            case "application": counters.Application = value; break;
            case "session_or_transaction": counters.SessionOrTransaction = value; break;
            case "noise": counters.Noise = value; break;
            case "bookkeeping": counters.Bookkeeping = value; break;
            case "informational_reads": counters.InformationalReads = value; break;
            case "exceptions": counters.Exceptions = value; break;
            case "statement_exceptions": counters.StatementExceptions = value; break;
            case "connection_events": counters.ConnectionEvents = value; break;
            case "outside_period": counters.OutsidePeriod = value; break;
            case "orphan_table_records": counters.OrphanTableRecords = value; break;
            default: break;
        }
    }
}
