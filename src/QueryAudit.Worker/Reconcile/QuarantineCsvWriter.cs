using System.Globalization;
using System.Text;
using QueryAudit.Core.Audit;
using QueryAudit.Reports.Csv;

namespace QueryAudit.Worker.Reconcile;

/// <summary>
/// Writes unparsed lines to <c>quarantine.csv</c> as they are found: source, line, event id, length, reason, preview.
/// Text fields pass through <see cref="CsvFormulaGuard"/>, because a preview is raw log text that a spreadsheet could run as a formula.
/// </summary>
internal sealed class QuarantineCsvWriter : IDisposable
{
    private readonly StreamWriter _writer;

    private readonly bool _includeLiterals;

    /// <param name="path">File to write.</param>
    /// <param name="includeLiterals">Write previews as they are; by default text inside single quotes is masked as <c>'?'</c>.</param>
    public QuarantineCsvWriter(string path, bool includeLiterals)
    {
        _includeLiterals = includeLiterals;
        _writer = new StreamWriter(path, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)) { NewLine = "\n" };
        // The byte order mark that every CSV file of a report starts with, so that Excel reads the file as UTF-8.
        _writer.Write(CsvFileFormat.ByteOrderMark);
        _writer.WriteLine("source,line,event_id,length_bytes,reason,preview");
    }

    public long Count { get; private set; }

    public void Write(QuarantinedLine line)
    {
        Count++;
        _writer.Write(Quote(line.Source.Source));
        _writer.Write(',');
        _writer.Write(line.Source.Line.ToString(CultureInfo.InvariantCulture));
        _writer.Write(',');
        _writer.Write(Quote(line.Source.EventId ?? ""));
        _writer.Write(',');
        _writer.Write(line.Length.ToString(CultureInfo.InvariantCulture));
        _writer.Write(',');
        _writer.Write(Quote(line.Reason));
        _writer.Write(',');
        _writer.WriteLine(Quote(_includeLiterals ? line.Preview : MaskQuoted(line.Preview)));
    }

    /// <summary>Replaces the content of every single-quoted string with <c>?</c>, also a string cut at the end of the preview.</summary>
    internal static string MaskQuoted(string preview)
    {
        System.Text.StringBuilder masked = new(preview.Length);
        bool quoted = false;
        for (int i = 0; i < preview.Length; i++)
        {
            char c = preview[i];
            if (!quoted)
            {
                masked.Append(c);
                if (c == '\'')
                {
                    quoted = true;
                    masked.Append('?');
                }

                continue;
            }

            if (c == '\\' && i + 1 < preview.Length)
            {
                i++;
            }
            else if (c == '\'' && i + 1 < preview.Length && preview[i + 1] == '\'')
            {
                i++;
            }
            else if (c == '\'')
            {
                quoted = false;
                masked.Append('\'');
            }
        }

        return masked.ToString();
    }

    public void Dispose() => _writer.Dispose();

    private static string Quote(string value)
    {
        string cell = CsvFormulaGuard.Neutralize(value);
        return cell.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + cell.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : cell;
    }
}
