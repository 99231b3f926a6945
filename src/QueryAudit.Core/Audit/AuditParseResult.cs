namespace QueryAudit.Core.Audit;

/// <summary>
/// Outcome of parsing one raw line: exactly one of <see cref="Event"/> and <see cref="Quarantined"/> is set.
/// </summary>
/// <param name="Event">The parsed record, or null when the line was quarantined.</param>
/// <param name="Quarantined">The quarantined line with its reason, or null when the line parsed.</param>
public readonly record struct AuditParseResult(AuditEvent? Event, QuarantinedLine? Quarantined)
{
    /// <summary>True when the line parsed into an <see cref="AuditEvent"/>.</summary>
    public bool IsEvent => Event is not null;
}
