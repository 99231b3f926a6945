using QueryAudit.Core.Audit;
using QueryAudit.Core.Policy;
using QueryAudit.Sql;

namespace QueryAudit.Core.Reconciliation;

/// <summary>
/// One statement being reconciled: the audit record, its place in a multi-statement query and its normal form.
/// </summary>
internal sealed record StatementContext(
    AuditEvent Event,
    int Part,
    int Parts,
    string Text,
    NormalizedStatement Normalized,
    bool Truncated,
    AccountClass AccountClass)
{
    /// <summary>Source pointer, with the statement number for multi-statement queries.</summary>
    public string Source => Parts > 1 ? $"{Event.Source}#{Part + 1}" : Event.Source.ToString();

    /// <summary>True when the server reported an error, so the statement changed nothing.</summary>
    public bool Failed => Event.RetCode is > 0;
}
