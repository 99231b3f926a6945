namespace QueryAudit.Aws.Tests.Fakes;

/// <summary>
/// The term subset of CloudWatch Logs filter patterns: every plain term must occur, no
/// <c>-term</c> may occur, and when <c>?term</c>s are given at least one must occur. Terms are
/// case-sensitive and may be quoted. JSON and space-delimited patterns are not supported.
/// </summary>
internal sealed class FakeFilterPattern
{
    private readonly List<string> _required = [];
    private readonly List<string> _excluded = [];
    private readonly List<string> _anyOf = [];

    public static FakeFilterPattern Parse(string pattern)
    {
        FakeFilterPattern result = new();
        foreach (string token in Tokens(pattern))
        {
            if (token.StartsWith('-') && token.Length > 1)
            {
                result._excluded.Add(Unquote(token[1..]));
            }
            else if (token.StartsWith('?') && token.Length > 1)
            {
                result._anyOf.Add(Unquote(token[1..]));
            }
            else
            {
                result._required.Add(Unquote(token));
            }
        }

        return result;
    }

    public bool IsMatch(string message) =>
        _required.All(t => message.Contains(t, StringComparison.Ordinal))
        && !_excluded.Any(t => message.Contains(t, StringComparison.Ordinal))
        && (_anyOf.Count == 0 || _anyOf.Any(t => message.Contains(t, StringComparison.Ordinal)));

    private static string Unquote(string term) => term.Length >= 2 && term[0] == '"' && term[^1] == '"' ? term[1..^1] : term;

    private static IEnumerable<string> Tokens(string pattern)
    {
        int i = 0;
        while (i < pattern.Length)
        {
            if (pattern[i] == ' ')
            {
                i++;
                continue;
            }

            int start = i;
            bool quoted = false;
            while (i < pattern.Length && (quoted || pattern[i] != ' '))
            {
                if (pattern[i] == '"')
                {
                    quoted = !quoted;
                }

                i++;
            }

            yield return pattern[start..i];
        }
    }
}
