namespace QueryAudit.Core.State;

/// <summary>
/// Where reading of one source (log stream, S3 prefix, file) stopped at the last commit.
/// </summary>
/// <param name="SourceKey">The source's key.</param>
/// <param name="StateJson">The reader's own JSON document; the store does not interpret it.</param>
/// <param name="UpdatedAt">When it was committed, UTC.</param>
public sealed record SourceCheckpoint(string SourceKey, string StateJson, DateTimeOffset UpdatedAt);
