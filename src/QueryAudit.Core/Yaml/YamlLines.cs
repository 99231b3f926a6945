namespace QueryAudit.Core.Yaml;

/// <summary>
/// Line searches over YAML text, to name the line of an error that YamlDotNet 16.3 reports at the wrong place or
/// without a position.
/// </summary>
internal static class YamlLines
{
    /// <summary>Returns the 1-based number of the first line whose indentation contains a tab, or null.</summary>
    public static int? FirstTabIndented(string yaml)
    {
        string[] lines = yaml.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i];
            string indent = line[..(line.Length - line.TrimStart(' ', '\t').Length)];
            if (indent.Contains('\t', StringComparison.Ordinal))
            {
                return i + 1;
            }
        }

        return null;
    }

    /// <summary>
    /// Returns the 1-based number of the first line, from <paramref name="fromLine"/> on, that opens more <c>[</c> and
    /// <c>{</c> than it closes or leaves a quote open, or null. Brackets inside quotes and after a <c>#</c> comment do not count.
    /// </summary>
    public static int? FirstUnbalanced(string yaml, int fromLine)
    {
        string[] lines = yaml.Split('\n');
        for (int i = Math.Max(0, fromLine - 1); i < lines.Length; i++)
        {
            if (!IsBalanced(lines[i]))
            {
                return i + 1;
            }
        }

        return null;
    }

    private static bool IsBalanced(string line)
    {
        int depth = 0;
        char quote = '\0';
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (quote != '\0')
            {
                if (c == quote)
                {
                    quote = '\0';
                }

                continue;
            }

            switch (c)
            {
                case '\'' or '"' when i == 0 || line[i - 1] is ' ' or '[' or '{' or ',' or ':':
                    quote = c;
                    break;
                case '#' when i == 0 || line[i - 1] == ' ':
                    return depth == 0;
                case '[' or '{':
                    depth++;
                    break;
                case ']' or '}':
                    depth--;
                    break;
            }
        }

        return depth == 0 && quote == '\0';
    }

    /// <summary>
    /// Returns YamlDotNet's message for a YAML error, reworded with what to do where it has none (a duplicate key).
    /// </summary>
    public static string Explain(string message) =>
        message.StartsWith("Duplicate key ", StringComparison.Ordinal)
            ? $"the key '{message["Duplicate key ".Length..].Trim()}' appears more than once; keep one line for it"
            : message;
}
