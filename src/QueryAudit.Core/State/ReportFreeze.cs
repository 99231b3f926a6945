namespace QueryAudit.Core.State;

/// <summary>
/// A report period whose report was issued: events for it that arrive later are counted as late and produce an
/// amendment, never a change to the frozen report.
/// </summary>
/// <param name="Period">Period label, e.g. <c>2026-12</c>.</param>
/// <param name="FrozenAt">When the report was frozen, UTC.</param>
/// <param name="ReportSha256">Lower-case hex SHA-256 of the frozen report.</param>
/// <param name="LateEvents">Events for the period that arrived after the freeze.</param>
public sealed record ReportFreeze(string Period, DateTimeOffset FrozenAt, string ReportSha256, long LateEvents);
