using System.Runtime.InteropServices;

namespace QueryAudit.Aws.S3;

/// <summary>
/// The number of copies of each line, by <see cref="ExportLine.Key"/>, that the export object being read still drops,
/// because other export tasks of the same log stream delivered those events already.
/// </summary>
/// <remarks>
/// <para>
/// The rule. An export task writes each event of its log stream and time range once, as a line
/// <c>TIMESTAMP MESSAGE</c>, into the objects <c>TASK/STREAM/NNNNNN.gz</c>. Lines have no event id, and the CloudWatch
/// Logs API reference (CreateExportTask) does not guarantee time order inside an exported file. So two tasks over
/// overlapping time ranges both contain the events of the overlap, and an event is recognised only by its stream folder
/// and its whole line, timestamp included. Let n_T(L) be the number of lines L in the objects of task T. Tasks are read
/// in key order, and an object drops as many copies of L as the largest n_T(L) among the other tasks read before, less
/// the copies that earlier objects of its own task contain. The lines delivered for L then add up to the largest n_T(L)
/// of the tasks read. Lines of one task are never taken as copies of each other, so identical events in one task
/// (in one object or in two) are all kept.
/// </para>
/// <para>
/// Only lines inside the object's own time span (its earliest to its latest timestamp) can be copies, and only the
/// earlier objects whose time span overlaps it are read again to count them. The counts therefore hold at most the
/// lines that the other tasks contain inside that span, which lies inside the overlap of the tasks' time ranges: memory
/// is bounded by the overlap, not by the month. Each distinct line takes a 16-byte key and a count: 50 to 72 bytes with
/// the dictionary's spare room, measured for 0.1 to 3 million keys on .NET 10 (x64).
/// </para>
/// <para>
/// NOTE: identical lines (same stream, millisecond and text) that no single task contains together are counted once.
/// That happens only when one task exported such an event before a second identical one was ingested late, and the
/// other task exported the second after the first had expired from the log group.
/// </para>
/// </remarks>
internal sealed class ExportLineCounts
{
    private readonly Dictionary<ExportLineKey, int> _remaining = [];

    /// <summary>The number of distinct lines with copies left to drop.</summary>
    public int Count => _remaining.Count;

    /// <summary>Adds the line counts of one other task: each line keeps the larger of its count and the task's.</summary>
    public void MergeMaximum(Dictionary<ExportLineKey, int> taskCounts)
    {
        ArgumentNullException.ThrowIfNull(taskCounts);
        foreach ((ExportLineKey key, int count) in taskCounts)
        {
            ref int remaining = ref CollectionsMarshal.GetValueRefOrAddDefault(_remaining, key, out _);
            remaining = Math.Max(remaining, count);
        }
    }

    /// <summary>Takes one copy of <paramref name="key"/>; false when no copy is left to drop.</summary>
    /// <remarks>Also used for the lines of earlier objects of the object's own task, which the other tasks' copies covered already.</remarks>
    public bool TryTake(ExportLineKey key)
    {
        ref int remaining = ref CollectionsMarshal.GetValueRefOrNullRef(_remaining, key);
        if (System.Runtime.CompilerServices.Unsafe.IsNullRef(ref remaining))
        {
            return false;
        }

        if (--remaining == 0)
        {
            _remaining.Remove(key);
        }

        return true;
    }
}
