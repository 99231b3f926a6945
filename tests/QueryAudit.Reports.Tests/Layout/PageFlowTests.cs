using System.Globalization;
using NUnit.Framework;
using QueryAudit.Reports.Layout;

namespace QueryAudit.Reports.Tests.Layout;

[TestFixture]
public sealed class PageFlowTests
{
    // A small page keeps the tests readable: 200 x 300 pt, content 180 x 260 pt.
    private static readonly PageGeometry Page = new(200, 300, 10, 20, 10, 20);

    [Test]
    public void Table_LongerThanPage_RepeatsHeaderOnEveryPage()
    {
        PageFlow flow = new(Page, new FixedWidthMeasurer());
        TableSpec table = Table(rows: 80);

        flow.Table(table);

        Assert.That(flow.Pages, Has.Count.GreaterThan(2));
        foreach (LaidOutPage page in flow.Pages)
        {
            List<TextOp> headers = [.. page.Texts.Where(text => text.Role == TextRole.TableHeader)];
            Assert.That(headers.Select(text => text.Text), Is.EqualTo(HeaderTexts), "header on every page");
            Assert.That(headers.Max(text => text.Top), Is.LessThan(page.Texts.Where(text => text.Role == TextRole.TableCell).Min(text => text.Top)), "header above the rows");
        }
    }

    [Test]
    public void Table_LongerThanPage_KeepsEveryRowOnceAndInOrder()
    {
        PageFlow flow = new(Page, new FixedWidthMeasurer());

        flow.Table(Table(rows: 80));

        List<string> ids = [.. flow.Pages.SelectMany(page => page.Texts).Where(text => text.Role == TextRole.TableCell && text.Text.StartsWith('r')).Select(text => text.Text)];
        Assert.That(ids, Is.EqualTo(Enumerable.Range(0, 80).Select(i => "r" + i.ToString(CultureInfo.InvariantCulture))));
    }

    [Test]
    public void Table_Rows_StayInsideContentArea()
    {
        PageFlow flow = new(Page, new FixedWidthMeasurer());

        flow.Table(Table(rows: 80, valueLength: 120));

        foreach (TextOp text in flow.Pages.SelectMany(page => page.Texts))
        {
            Assert.That(text.Top, Is.GreaterThanOrEqualTo(Page.MarginTop));
            Assert.That(text.Top + text.Style.LineHeight, Is.LessThanOrEqualTo(Page.ContentBottom + 0.001), text.Text);
            Assert.That(text.X, Is.GreaterThanOrEqualTo(Page.MarginLeft));
        }
    }

    [Test]
    public void Table_ShortRowThatDoesNotFit_MovesWhole()
    {
        PageFlow flow = new(Page, new FixedWidthMeasurer());
        flow.Paragraph(string.Join('\n', Enumerable.Repeat("filler", 22)), new TextStyle(8));

        flow.Table(Table(rows: 3, valueLength: 60));

        // Each row wraps to several lines; no row may have lines on two pages.
        foreach (string id in (string[])["r0", "r1", "r2"])
        {
            List<int> pages = [.. flow.Pages.Select((page, index) => (page, index)).Where(pair => pair.page.Texts.Any(text => text.Text == id)).Select(pair => pair.index)];
            Assert.That(pages, Has.Count.EqualTo(1), id);
        }
    }

    [Test]
    public void Table_RowTallerThanPage_SplitsBetweenLinesWithoutLosingAny()
    {
        PageFlow flow = new(Page, new FixedWidthMeasurer());
        TableSpec table = new() { Columns = [new TableColumn("id", 1), new TableColumn("statement", 4)], FontSize = 8 };
        string statement = string.Join(' ', Enumerable.Range(0, 3000).Select(i => "t" + i.ToString(CultureInfo.InvariantCulture)));
        table.AddRow("r0", statement);

        flow.Table(table);

        Assert.That(flow.Pages, Has.Count.GreaterThan(2));
        string printed = string.Join(' ', flow.Pages.SelectMany(page => page.Texts).Where(text => text.Role == TextRole.TableCell && text.Text != "r0").Select(text => text.Text));
        Assert.That(printed, Is.EqualTo(statement));
        Assert.That(flow.Pages.All(page => page.Texts.Any(text => text.Role == TextRole.TableHeader)), Is.True, "header repeated");
    }

