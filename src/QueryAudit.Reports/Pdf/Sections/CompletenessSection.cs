using QueryAudit.Core.Reporting;
using QueryAudit.Reports.Csv;
using QueryAudit.Reports.Layout;
using QueryAudit.Reports.Text;

namespace QueryAudit.Reports.Pdf.Sections;

/// <summary>
/// Completeness of the log population: coverage heatmap, first and last event per instance, gaps, unparsed lines,
/// duplicates, audit-configuration changes, late events and the inputs with their SHA-256.
/// </summary>
internal static class CompletenessSection
{
    public static void Write(ReportContext context)
    {
        CompletenessReport completeness = context.Model.Completeness;
        ReportText text = context.Text;
        ReportClock clock = context.Clock;

        context.Flow.NewPage();
        context.Heading1(text["completeness.title"]);
        context.Paragraph(text["completeness.intro"]);

        context.Heading2(text["completeness.heatmap"]);
        if (completeness.Instances.Count == 0)
        {
            context.Paragraph(text["completeness.no_instances"]);
        }
        else
        {
            context.Note(text.Format("completeness.heatmap_legend", clock.ZoneLabel(context.Model.Header.PeriodStart)));
            List<DateOnly> days = SummarySection.PeriodDays(context);
            Charts.CoverageHeatmap(context, days, [.. completeness.Instances.Select(instance => (instance.Instance, HoursWithEvents(context, instance, days)))]);
        }

        context.Heading2(text["completeness.counts"]);
        context.KeyValues(
        [
            (text["completeness.gaps_count"], ReportText.Number(completeness.Gaps.Count)),
            (text["completeness.unparsed_lines"], ReportText.Number(completeness.UnparsedLines)),
            (text["completeness.duplicates_removed"], ReportText.Number(completeness.DuplicatesRemoved)),
            (text["completeness.audit_config_changes"], ReportText.Number(completeness.AuditConfigChanges)),
            (text["completeness.late_events"], ReportText.Number(completeness.LateEvents)),
            (text["completeness.events_outside_period"], ReportText.Number(completeness.EventsOutsidePeriod)),
        ], keyWeight: 0.45);

        context.Heading2(text["completeness.instances"]);
        TableSpec instances = new()
        {
            Columns =
            [
                new TableColumn(text["column.instance"], 2),
                new TableColumn(text["column.first_event"], 1.4) { NoWrap = true },
                new TableColumn(text["column.last_event"], 1.4) { NoWrap = true },
                new TableColumn(text["column.events"], 1, AlignRight: true),
            ],
        };
        foreach (InstanceCoverage instance in completeness.Instances)
        {
            instances.AddRow(
                instance.Instance,
                instance.FirstEvent is { } first ? clock.DateTime(first) : "—",
                instance.LastEvent is { } last ? clock.DateTime(last) : "—",
                ReportText.Number(instance.Events));
        }

        context.TableOrAppendix(instances, text["completeness.instances"], "completeness.no_instances");

        context.Heading2(text["completeness.gaps"]);
        context.Note(text["completeness.gaps_intro"]);
        TableSpec gaps = new()
        {
            Columns =
            [
                new TableColumn(text["column.instance"], 1.6),
                new TableColumn(text["column.from"], 1.3) { NoWrap = true },
                new TableColumn(text["column.to"], 1.3) { NoWrap = true },
                new TableColumn(text["column.duration"], 0.9, AlignRight: true),
                new TableColumn(text["column.reason"], 1.6),
            ],
        };
        foreach (LogGap gap in completeness.Gaps)
        {
            gaps.AddRow(gap.Instance, clock.DateTime(gap.From), clock.DateTime(gap.To), Duration(text, gap.To - gap.From), text["gap_cause." + CsvValues.SnakeCase(gap.Cause.ToString())]);
        }

        context.TableOrAppendix(gaps, text["completeness.gaps"], "completeness.no_gaps");

        context.Heading2(text["completeness.unparsed_by_source"]);
        TableSpec unparsed = new()
        {
            Columns = [new TableColumn(text["column.source"], 4), new TableColumn(text["column.lines"], 1, AlignRight: true)],
        };
        foreach (KeyValuePair<string, long> source in completeness.UnparsedBySource.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            unparsed.AddRow(source.Key, ReportText.Number(source.Value));
        }

        context.TableOrAppendix(unparsed, text["completeness.unparsed_by_source"], "completeness.no_unparsed");
        foreach (KeyValuePair<string, long> source in completeness.UnreadRestBySource)
        {
            context.Note(text.Format("completeness.unread_rest", source.Key, ReportText.Number(source.Value)));
        }

        context.Heading2(text["completeness.inputs"]);
        TableSpec inputs = new()
        {
            Columns =
            [
                new TableColumn(text["column.input"], 2.4),
                new TableColumn(text["column.format"], 0.9),
                new TableColumn(text["column.lines"], 0.8, AlignRight: true),
                new TableColumn(text["column.events"], 0.8, AlignRight: true),
                new TableColumn(text["column.unparsed"], 0.7, AlignRight: true),
                new TableColumn(text["column.bytes"], 0.9, AlignRight: true),
                new TableColumn(text["column.sha256"], 2.4),
            ],
            FontSize = 7,
        };
        foreach (InputSummary input in completeness.Inputs)
        {
            inputs.AddRow(input.Name, input.Format, ReportText.Number(input.Lines), ReportText.Number(input.Events), ReportText.Number(input.Unparsed), ReportText.Number(input.Bytes), input.Sha256);
        }

        context.TableOrAppendix(inputs, text["completeness.inputs"], "completeness.no_inputs");
    }

    /// <summary>
    /// Counts, per local day of the period, the hours (keyed by their UTC start) with at least one event. A day
    /// without events counts 0, so a silent day shows red in the heatmap.
    /// </summary>
    internal static int?[] HoursWithEvents(ReportContext context, InstanceCoverage instance, IReadOnlyList<DateOnly> days)
    {
        Dictionary<DateOnly, int> index = [];
        for (int i = 0; i < days.Count; i++)
        {
            index[days[i]] = i;
        }

        int?[] hours = new int?[days.Count];
        for (int i = 0; i < hours.Length; i++)
        {
            hours[i] = 0;
        }

        foreach (KeyValuePair<DateTimeOffset, long> hour in instance.HourlyCounts)
        {
            if (hour.Value > 0 && index.TryGetValue(context.Clock.Day(hour.Key), out int day))
            {
                hours[day]++;
            }
        }

        return hours;
    }

    public static string Duration(ReportText text, TimeSpan duration)
    {
        if (duration.TotalHours >= 1)
        {
            return text.Format("duration.hours_minutes", (long)duration.TotalHours, duration.Minutes);
        }

        return text.Format("duration.minutes_seconds", duration.Minutes, duration.Seconds);
    }
}
