namespace QueryAudit.Reports.Layout;

/// <summary>
/// One laid-out line: its text without trailing spaces and its width in points.
/// </summary>
internal readonly record struct TextLine(string Text, double Width);
