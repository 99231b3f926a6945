namespace QueryAudit.Core.State;

/// <summary>
/// A stored statement of one connection, shown as context around a finding.
/// </summary>
/// <param name="At">When it ran, UTC.</param>
/// <param name="QueryId">The server's query id.</param>
/// <param name="Kind"><c>finding</c> or <c>approved</c>.</param>
/// <param name="Reference">The finding id, or the approved script and statement number.</param>
/// <param name="Text">The statement with literals masked for findings, or a description of the approved statement.</param>
public sealed record ConnectionStatement(DateTimeOffset At, long QueryId, string Kind, string Reference, string Text);
