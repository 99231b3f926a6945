using System.Globalization;
using System.Text;

namespace QueryAudit.Reports.Csv;

/// <summary>
/// Writes RFC 4180 records: fields separated by commas, records ended by CRLF, and a field quoted
/// (with inner quotes doubled) when it contains a comma, a quote, CR or LF, or starts or ends with a space.
/// Text fields pass through <see cref="CsvFormulaGuard"/> first, so no cell runs as a spreadsheet formula.
/// </summary>
internal sealed class CsvWriter
{
    private readonly TextWriter writer;
    private bool atRecordStart = true;

    public CsvWriter(TextWriter writer) => this.writer = writer;

    /// <summary>
    /// UTF-8. The encoding itself emits no byte order mark, because <see cref="WriteByteOrderMark"/> writes it once, at the
    /// start of the file, whatever the stream's position.
    /// </summary>
    public static Encoding Encoding { get; } = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Writes <see cref="CsvFileFormat.ByteOrderMark"/>; call it once, before the header record.</summary>
    public void WriteByteOrderMark() => writer.Write(CsvFileFormat.ByteOrderMark);

    /// <summary>Writes a text field, neutralised against formula injection; null is written as an empty field.</summary>
    public void WriteField(string? value) => WriteRaw(CsvFormulaGuard.Neutralize(value ?? ""));

    // Numbers are written as they are: a negative number must stay a number, and digits cannot start a formula.
    public void WriteField(long value) => WriteRaw(value.ToString(CultureInfo.InvariantCulture));

    public void WriteField(long? value) => WriteRaw(value?.ToString(CultureInfo.InvariantCulture) ?? "");

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

    private void WriteRaw(string text)
    {
        if (!atRecordStart)
        {
            writer.Write(',');
        }

        atRecordStart = false;
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

    private static bool NeedsQuotes(string text)
    {
        if (text.Length == 0)
        {
            return false;
        }

        return text.AsSpan().IndexOfAny(",\"\r\n") >= 0 || text[0] == ' ' || text[^1] == ' ';
    }
}
