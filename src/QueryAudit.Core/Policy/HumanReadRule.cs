namespace QueryAudit.Core.Policy;

/// <summary>
/// How reads by human and admin accounts are treated.
/// </summary>
public enum HumanReadTreatment
{
    /// <summary>Counted per account and template, listed as information, not an exception.</summary>
    Informational = 0,

    /// <summary>Every unapproved read is an exception.</summary>
    Exception,
}

/// <summary>
/// A table pattern that overrides the default human-read treatment, e.g. reads of <c>billing.customers</c> are exceptions.
/// </summary>
/// <param name="TablePattern">Glob over <c>schema.table</c> (or <c>table</c> when the statement does not qualify it).</param>
/// <param name="Treatment">Treatment for reads that touch a matching table.</param>
public sealed record HumanReadRule(string TablePattern, HumanReadTreatment Treatment);
