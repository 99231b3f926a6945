namespace QueryAudit.Core.Reporting;

/// <summary>
/// What an amendment report amends: a month's report that was frozen before late events for the month arrived.
/// </summary>
/// <param name="Number">1 for the first amendment of the period, then 2, 3 and so on.</param>
/// <param name="AmendsReportSha256">SHA-256 of the frozen report, as recorded when it was frozen.</param>
/// <param name="FrozenAt">When the amended report was frozen, UTC.</param>
/// <param name="LateEvents">Events for the period that arrived after the freeze, up to this amendment.</param>
public sealed record ReportAmendment(int Number, string AmendsReportSha256, DateTimeOffset FrozenAt, long LateEvents);
