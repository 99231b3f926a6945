namespace QueryAudit.Reports.Csv;

/// <summary>
/// Neutralises spreadsheet formula injection (CSV injection) in exported text cells. Excel, LibreOffice Calc and
/// Google Sheets run a cell that starts with <c>=</c>, <c>+</c>, <c>-</c> or <c>@</c> as a formula, and a leading
/// tab or carriage return can hide such a start. The exports carry text that anyone who can reach the database
/// controls (SQL, account names, client hosts, notes), so such a cell gets an apostrophe in front, as the OWASP
/// "CSV Injection" guidance recommends. A cell that already starts with an apostrophe gets one more, so
/// <see cref="Restore"/> recovers every original value exactly. <c>report.json</c> keeps the values unchanged.
/// </summary>
public static class CsvFormulaGuard
{
    /// <summary>The prefix that makes a spreadsheet read the cell as text.</summary>
    public const char Prefix = '\'';

    /// <summary>Returns <paramref name="value"/> with <see cref="Prefix"/> in front when a spreadsheet could run it as a formula, or when it already starts with the prefix.</summary>
    public static string Neutralize(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return NeedsPrefix(value) ? Prefix + value : value;
    }

    /// <summary>Returns the original value of an exported cell: the cell without one leading <see cref="Prefix"/>, if it has one.</summary>
    public static string Restore(string cell)
    {
        ArgumentNullException.ThrowIfNull(cell);
        return cell.Length > 0 && cell[0] == Prefix ? cell[1..] : cell;
    }

    private static bool NeedsPrefix(string value) =>
        value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' or Prefix;
}
