namespace QueryAudit.Core.Reconciliation;

/// <summary>
/// Human reads that the policy treats as information, counted per account and template.
/// </summary>
public sealed record InformationalRead(string Account, string Template, long Count, DateTimeOffset First, DateTimeOffset Last);
