using System.Text;

namespace QueryAudit.Sql.Tests.Support;

/// <summary>
/// The 4,725-line MySQL statement corpus in sql-fixtures, decoded: <c>\\</c> is a backslash, <c>\n</c> LF, <c>\r</c> CR,
/// <c>\t</c> TAB.
/// </summary>
internal static class StatementCorpus
{
    private static readonly Lazy<IReadOnlyList<CorpusLine>> Loaded = new(Load);

    /// <summary>One corpus line: its 1-based number, primary feature and decoded SQL.</summary>
    public sealed record CorpusLine(int Number, string Feature, string Sql);

    public static string Folder => Path.Combine(RepositoryPaths.SqlFixtures, "corpus", "statements");

    public static IReadOnlyList<CorpusLine> Lines => Loaded.Value;

    public static string Decode(string line)
    {
        StringBuilder builder = new(line.Length);
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (c != '\\' || i + 1 >= line.Length)
            {
                builder.Append(c);
                continue;
            }

            char next = line[++i];
            builder.Append(next switch
            {
                'n' => '\n',
                'r' => '\r',
                't' => '\t',
                '\\' => '\\',
                _ => throw new InvalidDataException($"Corpus line holds the unknown escape \\{next}: {line}"),
            });
        }

        return builder.ToString();
    }

    private static List<CorpusLine> Load()
    {
        string[] statements = File.ReadAllLines(Path.Combine(Folder, "mysql-statements.txt"), Encoding.UTF8);
        string[] features = File.ReadAllLines(Path.Combine(Folder, "mysql-statements.features.txt"), Encoding.UTF8);
        if (statements.Length != features.Length)
        {
            throw new InvalidDataException($"The corpus has {statements.Length} statements but {features.Length} feature lines.");
        }

        return statements.Select((line, i) => new CorpusLine(i + 1, features[i].Split('|')[0], Decode(line))).ToList();
    }
}
