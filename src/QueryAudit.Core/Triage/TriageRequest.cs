namespace QueryAudit.Core.Triage;

/// <summary>
/// What a reviewer asks to do to one or more findings.
/// </summary>
/// <param name="Action">The decision.</param>
/// <param name="Reviewer">The reviewer's name as the policy lists it.</param>
/// <param name="Ticket">Ticket reference; required to explain.</param>
/// <param name="Note">The explanation, dismissal reason or escalation note; required to dismiss and to escalate.</param>
public sealed record TriageRequest(TriageAction Action, string Reviewer, string? Ticket, string? Note);
