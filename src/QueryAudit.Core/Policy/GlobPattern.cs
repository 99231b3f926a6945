namespace QueryAudit.Core.Policy;

/// <summary>
/// Matches names against globs with <c>*</c> and <c>?</c>, ordinal and case-sensitive.
/// </summary>
public static class GlobPattern
{
    /// <summary>Tells whether <paramref name="text"/> matches the whole <paramref name="pattern"/>.</summary>
    public static bool IsMatch(ReadOnlySpan<char> pattern, ReadOnlySpan<char> text)
    {
        int p = 0;
        int t = 0;
        int starPattern = -1;
        int starText = 0;

        // Greedy match with backtracking to the last star: linear for typical account patterns.
        while (t < text.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || pattern[p] == text[t]))
            {
                p++;
                t++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                starPattern = p++;
                starText = t;
            }
            else if (starPattern >= 0)
            {
                p = starPattern + 1;
                t = ++starText;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }
}
