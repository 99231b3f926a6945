using System.Text;

namespace QueryAudit.Worker.Tests.Reconcile;

/// <summary>
/// A CSV file (RFC 4180) read into rows keyed by header name.
/// </summary>
internal sealed class CsvTable
{
    private CsvTable(IReadOnlyList<string> header, IReadOnlyList<IReadOnlyDictionary<string, string>> rows)
    {
        Header = header;
        Rows = rows;
    }

    public IReadOnlyList<string> Header { get; }

    public IReadOnlyList<IReadOnlyDictionary<string, string>> Rows { get; }

    public static CsvTable Read(string path)
    {
        List<List<string>> records = Parse(File.ReadAllText(path, Encoding.UTF8));
        List<string> header = records[0];
        List<IReadOnlyDictionary<string, string>> rows = records.Skip(1)
            .Where(r => r.Count > 1 || (r.Count == 1 && r[0].Length > 0))
            .Select(r => (IReadOnlyDictionary<string, string>)header.Select((name, i) => (name, value: i < r.Count ? r[i] : "")).ToDictionary(p => p.name, p => p.value))
            .ToList();
        return new CsvTable(header, rows);
    }

    private static List<List<string>> Parse(string text)
    {
        List<List<string>> records = [];
        List<string> record = [];
        StringBuilder field = new();
        bool quoted = false;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                record.Add(field.ToString());
                field.Clear();
            }
            else if (c == '\n')
            {
                record.Add(field.ToString().TrimEnd('\r'));
                field.Clear();
                records.Add(record);
                record = [];
            }
            else
            {
                field.Append(c);
            }
        }

        if (field.Length > 0 || record.Count > 0)
        {
            record.Add(field.ToString());
            records.Add(record);
        }

        return records;
    }
}
