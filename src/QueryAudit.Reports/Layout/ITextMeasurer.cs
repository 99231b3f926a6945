namespace QueryAudit.Reports.Layout;

/// <summary>
/// Measures the advance width of one text element (a user-perceived character, which may be a surrogate pair
/// or a base character with combining marks) in points at a given font size.
/// </summary>
internal interface ITextMeasurer
{
    double MeasureElement(ReadOnlySpan<char> element, TextStyle style);
}
