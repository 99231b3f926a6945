namespace QueryAudit.Sql.Splitting;

/// <summary>
/// Turns increasing offsets into 1-based line numbers by counting line feeds once over the text.
/// </summary>
internal struct LineCounter
{
    private int countedUpTo;
    private int line;

    /// <summary>Returns the 1-based line of <paramref name="offset"/>; offsets must not decrease between calls.</summary>
    public int LineAt(ReadOnlySpan<char> text, int offset)
    {
        if (line == 0)
        {
            line = 1;
        }

        line += text[countedUpTo..offset].Count('\n');
        countedUpTo = offset;
        return line;
    }
}
