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
public sealed class AuditPipeline
{
    private readonly AuditLineParser _parser;
    private readonly StatementAssembler _assembler;
    private readonly Reconciler _reconciler;
    private readonly CompletenessTracker _completeness;
    private readonly List<AssembledRecord> _assembled = [];
    private readonly List<SourceStatistics> _statistics = [];
    private readonly PriorityQueue<AuditEvent, (long Ticks, long Sequence)> _reorder = new();
    private long _sequence;
    private long _newestTicks = long.MinValue;

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
    /// How far behind the newest timestamp seen events are held and put back in timestamp order before assembly.
    /// Zero (the default) passes events on in source order, which is right for files. CloudWatch Logs delivers an
    /// event ingested late after later ones, so its sources need a window at least as long as the lateness they
    /// tolerate (safety lag plus overlap). Memory grows with the events inside the window.
    /// </summary>
    public TimeSpan ReorderWindow { get; init; }

    /// <summary>Receives a progress snapshot about every 64 K lines.</summary>
    public IProgress<PipelineProgress>? Progress { get; init; }

    /// <summary>Per-source statistics, in reading order.</summary>
    public IReadOnlyList<SourceStatistics> Statistics => _statistics;

    public CompletenessTracker Completeness => _completeness;

    public StatementAssemblerCounts AssemblerCounts => _assembler.Counts;

    /// <summary>Reads one source to its end.</summary>
    public async Task ReadAsync(IAuditLineSource source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        SourceStatistics statistics = new(source.Name);
        _statistics.Add(statistics);
        long totalLines = _statistics.Sum(s => s.Lines);

        await foreach (RawAuditLine line in source.ReadLinesAsync(cancellationToken).ConfigureAwait(false))
        {
            statistics.Lines++;
            AuditParseResult parsed = _parser.Parse(line);
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
                _completeness.AddUnparsed(quarantined);
                QuarantineSink?.Invoke(quarantined);
            }

            if ((statistics.Lines & 0xFFFF) == 0)
            {
                Progress?.Report(new PipelineProgress(source.Name, totalLines + statistics.Lines, _completeness.UnparsedLines));
            }
        }

        Progress?.Report(new PipelineProgress(source.Name, totalLines + statistics.Lines, _completeness.UnparsedLines));
    }

    /// <summary>
    /// Records that a source failed after some of its lines were read (for example a gzip file cut short): the lines
    /// already read stay reconciled, and the failure is counted as one unparsed line at the position after the last.
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

        QuarantinedLine failure = new(new SourcePosition(source.Name, statistics.Lines + 1), reason, "", 0);
        statistics.Unparsed++;
        _completeness.AddUnparsed(failure);
        QuarantineSink?.Invoke(failure);
    }

    /// <summary>Ends the run: flushes held statements and returns the reconciliation result.</summary>
    public ReconciliationResult Complete()
    {
        while (_reorder.TryDequeue(out AuditEvent? held, out _))
        {
            Assemble(held);
        }

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
        foreach ((AuditEvent held, (long Ticks, long Sequence) _) in _reorder.UnorderedItems.OrderBy(item => item.Priority))
        {
            assembler.Add(held, assembled);
        }

        assembler.Complete(assembled);
        Drain(assembled, reconciler);
        return reconciler.Complete();
    }

    private void Reorder(AuditEvent audit)
    {
        long ticks = audit.Timestamp.UtcTicks;
        _reorder.Enqueue(audit, (ticks, _sequence++));
        _newestTicks = Math.Max(_newestTicks, ticks);
        long releaseBefore = _newestTicks - ReorderWindow.Ticks;
        while (_reorder.TryPeek(out AuditEvent? oldest, out (long Ticks, long Sequence) key) && key.Ticks < releaseBefore)
        {
            _reorder.Dequeue();
            Assemble(oldest);
        }
    }

    private void Assemble(AuditEvent audit)
    {
        _completeness.Add(audit);
        _assembler.Add(audit, _assembled);
        Drain();
    }

    private void Drain() => Drain(_assembled, _reconciler);

    private static void Drain(List<AssembledRecord> assembled, Reconciler reconciler)
    {
        foreach (AssembledRecord record in assembled)
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

        assembled.Clear();
    }
}
