using QueryAudit.Core.Audit;
using QueryAudit.Core.Completeness;
using QueryAudit.Core.Policy;
using QueryAudit.Core.Reconciliation;

namespace QueryAudit.Core.Pipeline;

/// <summary>
/// Runs the stages of one reconciliation over a list of sources: parse each line (quarantining what does not parse),
/// count it for completeness, assemble statements across sources, and reconcile them. Sources are read one after the
/// other in the given order, through one assembler, so a statement split across a log rotation still assembles.
/// </summary>
public sealed partial class AuditPipeline
{
    private readonly AuditLineParser _parser;
    private readonly StatementAssembler _assembler;
    private readonly Reconciler _reconciler;
    private readonly CompletenessTracker _completeness;
    private List<AssembledRecord> _assembled = [];
    private readonly List<SourceStatistics> _statistics = [];
    private readonly Dictionary<string, ReorderQueue> _reorder = new(StringComparer.Ordinal);
    private long _sequence;

    public AuditPipeline(
        AuditPolicy policy,
        ApprovalIndex approvals,
        ReconcileOptions options,
        AuditLineParserOptions? parserOptions = null,
        StatementAssemblerOptions? assemblerOptions = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _parser = new AuditLineParser(parserOptions);
        _assembler = new StatementAssembler(assemblerOptions);
        _reconciler = new Reconciler(policy, approvals, options);
        _completeness = new CompletenessTracker(options.PeriodStart, options.PeriodEnd);
    }

    /// <summary>Receives every unparsed line, in input order (e.g. to write quarantine.csv).</summary>
    public Action<QuarantinedLine>? QuarantineSink { get; init; }

    /// <summary>
    /// How far behind the newest timestamp of the same instance events are held and put back in timestamp order
    /// before assembly. Zero (the default) passes events on in source order, which is right for files. CloudWatch Logs
    /// delivers an event ingested late after later ones, so its sources need a window at least as long as the lateness
    /// they tolerate (safety lag plus overlap). Memory grows with the events inside the window of each instance.
    /// </summary>
    /// <remarks>
    /// The window is measured per instance, because cloud sources read one instance's stream for a whole time window
    /// (up to a day) before the next one's. Measured against the newest event of any instance, the events of every
    /// instance read later would be released at once in delivery order, so a table record ingested late would miss its
    /// QUERY record. The assembler needs only the order within each instance.
    /// </remarks>
    public TimeSpan ReorderWindow { get; init; }

    /// <summary>
    /// Threads that read each source: 1 (the default) does everything on the calling thread; 2 or more read, parse
    /// and assemble on a second thread while the calling thread reconciles. Records are reconciled in the same order
    /// either way, so the results are identical. Values above 2 run as 2.
    /// </summary>
    public int Threads { get; init; } = 1;

    /// <summary>Receives a progress snapshot about every 64 K lines.</summary>
    public IProgress<PipelineProgress>? Progress { get; init; }

    /// <summary>Per-source statistics, in reading order.</summary>
    public IReadOnlyList<SourceStatistics> Statistics => _statistics;

    public CompletenessTracker Completeness => _completeness;

    /// <summary>
    /// Events held for reordering (see <see cref="ReorderWindow"/>), in no particular order. <see cref="Completeness"/>
    /// counts an event only when it is released, while <see cref="Preview"/> covers held events too; a caller that
    /// counts every event read so far adds these.
    /// </summary>
    public IEnumerable<AuditEvent> HeldEvents => _reorder.Values.SelectMany(queue => queue.Held.UnorderedItems.Select(item => item.Element));

    public StatementAssemblerCounts AssemblerCounts => _assembler.Counts;

