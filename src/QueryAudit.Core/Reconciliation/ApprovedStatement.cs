using QueryAudit.Sql;

namespace QueryAudit.Core.Reconciliation;

/// <summary>
/// One statement of an approved script, with the approval that covers it.
/// </summary>
/// <param name="Approval">The script's approval.</param>
/// <param name="Index">1-based statement number within the script.</param>
/// <param name="Line">1-based line of the statement in the script.</param>
/// <param name="Normalized">The statement's exact form, template and kind.</param>
public sealed record ApprovedStatement(Approval Approval, int Index, int Line, NormalizedStatement Normalized)
{
    /// <summary>Key of this statement for run counting: script and statement number.</summary>
    public string Key => $"{Approval.Script}#{Index}";
}
