namespace QueryAudit.Reports.Layout;

/// <summary>
/// Lays content out top to bottom onto pages: headings kept with what follows, paragraphs, tables that continue on
/// the next page with their header row repeated, and blocks (charts, notices) kept together on one page.
/// The result is a list of pages of drawing instructions; footers with "page N of M" are added once the
/// page count is known.
/// </summary>
internal sealed class PageFlow
{
    private readonly List<LaidOutPage> pages = [];
    private LaidOutPage page;
    private double y;

    public PageFlow(PageGeometry geometry, ITextMeasurer measurer)
    {
        Geometry = geometry;
        Measurer = measurer;
        Breaker = new LineBreaker(measurer);
        page = new LaidOutPage();
        pages.Add(page);
        y = geometry.MarginTop;
    }

    public PageGeometry Geometry { get; }

    public ITextMeasurer Measurer { get; }

    public LineBreaker Breaker { get; }

    public IReadOnlyList<LaidOutPage> Pages => pages;

    /// <summary>1-based number of the page being filled.</summary>
    public int PageNumber => pages.Count;

    /// <summary>Top of the free space on the current page, in points from the page top.</summary>
    public double Y => y;

    public double Remaining => Geometry.ContentBottom - y;

    private bool AtPageTop => y <= Geometry.MarginTop;

    /// <summary>Starts a new page unless the current one is still empty.</summary>
    public void NewPage()
    {
        if (AtPageTop && page.Ops.Count == 0)
        {
            return;
        }

        page = new LaidOutPage();
        pages.Add(page);
        y = Geometry.MarginTop;
    }

    /// <summary>Adds vertical space, which is dropped at the top of a page.</summary>
    public void Space(double points)
    {
        if (AtPageTop)
        {
            return;
        }

        y = Math.Min(y + points, Geometry.ContentBottom);
    }

    /// <summary>Moves to a new page when fewer than <paramref name="height"/> points are left.</summary>
    public void EnsureSpace(double height)
    {
        if (height > Remaining && !AtPageTop)
        {
            NewPage();
        }
    }

    /// <summary>Adds a heading, keeping it on the same page as at least <paramref name="keepWithNext"/> points of what follows.</summary>
    public void Heading(string text, TextStyle style, TextRole role, double keepWithNext = 48)
    {
        List<TextLine> lines = Breaker.Break(text, Geometry.ContentWidth, style);
        double height = lines.Count * style.LineHeight;
        EnsureSpace(height + keepWithNext);
        if (!AtPageTop)
        {
            y += style.Size * 0.6;
        }

        StructureNode node = new(role switch
        {
            TextRole.Title or TextRole.Heading1 => StructureKind.Heading1,
            TextRole.Heading2 => StructureKind.Heading2,
            _ => StructureKind.Heading3,
        });
        foreach (TextLine line in lines)
        {
            page.Ops.Add(new TextOp(Geometry.MarginLeft, y, line.Text, style, role) { Node = node });
            y += style.LineHeight;
        }

        y += style.Size * 0.35;
    }

    /// <summary>
    /// Adds a paragraph. It breaks across pages line by line, unless <paramref name="keepTogether"/> is set and it
    /// fits on one page, in which case it moves whole to the next page.
    /// </summary>
    public void Paragraph(string text, TextStyle style, double indent = 0, bool keepTogether = false, TextRole role = TextRole.Body)
    {
        double width = Geometry.ContentWidth - indent;
        List<TextLine> lines = Breaker.Break(text, width, style);
        double height = lines.Count * style.LineHeight;
        if (keepTogether && height <= Geometry.ContentHeight)
        {
            EnsureSpace(height);
        }

        StructureNode node = new(StructureKind.Paragraph);
        LaidOutPage nodePage = page;
        foreach (TextLine line in lines)
        {
            EnsureSpace(style.LineHeight);
            if (page != nodePage)
            {
                // A paragraph that continues on the next page is a second element there.
                node = new StructureNode(StructureKind.Paragraph);
                nodePage = page;
            }

            page.Ops.Add(new TextOp(Geometry.MarginLeft + indent, y, line.Text, style, role) { Node = node });
            y += style.LineHeight;
        }

        y += style.Size * 0.45;
    }

    /// <summary>
    /// Adds a block of fixed height drawn by <paramref name="draw"/> (given the left and top of the block), kept
    /// together on one page. With <paramref name="altText"/> the block is a figure (a chart) read out as that text;
    /// otherwise it is decoration and its text must be tagged by the caller. Blocks taller than a page are not
    /// supported: split them first.
    /// </summary>
    public void Block(double height, Action<List<DrawOp>, double, double> draw, string? altText = null)
    {
        if (height > Geometry.ContentHeight)
        {
            throw new ArgumentOutOfRangeException(nameof(height), height, $"A block of {height:0.#} pt does not fit on a page of {Geometry.ContentHeight:0.#} pt; split it into smaller blocks.");
        }

        EnsureSpace(height);
        if (altText is null)
        {
            draw(page.Ops, Geometry.MarginLeft, y);
        }
        else
        {
            List<DrawOp> figure = [];
            draw(figure, Geometry.MarginLeft, y);
            StructureNode node = new(StructureKind.Figure, altText: altText);
            page.Ops.AddRange(figure.Select(op => op with { Node = node }));
        }

        y += height;
    }

    /// <summary>Adds a table; see <see cref="TableLayout"/>.</summary>
    public void Table(TableSpec table) => new TableLayout(this, table).Run();

    internal void AddOp(DrawOp op) => page.Ops.Add(op);

    internal void Advance(double points) => y += points;

    /// <summary>Width in points of the left footer text; a longer text wraps onto a second line.</summary>
    public double FooterLeftWidth => Geometry.ContentWidth * 0.72;

    /// <summary>Adds a footer line to every page: <paramref name="left"/> and <paramref name="right"/> get the 1-based page number and the page count.</summary>
    public void AddFooters(Func<int, int, string> left, Func<int, int, string> right, TextStyle style)
    {
        double top = Geometry.Height - Geometry.MarginBottom + 18;
        for (int i = 0; i < pages.Count; i++)
        {
            LaidOutPage target = pages[i];
            target.Ops.Add(new LineOp(Geometry.MarginLeft, top - 5, Geometry.Width - Geometry.MarginRight, top - 5, Theme.Rule));

            string leftText = left(i + 1, pages.Count);
            List<TextLine> leftLines = Breaker.Break(leftText, FooterLeftWidth, style);
            for (int line = 0; line < leftLines.Count; line++)
            {
                target.Ops.Add(new TextOp(Geometry.MarginLeft, top + (line * style.LineHeight), leftLines[line].Text, style, TextRole.Footer));
            }

            string rightText = right(i + 1, pages.Count);
            double rightWidth = Breaker.Break(rightText, Geometry.ContentWidth, style)[0].Width;
            target.Ops.Add(new TextOp(Geometry.Width - Geometry.MarginRight - rightWidth, top, rightText, style, TextRole.Footer));
        }
    }
}
