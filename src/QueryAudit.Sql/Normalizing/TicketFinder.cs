using System.Text.RegularExpressions;

namespace QueryAudit.Sql.Normalizing;

/// <summary>
/// Finds ticket references such as <c>DBCHG-4101</c> inside the comments of a statement.
/// </summary>
internal static class TicketFinder
{
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(1);
    private static CachedRegex? cached;

    /// <summary>Returns the distinct matches of <paramref name="pattern"/> in the comments, in order of appearance.</summary>
    public static IReadOnlyList<string> Find(ReadOnlySpan<char> text, ReadOnlySpan<Lexing.MySqlToken> comments, string pattern)
    {
        if (comments.IsEmpty)
        {
            return [];
        }

        Regex regex = GetRegex(pattern);
        List<string>? found = null;
        foreach (Lexing.MySqlToken comment in comments)
        {
            ReadOnlySpan<char> body = text.Slice(comment.Start, comment.Length);
            foreach (ValueMatch match in regex.EnumerateMatches(body))
            {
                string ticket = new(body.Slice(match.Index, match.Length));
                found ??= [];
                if (!found.Contains(ticket))
                {
                    found.Add(ticket);
                }
            }
        }

        return found is null ? [] : found;
    }

    private static Regex GetRegex(string pattern)
    {
        // One pattern is used per process in practice; a reference swap keeps the cache safe across threads.
        CachedRegex? current = cached;
        if (current is not null && string.Equals(current.Pattern, pattern, StringComparison.Ordinal))
        {
            return current.Regex;
        }

        Regex regex = new(pattern, RegexOptions.CultureInvariant | RegexOptions.Compiled, MatchTimeout);
        cached = new CachedRegex(pattern, regex);
        return regex;
    }

    private sealed record CachedRegex(string Pattern, Regex Regex);
}
