namespace QueryAudit.Reports.Layout;

/// <summary>
/// Lays a <see cref="TableSpec"/> out on a <see cref="PageFlow"/>. A row that does not fit in the space left moves
/// to the next page, where the header row is drawn again. A row taller than a whole page (very long SQL) is split
/// between lines, so no text is ever cut off.
/// </summary>
internal sealed class TableLayout
{
    private readonly PageFlow flow;
    private readonly TableSpec table;
    private readonly double[] widths;
    private readonly TextStyle cellStyle;
    private readonly TextStyle headerStyle;
    private readonly List<TextLine>[] headerCells;
    private readonly double headerHeight;
    private StructureNode tableNode = new(StructureKind.Table);

    public TableLayout(PageFlow flow, TableSpec table)
    {
        this.flow = flow;
        this.table = table;
        cellStyle = new TextStyle(table.FontSize, Color: Theme.Ink);
        headerStyle = cellStyle.WithBold();

        widths = ColumnWidths(flow, table, cellStyle, headerStyle);

        headerCells = [.. table.Columns.Select((column, index) => flow.Breaker.Break(column.Header, InnerWidth(index), headerStyle))];
        headerHeight = table.ShowHeader ? (headerCells.Max(lines => lines.Count) * headerStyle.LineHeight) + (2 * Theme.CellPaddingY) : 0;
    }

    private double LineHeight => cellStyle.LineHeight;

    /// <summary>
    /// Width of each column in points: what no-wrap columns need, the rest shared by weight. Every column is then
    /// widened, at the cost of columns with room to spare, so that its header breaks only between words where room allows.
    /// </summary>
    internal static double[] ColumnWidths(PageFlow flow, TableSpec table, TextStyle cellStyle, TextStyle headerStyle)
    {
        double total = flow.Geometry.ContentWidth;

        // A header word wider than this may still break inside, so a long header cannot squeeze the other columns.
        double maxHeaderWordWidth = total / 5;
        double[] headerMinimums =
        [
            .. table.Columns.Select(column => Math.Min(flow.Breaker.MinContentWidth(column.Header, headerStyle), maxHeaderWordWidth) + (2 * Theme.CellPaddingX) + 0.5),
        ];

        // A no-wrap column is also as wide as each header word up to this width, so short headers (未対応, Escalated)
        // stay on one line. A wider header wraps, like エスカレーション済み after its katakana word.
        const double MaxOneLineHeaderWord = 48;

        double[] widths = new double[table.Columns.Count];
        double fixedWidth = 0;
        for (int i = 0; i < widths.Length; i++)
        {
            if (!table.Columns[i].NoWrap)
            {
                continue;
            }

            double widest = 0;
            foreach (string word in table.Columns[i].Header.Split(' ', '\n'))
            {
                widest = Math.Max(widest, Math.Min(NaturalWidth(flow, word, headerStyle), MaxOneLineHeaderWord));
            }

            TextStyle style = table.BoldFirstColumn && i == 0 ? headerStyle : cellStyle;
            foreach (IReadOnlyList<string> row in table.Rows)
            {
                foreach (string line in row[i].Split('\n'))
                {
                    widest = Math.Max(widest, NaturalWidth(flow, line, style));
                }
            }

            widths[i] = Math.Max(widest + (2 * Theme.CellPaddingX) + 0.5, headerMinimums[i]);
            fixedWidth += widths[i];
        }

        double flexibleWeight = table.Columns.Where(column => !column.NoWrap).Sum(column => column.Weight);
        double remaining = total - fixedWidth;
        if (flexibleWeight <= 0 || remaining < total * 0.25)
        {
            // Nothing to stretch, or the no-wrap columns would squeeze the others too far: share by weight and let text wrap.
            double allWeight = table.Columns.Sum(column => column.Weight);
            widths = [.. table.Columns.Select(column => total * column.Weight / allWeight)];
            WidenToMinimums(widths, headerMinimums, _ => true);
            return widths;
        }

        for (int i = 0; i < widths.Length; i++)
        {
            if (!table.Columns[i].NoWrap)
            {
                widths[i] = remaining * table.Columns[i].Weight / flexibleWeight;
            }
        }

        WidenToMinimums(widths, headerMinimums, i => !table.Columns[i].NoWrap);
        return widths;
    }

    /// <summary>
    /// Widens each column narrower than its minimum, taking the width from the columns that <paramref name="canShrink"/>
    /// allows, in proportion to what they have above their own minimum. When they have too little to spare, the
    /// columns that need width share it in proportion to their need. The sum of the widths never changes.
    /// </summary>
    internal static void WidenToMinimums(double[] widths, double[] minimums, Func<int, bool> canShrink)
    {
        double needed = 0;
        double spare = 0;
        for (int i = 0; i < widths.Length; i++)
        {
            if (widths[i] < minimums[i])
            {
                needed += minimums[i] - widths[i];
            }
            else if (canShrink(i))
            {
                spare += widths[i] - minimums[i];
            }
        }

        if (needed <= 0 || spare <= 0)
        {
            return;
        }

        double transferred = Math.Min(needed, spare);
        for (int i = 0; i < widths.Length; i++)
        {
            if (widths[i] < minimums[i])
            {
                widths[i] += transferred * (minimums[i] - widths[i]) / needed;
            }
            else if (canShrink(i))
            {
                widths[i] -= transferred * (widths[i] - minimums[i]) / spare;
            }
        }
    }

    private static double NaturalWidth(PageFlow flow, string text, TextStyle style) =>
        text.Length == 0 ? 0 : flow.Breaker.Break(text, double.MaxValue, style).Max(line => line.Width);