    /// <summary>Reads one source to its end.</summary>
    public async Task ReadAsync(IAuditLineSource source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        SourceStatistics statistics = new(source.Name);
        _statistics.Add(statistics);
        long totalLines = _statistics.Sum(s => s.Lines);

        if (Threads > 1)
        {
            await ReadInParallelAsync(source, statistics, totalLines, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await foreach (RawAuditLine line in source.ReadLinesAsync(cancellationToken).ConfigureAwait(false))
            {
                statistics.LastLine = line.Position.Line;
                Consume(_parser.Parse(line), source, statistics, totalLines);
            }
        }

        Progress?.Report(new PipelineProgress(source.Name, totalLines + statistics.Lines, _completeness.UnparsedLines));
    }

    /// <summary>
    /// Records that a source failed after some of its lines were read, for example a gzip file cut short. The lines
    /// already read stay reconciled, and the source is recorded as not read to its end. The failure also becomes one
    /// quarantine row after the last line, counted as one unparsed line, so that the report has a row naming the
    /// unread rest. That row is left out when the last line read was itself quarantined (a gzip file cut inside its
    /// last line), so that one damaged line is counted once.
    /// </summary>
    public void AddSourceError(IAuditLineSource source, string reason)
    {
        ArgumentNullException.ThrowIfNull(source);
        SourceStatistics? statistics = _statistics.LastOrDefault(s => s.Name == source.Name);
        if (statistics is null)
        {
            statistics = new SourceStatistics(source.Name);
            _statistics.Add(statistics);
        }

        // Line numbers go on from the lines skipped as a repeat of another input, so the last one read is the position.
        long lastLine = Math.Max(statistics.LastLine, statistics.Lines);
        _completeness.AddUnreadRest(source.Name, lastLine + 1);
        if (statistics.LastUnparsedLine > 0 && statistics.LastUnparsedLine == lastLine)
        {
            return;
        }

        QuarantinedLine failure = new(new SourcePosition(source.Name, lastLine + 1), reason, "", 0);
        statistics.Unparsed++;
        _completeness.AddUnparsed(failure);
        QuarantineSink?.Invoke(failure);
    }

    /// <summary>Ends the run: flushes held statements and returns the reconciliation result.</summary>
    public ReconciliationResult Complete()
    {
        foreach (AuditEvent held in HeldInReleaseOrder())
        {
            Assemble(held);
        }

        _reorder.Clear();

        _assembler.Complete(_assembled);
        Drain();
        return _reconciler.Complete();
    }

    /// <summary>
    /// Returns the result that <see cref="Complete"/> would return if the input ended here, without ending the run:
    /// held statements, pending findings and failed-login bursts are resolved on a copy of the state, and reading
    /// goes on afterwards as if this call had not happened. Its cost grows with the held state, not with the lines read.
    /// </summary>
    public ReconciliationResult Preview()
    {
        StatementAssembler assembler = _assembler.Copy();
        Reconciler reconciler = _reconciler.Copy();
        List<AssembledRecord> assembled = [];

        // Events still held for reordering go to the copy in the order Complete releases them; they are not counted
        // for completeness here, because the original counts them when it releases them.
        foreach (AuditEvent held in HeldInReleaseOrder())
        {
            assembler.Add(held, assembled);
        }

        assembler.Complete(assembled);
        Drain(assembled, reconciler);
        return reconciler.Complete();
    }

    /// <summary>Counts one parsed line and passes its event on, or quarantines it.</summary>
    private void Consume(AuditParseResult parsed, IAuditLineSource source, SourceStatistics statistics, long linesBefore)
    {
        statistics.Lines++;
        if (parsed.Event is { } audit)
        {
            statistics.Events++;
            statistics.Formats.Add(audit.Format);
            if (ReorderWindow > TimeSpan.Zero)
            {
                Reorder(audit);
            }
            else
            {
                Assemble(audit);
            }
        }
        else if (parsed.Quarantined is { } quarantined)
        {
            statistics.Unparsed++;
            statistics.LastUnparsedLine = statistics.LastLine;
            _completeness.AddUnparsed(quarantined);
            QuarantineSink?.Invoke(quarantined);
        }

        if ((statistics.Lines & 0xFFFF) == 0)
        {
            Progress?.Report(new PipelineProgress(source.Name, linesBefore + statistics.Lines, _completeness.UnparsedLines));
        }
    }

    private void Reorder(AuditEvent audit)
    {
        if (!_reorder.TryGetValue(audit.Instance, out ReorderQueue? queue))
        {
            queue = new ReorderQueue();
            _reorder.Add(audit.Instance, queue);
        }

        long ticks = audit.Timestamp.UtcTicks;
        queue.Held.Enqueue(audit, (ticks, _sequence++));
        queue.NewestTicks = Math.Max(queue.NewestTicks, ticks);
        long releaseBefore = queue.NewestTicks - ReorderWindow.Ticks;
        while (queue.Held.TryPeek(out AuditEvent? oldest, out (long Ticks, long Sequence) key) && key.Ticks < releaseBefore)
        {
            queue.Held.Dequeue();
            Assemble(oldest);
        }
    }

    /// <summary>Events still held for reordering, all instances together, by timestamp and then input order.</summary>
    private List<AuditEvent> HeldInReleaseOrder() =>
        _reorder.Values
            .SelectMany(queue => queue.Held.UnorderedItems)
            .OrderBy(item => item.Priority)
            .Select(item => item.Element)
            .ToList();

    private void Assemble(AuditEvent audit)
    {
        _completeness.Add(audit);
        _assembler.Add(audit, _assembled);
        if (!_handingOver)
        {
            Drain();
        }
    }

    private void Drain() => Drain(_assembled, _reconciler);

    private static void Drain(List<AssembledRecord> assembled, Reconciler reconciler)
    {
        foreach (AssembledRecord record in assembled)
        {
            Reconcile(record, reconciler);
        }

        assembled.Clear();
    }

    private static void Reconcile(AssembledRecord record, Reconciler reconciler)
    {
        if (record.IsStatement)
        {
            reconciler.AddStatement(record.Statement!);
        }
        else if (record.IsOrphan)
        {
            reconciler.Counters.OrphanTableRecords += record.Statement!.OrphanTables.Count;
        }
        else if (record.Event is { } audit)
        {
            reconciler.AddConnectionEvent(audit);
        }
    }

    /// <summary>The events of one instance held for reordering, and the newest timestamp that instance has had.</summary>
    private sealed class ReorderQueue
    {
        public PriorityQueue<AuditEvent, (long Ticks, long Sequence)> Held { get; } = new();

        public long NewestTicks { get; set; } = long.MinValue;
    }
}
