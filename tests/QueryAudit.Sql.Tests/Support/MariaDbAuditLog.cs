using System.IO.Compression;
using System.Text;

namespace QueryAudit.Sql.Tests.Support;

/// <summary>
/// Reads QUERY rows from the MariaDB server_audit fixtures, enough for these tests (the product's parser lives in Core).
/// </summary>
internal static class MariaDbAuditLog
{
    /// <summary>One QUERY row: the user and the query text with the log's escapes decoded.</summary>
    public sealed record QueryRow(string User, long QueryId, string Text);

    public static IReadOnlyList<QueryRow> ReadQueries()
    {
        List<QueryRow> rows = [];
        foreach (string path in Directory.GetFiles(Path.Combine(RepositoryPaths.SqlFixtures, "logs", "mariadb"), "*.gz"))
        {
            using FileStream file = File.OpenRead(path);
            using GZipStream gzip = new(file, CompressionMode.Decompress);
            using StreamReader reader = new(gzip, Encoding.UTF8);
            while (reader.ReadLine() is { } line)
            {
                if (TryParse(line, out QueryRow? row))
                {
                    rows.Add(row);
                }
            }
        }

        return rows;
    }

    /// <summary>Parses <c>time,host,user,ip,connection,queryid,QUERY,db,'text',retcode</c>; the text may contain commas.</summary>
    private static bool TryParse(string line, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out QueryRow? row)
    {
        row = null;
        string[] head = line.Split(',', 9);
        if (head.Length < 9 || head[6] != "QUERY")
        {
            return false;
        }

        string rest = head[8];
        int open = rest.IndexOf('\'', StringComparison.Ordinal);
        int close = rest.LastIndexOf("',", StringComparison.Ordinal);
        if (open < 0 || close <= open)
        {
            return false;
        }

        row = new QueryRow(head[2], long.Parse(head[5], System.Globalization.CultureInfo.InvariantCulture), Decode(rest[(open + 1)..close]));
        return true;
    }

    /// <summary>Undoes server_audit's escapes: \' \\ \b \t \n \f \r.</summary>
    public static string Decode(string escaped)
    {
        StringBuilder builder = new(escaped.Length);
        for (int i = 0; i < escaped.Length; i++)
        {
            char c = escaped[i];
            if (c != '\\' || i + 1 >= escaped.Length)
            {
                builder.Append(c);
                continue;
            }

            char next = escaped[++i];
            builder.Append(next switch
            {
                'n' => '\n',
                'r' => '\r',
                't' => '\t',
                'b' => '\b',
                'f' => '\f',
                _ => next,
            });
        }

        return builder.ToString();
    }
}