    [Test]
    public void Table_NoWrapColumn_FitsItsWidestLine()
    {
        PageFlow flow = new(Page, new FixedWidthMeasurer());
        TableSpec table = new() { Columns = [new TableColumn("time", 1) { NoWrap = true }, new TableColumn("text", 1)], FontSize = 8 };
        table.AddRow("2026-12-05 13:53:15", "short");

        flow.Table(table);

        Assert.That(flow.Pages[0].Texts.Where(text => text.Role == TextRole.TableCell).Select(text => text.Text), Does.Contain("2026-12-05 13:53:15"));
    }

    [Test]
    public void Block_ThatDoesNotFit_MovesToNextPage()
    {
        PageFlow flow = new(Page, new FixedWidthMeasurer());
        flow.Paragraph(string.Join('\n', Enumerable.Repeat("filler", 20)), new TextStyle(8));
        double drawnAt = -1;

        flow.Block(100, (ops, left, top) => drawnAt = top);

        Assert.That(flow.Pages, Has.Count.EqualTo(2));
        Assert.That(drawnAt, Is.EqualTo(Page.MarginTop));
    }

    [Test]
    public void Block_TallerThanPage_IsRejected()
    {
        PageFlow flow = new(Page, new FixedWidthMeasurer());

        Assert.Throws<ArgumentOutOfRangeException>(() => flow.Block(Page.ContentHeight + 1, (_, _, _) => { }));
    }

    [Test]
    public void Heading_NearPageEnd_MovesWithWhatFollows()
    {
        PageFlow flow = new(Page, new FixedWidthMeasurer());
        flow.Paragraph(string.Join('\n', Enumerable.Repeat("filler", 23)), new TextStyle(8));

        flow.Heading("Gaps", new TextStyle(12, Bold: true), TextRole.Heading2);

        Assert.That(flow.Pages, Has.Count.EqualTo(2));
        Assert.That(flow.Pages[1].Texts.First().Text, Is.EqualTo("Gaps"));
    }

    [Test]
    public void KeepTogetherParagraph_ThatDoesNotFit_MovesWhole()
    {
        PageFlow flow = new(Page, new FixedWidthMeasurer());
        flow.Paragraph(string.Join('\n', Enumerable.Repeat("filler", 22)), new TextStyle(8));

        flow.Paragraph("one\ntwo\nthree\nfour", new TextStyle(8), keepTogether: true);

        Assert.That(flow.Pages[1].Texts.Select(text => text.Text), Is.EqualTo(FourLines));
    }

    [Test]
    public void AddFooters_NumbersEveryPageOfTotal()
    {
        PageFlow flow = new(Page, new FixedWidthMeasurer());
        flow.Table(Table(rows: 80));

        flow.AddFooters((_, _) => "2026-12", (page, pages) => $"Page {page} of {pages}", new TextStyle(6));

        for (int i = 0; i < flow.Pages.Count; i++)
        {
            List<string> footers = [.. flow.Pages[i].Texts.Where(text => text.Role == TextRole.Footer).Select(text => text.Text)];
            Assert.That(footers, Is.EqualTo(new[] { "2026-12", $"Page {i + 1} of {flow.Pages.Count}" }), $"page {i + 1}");
        }
    }

    [Test]
    public void NewPage_OnEmptyPage_DoesNotAddBlankPage()
    {
        PageFlow flow = new(Page, new FixedWidthMeasurer());

        flow.NewPage();
        flow.NewPage();

        Assert.That(flow.Pages, Has.Count.EqualTo(1));
    }

    private static readonly string[] HeaderTexts = ["id", "value"];

    private static readonly string[] FourLines = ["one", "two", "three", "four"];

    private static TableSpec Table(int rows, int valueLength = 10)
    {
        TableSpec table = new() { Columns = [new TableColumn("id", 1), new TableColumn("value", 3)], FontSize = 8 };
        for (int i = 0; i < rows; i++)
        {
            table.AddRow("r" + i.ToString(CultureInfo.InvariantCulture), string.Join(' ', Enumerable.Repeat("word", valueLength / 5)));
        }

        return table;
    }
}
