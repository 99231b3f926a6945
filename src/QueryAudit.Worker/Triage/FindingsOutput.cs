using System.Globalization;
using System.Text;
using System.Text.Json;
using QueryAudit.Core.State;
using QueryAudit.Reports.Csv;

namespace QueryAudit.Worker.Triage;

/// <summary>
/// Writes a list of findings as a table, JSON or CSV. Statements are always written with literals masked; only
/// <c>findings show</c> prints them in full.
/// </summary>
internal static class FindingsOutput
{
    /// <summary>Columns of the CSV output, in order. Names are stable: scripts read them.</summary>
    public static IReadOnlyList<string> CsvColumns { get; } =
    [
        "id", "occurred_at", "severity", "kind", "status", "proposed_status", "reviewers", "ticket", "note", "account", "client_host",
        "instance", "database", "connection_id", "query_id", "template_hash", "statement_masked", "reason", "script", "script_statement",
        "source", "event_count",
    ];

    /// <summary>Writes an aligned text table with times in <paramref name="zone"/>; long statements are cut to fit <paramref name="width"/>.</summary>
    public static void WriteTable(TextWriter output, IReadOnlyList<StoredFinding> findings, TimeZoneInfo zone, int width)
    {
        string[] headers = ["ID", $"TIME ({zone.Id})", "SEVERITY", "KIND", "STATUS", "ACCOUNT", "INSTANCE", "STATEMENT"];
        List<string[]> rows = findings.Select(f => new[]
        {
            f.Finding.Id,
            LocalTime(f.Finding.OccurredAt, zone),
            f.Finding.Severity.ToString().ToLowerInvariant(),
            f.Finding.Kind,
            f.Status,
            f.Finding.Account,
            f.Finding.Instance,
            OneLine(f.Finding.MaskedStatement ?? f.Finding.Reason),
        }).ToList();

        int[] widths = headers.Select((h, i) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(r => r[i].Length))).ToArray();

        // The statement column takes what is left of the line, but never less than 20 characters.
        int fixedWidth = widths.Take(widths.Length - 1).Sum() + (2 * (widths.Length - 1));
        widths[^1] = Math.Min(widths[^1], Math.Max(20, width - fixedWidth));

        WriteRow(output, headers, widths);
        foreach (string[] row in rows)
        {
            WriteRow(output, row, widths);
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{findings.Count} finding(s)"));
    }

    public static void WriteJson(TextWriter output, IReadOnlyList<StoredFinding> findings)
    {
        using MemoryStream buffer = new();
        using (Utf8JsonWriter json = new(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartArray();
            foreach (StoredFinding stored in findings)
            {
                json.WriteStartObject();
                string[] values = CsvValues(stored);
                for (int i = 0; i < CsvColumns.Count; i++)
                {
                    string column = CsvColumns[i];
                    if (column is "connection_id" or "query_id" or "script_statement" or "event_count")
                    {
                        if (values[i].Length == 0)
                        {
                            json.WriteNull(column);
                        }
                        else
                        {
                            json.WriteNumber(column, long.Parse(values[i], CultureInfo.InvariantCulture));
                        }
                    }
                    else if (column == "reviewers")
                    {
                        json.WriteStartArray(column);
                        foreach (string reviewer in stored.Disposition?.Reviewers ?? [])
                        {
                            json.WriteStringValue(reviewer);
                        }

                        json.WriteEndArray();
                    }
                    else
                    {
                        json.WriteString(column, values[i]);
                    }
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        output.WriteLine(Encoding.UTF8.GetString(buffer.ToArray()));
    }

    /// <summary>Writes RFC 4180 CSV: a header row, then one row per finding, CRLF line ends, each cell neutralised by <see cref="CsvFormulaGuard"/>.</summary>
    public static void WriteCsv(TextWriter output, IReadOnlyList<StoredFinding> findings)
    {
        WriteCsvRecord(output, CsvColumns);
        foreach (StoredFinding stored in findings)
        {
            WriteCsvRecord(output, CsvValues(stored));
        }
    }

    /// <summary>Formats an instant in the time zone as <c>yyyy-MM-dd HH:mm:ss</c>.</summary>
    public static string LocalTime(DateTimeOffset at, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(at, zone).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    /// <summary>Formats an instant as ISO 8601 UTC with microseconds, as the report exports do.</summary>
    public static string UtcTime(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    private static string[] CsvValues(StoredFinding stored)
    {
        var f = stored.Finding;
        return
        [
            f.Id,
            UtcTime(f.OccurredAt),
            f.Severity.ToString().ToLowerInvariant(),
            f.Kind,
            stored.Status,
            stored.Disposition?.ProposedStatus ?? "",
            string.Join(';', stored.Disposition?.Reviewers ?? []),
            stored.Disposition?.Ticket ?? "",
            stored.Disposition?.Note ?? "",
            f.Account,
            f.ClientHost,
            f.Instance,
            f.Database,
            f.ConnectionId.ToString(CultureInfo.InvariantCulture),
            f.QueryId.ToString(CultureInfo.InvariantCulture),
            stored.TemplateHash ?? "",
            f.MaskedStatement ?? "",
            f.Reason,
            f.Script ?? "",
            f.ScriptStatement?.ToString(CultureInfo.InvariantCulture) ?? "",
            f.Source,
            f.EventCount.ToString(CultureInfo.InvariantCulture),
        ];
    }

    private static void WriteCsvRecord(TextWriter output, IReadOnlyList<string> fields)
    {
        for (int i = 0; i < fields.Count; i++)
        {
            if (i > 0)
            {
                output.Write(',');
            }

            string field = CsvFormulaGuard.Neutralize(fields[i]);
            bool quote = field.AsSpan().IndexOfAny(",\"\r\n") >= 0 || (field.Length > 0 && (field[0] == ' ' || field[^1] == ' '));
            output.Write(quote ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : field);
        }

        output.Write("\r\n");
    }

    private static void WriteRow(TextWriter output, string[] cells, int[] widths)
    {
        StringBuilder line = new();
        for (int i = 0; i < cells.Length; i++)
        {
            string cell = cells[i].Length > widths[i] ? cells[i][..(widths[i] - 1)] + "…" : cells[i];
            line.Append(i == cells.Length - 1 ? cell : cell.PadRight(widths[i] + 2));
        }

        output.WriteLine(line.ToString().TrimEnd());
    }

    private static string OneLine(string text) => string.Join(' ', text.Split((char[])['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries));
}
