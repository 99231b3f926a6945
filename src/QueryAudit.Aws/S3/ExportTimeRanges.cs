namespace QueryAudit.Aws.S3;

/// <summary>
/// The union of the time spans of some export objects, as sorted disjoint ranges of epoch milliseconds, to test each
/// line's timestamp in O(log n).
/// </summary>
internal sealed class ExportTimeRanges
{
    private readonly long[] _starts;
    private readonly long[] _ends;

    private ExportTimeRanges(long[] starts, long[] ends)
    {
        _starts = starts;
        _ends = ends;
    }

    /// <summary>The union of no span: contains no time.</summary>
    public static ExportTimeRanges Empty { get; } = new([], []);

    /// <summary>Merges the time spans of <paramref name="objects"/>.</summary>
    public static ExportTimeRanges Of(IEnumerable<ExportObjectSummary> objects)
    {
        List<long> starts = [];
        List<long> ends = [];
        foreach (ExportObjectSummary summary in objects.OrderBy(o => o.EarliestMs))
        {
            if (ends.Count > 0 && summary.EarliestMs <= ends[^1])
            {
                ends[^1] = Math.Max(ends[^1], summary.LatestMs);
            }
            else
            {
                starts.Add(summary.EarliestMs);
                ends.Add(summary.LatestMs);
            }
        }

        return starts.Count == 0 ? Empty : new ExportTimeRanges([.. starts], [.. ends]);
    }

    /// <summary>Tells whether one of the spans contains <paramref name="epochMilliseconds"/>, ends included.</summary>
    public bool Contains(long epochMilliseconds)
    {
        int index = Array.BinarySearch(_starts, epochMilliseconds);
        if (index >= 0)
        {
            return true;
        }

        int before = ~index - 1;
        return before >= 0 && epochMilliseconds <= _ends[before];
    }
}
