using System.Globalization;
using System.Text;
using QueryAudit.Core.Audit;

namespace QueryAudit.Worker.Reconcile;

/// <summary>
/// Writes unparsed lines to <c>quarantine.csv</c> as they are found: source, line, event id, length, reason, preview.
/// </summary>
internal sealed class QuarantineCsvWriter : IDisposable
{
    private readonly StreamWriter _writer;

    public QuarantineCsvWriter(string path)
    {
        _writer = new StreamWriter(path, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)) { NewLine = "\n" };
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
        _writer.WriteLine(Quote(line.Preview));
    }

    public void Dispose() => _writer.Dispose();

    private static string Quote(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
}
