using System.Text;

namespace QueryAudit.Reports.Tests.Csv;

/// <summary>
/// A strict RFC 4180 reader for tests: CRLF between records, quoted fields with doubled quotes. It rejects a bare
/// LF between records, so a renderer that ends records wrongly fails the tests.
/// </summary>
internal static class Rfc4180
{
    public static List<List<string>> Parse(string text)
    {
        List<List<string>> records = [];
        List<string> record = [];
        StringBuilder field = new();
        int i = 0;
        while (i < text.Length)
        {
            if (text[i] == '"')
            {
                i++;
                while (true)
                {
                    if (i >= text.Length)
                    {
                        throw new FormatException("unterminated quoted field");
                    }

                    if (text[i] == '"' && i + 1 < text.Length && text[i + 1] == '"')
                    {
                        field.Append('"');
                        i += 2;
                    }
                    else if (text[i] == '"')
                    {
                        i++;
                        break;
                    }
                    else
                    {
                        field.Append(text[i++]);
                    }
                }
            }

            if (i >= text.Length)
            {
                throw new FormatException("the last record does not end with CRLF");
            }

            char c = text[i];
            if (c == ',')
            {
                record.Add(field.ToString());
                field.Clear();
                i++;
            }
            else if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                record.Add(field.ToString());
                field.Clear();
                records.Add(record);
                record = [];
                i += 2;
            }
            else if (c is '\r' or '\n' or '"')
            {
                throw new FormatException($"unquoted {(int)c:x2} at offset {i}");
            }
            else
            {
                field.Append(c);
                i++;
            }
        }

        return records;
    }
}
