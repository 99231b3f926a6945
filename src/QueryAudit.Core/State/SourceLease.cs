namespace QueryAudit.Core.State;

/// <summary>
/// A task's claim on a source, valid until <see cref="ExpiresAt"/> unless renewed.
/// </summary>
/// <param name="SourceKey">The leased source.</param>
/// <param name="Owner">The task holding it (host name and process id, or an ECS task id).</param>
/// <param name="AcquiredAt">When the current owner took it, UTC.</param>
/// <param name="ExpiresAt">When it lapses without a renewal, UTC.</param>
public sealed record SourceLease(string SourceKey, string Owner, DateTimeOffset AcquiredAt, DateTimeOffset ExpiresAt);
