namespace QueryAudit.Core.Policy;

/// <summary>
/// A person who may triage findings, with the database accounts they use themselves (four-eyes checks).
/// </summary>
public sealed record Reviewer(string Name, IReadOnlyList<string> Accounts);
