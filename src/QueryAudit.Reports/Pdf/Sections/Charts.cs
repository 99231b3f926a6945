using System.Globalization;
using QueryAudit.Reports.Layout;

namespace QueryAudit.Reports.Pdf.Sections;

/// <summary>
/// Vector charts built from rectangles, lines and text: horizontal bars by category, vertical bars by day, and
/// the coverage heatmap (instance by day).
/// </summary>
internal static class Charts
{
    private static readonly RgbColor Empty = RgbColor.FromHex(0xD9D9D9);
    private static readonly RgbColor None = RgbColor.FromHex(0xC0392B);
    private static readonly RgbColor Half = RgbColor.FromHex(0xF1C40F);
    private static readonly RgbColor Full = RgbColor.FromHex(0x27AE60);

    /// <summary>Draws one horizontal bar per category, longest value to full width, with the count after the bar.</summary>
    public static void HorizontalBars(ReportContext context, string title, IReadOnlyList<(string Label, long Value)> bars)
    {
        PageFlow flow = context.Flow;
        TextStyle label = Theme.ChartLabel;
        const double BarHeight = 9;
        const double Gap = 3;
        double labelWidth = Math.Min(flow.Geometry.ContentWidth * 0.38, bars.Max(bar => Width(flow, bar.Label, label)) + 6);
        double chartWidth = flow.Geometry.ContentWidth - labelWidth - 40;
        long max = Math.Max(1, bars.Max(bar => bar.Value));

        double height = (bars.Count * (BarHeight + Gap)) + 4;
        context.Heading3(title, keepWithNext: height);
        string alt = context.Text.Format("chart.alt", title, context.Text.Join(bars.Select(bar => bar.Label + " " + Text.ReportText.Number(bar.Value))));
        flow.Block(height, (ops, left, top) =>
        {
            double y = top;
            foreach ((string text, long value) in bars)
            {
                List<TextLine> lines = flow.Breaker.Break(text, labelWidth - 6, label);
                ops.Add(new TextOp(left + labelWidth - 6 - lines[0].Width, y + ((BarHeight - label.LineHeight) / 2), lines[0].Text, label, TextRole.Chart));
                double barWidth = chartWidth * value / max;
                ops.Add(new RectOp(left + labelWidth, y, Math.Max(barWidth, 0.5), BarHeight, Theme.Bar));
                string count = Text.ReportText.Number(value);
                ops.Add(new TextOp(left + labelWidth + barWidth + 3, y + ((BarHeight - label.LineHeight) / 2), count, label, TextRole.Chart));
                y += BarHeight + Gap;
            }
        }, alt);
    }

    /// <summary>Draws one vertical bar per day with the day of month below it and a scale on the left.</summary>
    public static void DailyBars(ReportContext context, string title, IReadOnlyList<(DateOnly Day, long Value)> days)
    {
        PageFlow flow = context.Flow;
        TextStyle label = Theme.ChartLabel;
        const double PlotHeight = 90;
        const double AxisWidth = 30;
        double plotWidth = flow.Geometry.ContentWidth - AxisWidth;
        long max = NiceCeiling(Math.Max(1, days.Max(day => day.Value)));
        double slot = plotWidth / days.Count;

        // Label every day while the labels fit side by side; in a longer period label every few days.
        int labelStep = (int)Math.Ceiling((Width(flow, "30", label) + 3) / slot);

        // Room above the plot for the top tick label, which is centred on the top grid line.
        const double TopPadding = 6;
        context.Heading3(title, keepWithNext: PlotHeight + TopPadding + 16);
        string alt = context.Text.Format("chart.alt", title, context.Text.Join(days.Where(day => day.Value > 0).Select(day => context.Text.Format("chart.day_value", context.Clock.Date(day.Day), day.Value))));
        flow.Block(PlotHeight + TopPadding + 16, (ops, left, top) =>
        {
            double plotLeft = left + AxisWidth;
            double bottom = top + TopPadding + PlotHeight;
            for (int tick = 0; tick <= 4; tick++)
            {
                long value = max * tick / 4;
                double y = bottom - (PlotHeight * tick / 4);
                ops.Add(new LineOp(plotLeft, y, plotLeft + plotWidth, y, tick == 0 ? Theme.Muted : Theme.Rule, tick == 0 ? 0.6 : 0.3));
                string text = Text.ReportText.Number(value);
                ops.Add(new TextOp(plotLeft - 3 - Width(flow, text, label), y - (label.LineHeight / 2), text, label, TextRole.Chart));
            }

            for (int i = 0; i < days.Count; i++)
            {
                double x = plotLeft + (i * slot);
                double barHeight = PlotHeight * days[i].Value / max;
                if (days[i].Value > 0)
                {
                    ops.Add(new RectOp(x + (slot * 0.15), bottom - barHeight, slot * 0.7, barHeight, Theme.Bar));
                }

                if (i % labelStep == 0)
                {
                    string day = days[i].Day.Day.ToString(CultureInfo.InvariantCulture);
                    ops.Add(new TextOp(x + ((slot - Width(flow, day, label)) / 2), bottom + 2, day, label, TextRole.Chart));
                }
            }
        }, alt);
    }

