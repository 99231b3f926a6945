namespace QueryAudit.Reports.Layout;

/// <summary>
/// A table to lay out: columns with relative widths, a header row repeated on every page the table spans, and rows of text cells.
/// </summary>
internal sealed class TableSpec
{
    public required IReadOnlyList<TableColumn> Columns { get; init; }

    public List<IReadOnlyList<string>> Rows { get; } = [];

    /// <summary>Text size of the cells in points.</summary>
    public double FontSize { get; init; } = 7.5;

    /// <summary>Shade every other row, which helps the eye follow wide rows.</summary>
    public bool Zebra { get; init; } = true;

    /// <summary>Row heights at least this many points, e.g. for signature lines.</summary>
    public double MinRowHeight { get; init; }

    /// <summary>False for key-value lists, which have no header row.</summary>
    public bool ShowHeader { get; init; } = true;

    /// <summary>Draw the first column in bold, e.g. the keys of a key-value list.</summary>
    public bool BoldFirstColumn { get; init; }

    public void AddRow(params IReadOnlyList<string> cells)
    {
        if (cells.Count != Columns.Count)
        {
            throw new ArgumentException($"A row has {cells.Count} cells but the table has {Columns.Count} columns.", nameof(cells));
        }

        Rows.Add(cells);
    }
}

/// <summary>
/// A table column: header text, width as a share of the table width, and alignment. A right-aligned or
/// <see cref="NoWrap"/> column is made wide enough for its widest line, so numbers, times and ids never wrap.
/// </summary>
internal sealed record TableColumn(string Header, double Weight, bool AlignRight = false)
{
    /// <summary>Keep every line of every cell on one line; the other columns share the remaining width.</summary>
    public bool NoWrap { get; init; } = AlignRight;
}