    public void Run()
    {
        // Start on a new page unless the header and the first two lines of a row fit here.
        flow.EnsureSpace(headerHeight + (2 * LineHeight) + (2 * Theme.CellPaddingY));
        DrawHeader();

        for (int rowIndex = 0; rowIndex < table.Rows.Count; rowIndex++)
        {
            List<TextLine>[] cells = LayoutRow(table.Rows[rowIndex]);
            int lineCount = cells.Max(lines => lines.Count);
            double height = Math.Max((lineCount * LineHeight) + (2 * Theme.CellPaddingY), table.MinRowHeight);
            double fullPage = flow.Geometry.ContentHeight - headerHeight;

            if (height <= flow.Remaining)
            {
                DrawRowPart(cells, rowIndex, 0, lineCount, height);
                continue;
            }

            // A row that fits on a page moves there whole, unless it is so tall that moving it would leave much of this page empty.
            bool tall = height > flow.Geometry.ContentHeight * 0.35;
            bool fewLinesFit = flow.Remaining - (2 * Theme.CellPaddingY) < 4 * LineHeight;
            if (height <= fullPage && (!tall || fewLinesFit))
            {
                ContinueOnNextPage();
                DrawRowPart(cells, rowIndex, 0, lineCount, height);
                continue;
            }

            DrawSplitRow(cells, rowIndex, lineCount);
        }

        flow.Advance(4);
    }

    /// <summary>Draws a row taller than a page in parts, as many lines as fit on each page.</summary>
    private void DrawSplitRow(List<TextLine>[] cells, int rowIndex, int lineCount)
    {
        int first = 0;
        while (first < lineCount)
        {
            int fitting = (int)Math.Floor((flow.Remaining - (2 * Theme.CellPaddingY)) / LineHeight);
            if (fitting < 2)
            {
                ContinueOnNextPage();
                continue;
            }

            int count = Math.Min(fitting, lineCount - first);
            DrawRowPart(cells, rowIndex, first, count, (count * LineHeight) + (2 * Theme.CellPaddingY));
            first += count;
            if (first < lineCount)
            {
                ContinueOnNextPage();
            }
        }
    }

    private void ContinueOnNextPage()
    {
        flow.NewPage();

        // Structure elements stay on one page, so the rest of the table is a second table with its own header row.
        tableNode = new StructureNode(StructureKind.Table);
        DrawHeader();
    }

    private List<TextLine>[] LayoutRow(IReadOnlyList<string> row)
    {
        List<TextLine>[] cells = new List<TextLine>[row.Count];
        for (int i = 0; i < row.Count; i++)
        {
            TextStyle style = table.BoldFirstColumn && i == 0 ? headerStyle : cellStyle;
            cells[i] = flow.Breaker.Break(row[i], InnerWidth(i), style);
        }

        return cells;
    }

    private void DrawHeader()
    {
        if (!table.ShowHeader)
        {
            return;
        }

        double top = flow.Y;
        flow.AddOp(new RectOp(flow.Geometry.MarginLeft, top, flow.Geometry.ContentWidth, headerHeight, Theme.HeaderFill));
        double x = flow.Geometry.MarginLeft;
        StructureNode row = new(StructureKind.TableRow, tableNode);
        for (int i = 0; i < widths.Length; i++)
        {
            DrawLines(headerCells[i], 0, headerCells[i].Count, x, top, i, headerStyle, TextRole.TableHeader, new StructureNode(StructureKind.TableHeaderCell, row));
            x += widths[i];
        }

        flow.Advance(headerHeight);
    }

    private void DrawRowPart(List<TextLine>[] cells, int rowIndex, int firstLine, int lineCount, double height)
    {
        double top = flow.Y;
        double left = flow.Geometry.MarginLeft;
        if (table.Zebra && rowIndex % 2 == 1)
        {
            flow.AddOp(new RectOp(left, top, flow.Geometry.ContentWidth, height, Theme.ZebraFill));
        }

        double x = left;
        StructureNode row = new(StructureKind.TableRow, tableNode);
        for (int i = 0; i < cells.Length; i++)
        {
            TextStyle style = table.BoldFirstColumn && i == 0 ? headerStyle : cellStyle;
            int last = Math.Min(cells[i].Count, firstLine + lineCount);
            StructureKind kind = table.BoldFirstColumn && i == 0 ? StructureKind.TableHeaderCell : StructureKind.TableDataCell;
            DrawLines(cells[i], firstLine, last, x, top, i, style, TextRole.TableCell, new StructureNode(kind, row));
            x += widths[i];
        }

        flow.AddOp(new LineOp(left, top + height, left + flow.Geometry.ContentWidth, top + height, Theme.Rule, 0.4));
        flow.Advance(height);
    }

    private void DrawLines(List<TextLine> lines, int from, int to, double cellLeft, double top, int column, TextStyle style, TextRole role, StructureNode cell)
    {
        double lineTop = top + Theme.CellPaddingY;
        for (int line = from; line < to; line++)
        {
            double x = cellLeft + Theme.CellPaddingX;
            if (table.Columns[column].AlignRight)
            {
                x = cellLeft + widths[column] - Theme.CellPaddingX - lines[line].Width;
            }

            if (lines[line].Text.Length > 0)
            {
                flow.AddOp(new TextOp(x, lineTop, lines[line].Text, style, role) { Node = cell });
            }

            lineTop += style.LineHeight;
        }
    }

    private double InnerWidth(int column) => widths[column] - (2 * Theme.CellPaddingX);
}