    /// <summary>
    /// Draws the coverage heatmap: one row per instance, one cell per local day, each cell coloured and labelled
    /// with the number of hours that had at least one event (red 0, yellow 12, green 24; grey when the day is
    /// outside the period).
    /// </summary>
    public static void CoverageHeatmap(ReportContext context, IReadOnlyList<DateOnly> days, IReadOnlyList<(string Instance, int?[] HoursWithEvents)> rows)
    {
        PageFlow flow = context.Flow;
        TextStyle label = Theme.ChartLabel;
        TextStyle cellLabel = new(5.5, Color: Theme.Ink);
        const double RowHeight = 12;
        double labelWidth = Math.Min(flow.Geometry.ContentWidth * 0.3, rows.Max(row => Width(flow, row.Instance, label)) + 6);
        double cellWidth = (flow.Geometry.ContentWidth - labelWidth) / Math.Max(days.Count, 1);

        // Numbers and day labels are printed only while they fit their cells; a long period shows colour alone.
        bool numbersFit = Width(flow, "24", cellLabel) + 1 <= cellWidth - 0.8;
        int labelStep = (int)Math.Ceiling((Width(flow, "30", label) + 3) / cellWidth);

        // A block is kept on one page, so very many instances are drawn in chunks that each fit.
        const int RowsPerBlock = 40;
        for (int first = 0; first < rows.Count; first += RowsPerBlock)
        {
            int count = Math.Min(RowsPerBlock, rows.Count - first);
            int offset = first;
            string alt = context.Text.Join(rows.Skip(first).Take(count).Select(row => HeatmapAlt(context, days, row.Instance, row.HoursWithEvents)));
            flow.Block((count * RowHeight) + 14, (ops, left, top) =>
            {
                for (int r = 0; r < count; r++)
                {
                    (string instance, int?[] hours) = rows[offset + r];
                    double y = top + (r * RowHeight);
                    List<TextLine> lines = flow.Breaker.Break(instance, labelWidth - 6, label);
                    ops.Add(new TextOp(left, y + ((RowHeight - label.LineHeight) / 2), lines[0].Text, label, TextRole.Chart));
                    for (int d = 0; d < days.Count; d++)
                    {
                        double x = left + labelWidth + (d * cellWidth);
                        int? value = hours[d];
                        ops.Add(new RectOp(x, y, cellWidth - 0.8, RowHeight - 0.8, HeatColor(value)));
                        if (value is { } v && numbersFit)
                        {
                            string text = v.ToString(CultureInfo.InvariantCulture);
                            ops.Add(new TextOp(x + ((cellWidth - 0.8 - Width(flow, text, cellLabel)) / 2), y + ((RowHeight - 0.8 - cellLabel.LineHeight) / 2), text, cellLabel, TextRole.Chart));
                        }
                    }
                }

                double axis = top + (count * RowHeight) + 1;
                for (int d = 0; d < days.Count; d += labelStep)
                {
                    string day = days[d].Day.ToString(CultureInfo.InvariantCulture);
                    double x = left + labelWidth + (d * cellWidth);
                    ops.Add(new TextOp(x + ((cellWidth - Width(flow, day, label)) / 2), axis, day, label, TextRole.Chart));
                }
            }, alt);
        }
    }

    /// <summary>Describes one heatmap row in words: days with events in every hour, and the day with the fewest hours.</summary>
    private static string HeatmapAlt(ReportContext context, IReadOnlyList<DateOnly> days, string instance, int?[] hours)
    {
        int full = hours.Count(value => value == 24);
        int lowest = 0;
        for (int d = 1; d < hours.Length; d++)
        {
            if ((hours[d] ?? 24) < (hours[lowest] ?? 24))
            {
                lowest = d;
            }
        }

        string lowestDay = days.Count == 0 ? "" : context.Clock.Date(days[lowest]);
        return context.Text.Format("chart.heatmap_alt", instance, full, days.Count, hours.Length == 0 ? 0 : hours[lowest] ?? 0, lowestDay);
    }

    public static RgbColor HeatColor(int? hours) => hours switch
    {
        null => Empty,
        <= 12 => None.Blend(Half, hours.Value / 12.0),
        _ => Half.Blend(Full, (hours.Value - 12) / 12.0),
    };

    /// <summary>Returns the axis maximum: four ticks, each 1, 2 or 5 times a power of ten, reaching at least <paramref name="value"/>.</summary>
    internal static long NiceCeiling(long value)
    {
        long quarter = Math.Max(1, (value + 3) / 4);
        long power = 1;
        while (true)
        {
            foreach (long step in (ReadOnlySpan<long>)[1, 2, 5])
            {
                if (step * power >= quarter)
                {
                    return step * power * 4;
                }
            }

            power *= 10;
        }
    }

    private static double Width(PageFlow flow, string text, TextStyle style) =>
        flow.Breaker.Break(text, double.MaxValue, style)[0].Width;
}
