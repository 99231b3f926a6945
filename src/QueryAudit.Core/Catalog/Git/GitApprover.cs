namespace QueryAudit.Core.Catalog.Git;

/// <summary>
/// A person named as approver by a trailer of one of a script's commits.
/// </summary>
/// <param name="Name">The name part of the trailer value.</param>
/// <param name="Email">The e-mail part, or null.</param>
/// <param name="Trailer">Which trailer named the person: <c>Approved-by</c>, <c>Reviewed-by</c> or <c>Co-authored-by</c>.</param>
/// <param name="CommitSha">The commit whose message carried the trailer.</param>
public sealed record GitApprover(string Name, string? Email, string Trailer, string CommitSha);
