using NUnit.Framework;
using QueryAudit.Reports.Layout;
using QueryAudit.Reports.Pdf;

namespace QueryAudit.Reports.Tests.Layout;

[TestFixture]
public sealed class TableColumnWidthTests
{
    // Content 180 x 260 units of FixedWidthMeasurer: Latin 1, Japanese 2.
    private static readonly PageGeometry Page = new(200, 300, 10, 20, 10, 20);

    [Test]
    public void NarrowColumn_KatakanaHeader_StaysOneWord()
    {
        PageFlow flow = new(Page, new FixedWidthMeasurer());
        TableSpec table = new() { Columns = [new TableColumn("インスタンス", 1), new TableColumn("text", 20)], FontSize = 8 };
        table.AddRow("vm", "short");

        flow.Table(table);

        Assert.That(HeaderLines(flow), Does.Contain("インスタンス"));
    }

    [Test]
    public void NarrowColumn_KatakanaHeader_WidensColumn()
    {
        PageFlow flow = new(Page, new FixedWidthMeasurer());
        TableSpec table = new() { Columns = [new TableColumn("インスタンス", 1), new TableColumn("text", 20)], FontSize = 8 };
        TextStyle cell = new(8);

        double[] widths = TableLayout.ColumnWidths(flow, table, cell, cell.WithBold());

        Assert.That(widths[0], Is.GreaterThanOrEqualTo(12 + (2 * Theme.CellPaddingX)));
        Assert.That(widths.Sum(), Is.EqualTo(Page.ContentWidth).Within(1e-9));
    }

    // The real fonts at the summary table's 8 pt: the whole header is wider in bold than a count column needs for its
    // numbers, so the header has to wrap, but only after the katakana word.
    [TestCase("エスカレーション済み", "エスカレーション")]
    [TestCase("インスタンス数", "インスタンス")]
    public void CountColumn_KatakanaHeader_WrapsAtWordBoundary(string header, string word)
    {
        using PdfTextMeasurer measurer = new();
        PageFlow flow = new(PageGeometry.A4, measurer);
        TableSpec table = new()
        {
            Columns =
            [
                new TableColumn("重要度", 3),
                new TableColumn("未対応", 1, AlignRight: true),
                new TableColumn(header, 1, AlignRight: true),
                new TableColumn("説明済み", 1, AlignRight: true),
                new TableColumn("合計", 1, AlignRight: true),
            ],
            FontSize = 8,
        };
        table.AddRow("重大", "6", "0", "0", "6");

        flow.Table(table);

        List<string> lines = HeaderLines(flow);
        Assert.That(lines, Does.Contain(word), string.Join('|', lines));
        Assert.That(string.Concat(lines), Does.Contain(header), "the header lines are in order");
        Assert.That(lines, Does.Contain("未対応"), "a short header stays on one line");
        Assert.That(lines, Does.Contain("説明済み"), "a short header stays on one line");
    }

    [Test]
    public void WidenToMinimums_SpareWidth_TakenInProportion()
    {
        double[] widths = [5, 50, 25];
        double[] minimums = [15, 10, 15];

        TableLayout.WidenToMinimums(widths, minimums, _ => true);

        Assert.That(widths[0], Is.EqualTo(15).Within(1e-9));
        Assert.That(widths[1], Is.EqualTo(50 - (10 * 40.0 / 50)).Within(1e-9));
        Assert.That(widths[2], Is.EqualTo(25 - (10 * 10.0 / 50)).Within(1e-9));
        Assert.That(widths.Sum(), Is.EqualTo(80).Within(1e-9));
    }

    [Test]
    public void WidenToMinimums_TooLittleSpare_SharesSpare()
    {
        double[] widths = [5, 12, 5];
        double[] minimums = [15, 10, 15];

        TableLayout.WidenToMinimums(widths, minimums, _ => true);

        Assert.That(widths[1], Is.EqualTo(10).Within(1e-9));
        Assert.That(widths[0], Is.EqualTo(6).Within(1e-9));
        Assert.That(widths[2], Is.EqualTo(6).Within(1e-9));
    }

    [Test]
    public void WidenToMinimums_FixedColumn_NeverShrinks()
    {
        double[] widths = [5, 50, 25];
        double[] minimums = [15, 10, 15];

        TableLayout.WidenToMinimums(widths, minimums, index => index != 1);

        Assert.That(widths[1], Is.EqualTo(50));
        Assert.That(widths[2], Is.EqualTo(15).Within(1e-9));
        Assert.That(widths[0], Is.EqualTo(15).Within(1e-9));
    }

    private static List<string> HeaderLines(PageFlow flow) =>
        [.. flow.Pages[0].Texts.Where(text => text.Role == TextRole.TableHeader).Select(text => text.Text)];
}
