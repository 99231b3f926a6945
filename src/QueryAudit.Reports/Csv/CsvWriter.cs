using System.Globalization;
using System.Text;

namespace QueryAudit.Reports.Csv;

/// <summary>
/// Writes RFC 4180 records: fields separated by commas, records ended by CRLF, and a field quoted
/// (with inner quotes doubled) when it contains a comma, a quote, CR or LF, or starts or ends with a space.
/// </summary>
internal sealed class CsvWriter
{
    private readonly TextWriter writer;
    private bool atRecordStart = true;

    public CsvWriter(TextWriter writer) => this.writer = writer;

    /// <summary>UTF-8 without a byte order mark, so the bytes depend only on the data.</summary>
    public static Encoding Encoding { get; } = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    public void WriteField(string? value)
    {
        if (!atRecordStart)
        {
            writer.Write(',');
        }

        atRecordStart = false;
        string text = value ?? "";
        if (NeedsQuotes(text))
        {
            writer.Write('"');
            writer.Write(text.Replace("\"", "\"\"", StringComparison.Ordinal));
            writer.Write('"');
        }
        else
        {
            writer.Write(text);
        }
    }

    public void WriteField(long value) => WriteField(value.ToString(CultureInfo.InvariantCulture));

    public void WriteField(long? value) => WriteField(value?.ToString(CultureInfo.InvariantCulture));

    public void WriteRecord(params ReadOnlySpan<string> fields)
    {
        foreach (string field in fields)
        {
            WriteField(field);
        }

        EndRecord();
    }

    public void EndRecord()
    {
        // RFC 4180 section 2 rule 1: records end with CRLF, on every platform.
        writer.Write("\r\n");
        atRecordStart = true;
    }

    private static bool NeedsQuotes(string text)
    {
        if (text.Length == 0)
        {
            return false;
        }

        return text.AsSpan().IndexOfAny(",\"\r\n") >= 0 || text[0] == ' ' || text[^1] == ' ';
    }
}
