using QueryAudit.Core.Policy;
using QueryAudit.Core.State;

namespace QueryAudit.Core.Triage;

/// <summary>
/// Carries out triage requests against a store: plans them with <see cref="TriageRules"/>, writes the new
/// dispositions and appends one trail entry per request, all in one transaction.
/// </summary>
public sealed class TriageService
{
    private readonly IStateStore _store;
    private readonly AuditPolicy _policy;
    private readonly TimeProvider _time;

    public TriageService(IStateStore store, AuditPolicy policy, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(time);
        _store = store;
        _policy = policy;
        _time = time;
    }

    /// <summary>Returns what the request would do to each finding that passes the filter, without changing anything.</summary>
    public async Task<IReadOnlyList<TriagePlanItem>> PreviewAsync(FindingFilter filter, TriageRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        Reviewer reviewer = Check(request);
        IReadOnlyList<StoredFinding> findings = await _store.FindFindingsAsync(filter, cancellationToken).ConfigureAwait(false);
        RequireMatches(filter, findings);
        DateTimeOffset now = _time.GetUtcNow();
        return findings.Select(f => TriageRules.Plan(f, request, reviewer, now)).ToList();
    }

    /// <summary>
    /// Applies the request to every finding that passes the filter and that the rules allow. Findings the rules reject
    /// are left unchanged and listed in the result. Throws <see cref="TriageException"/> when no finding matches.
    /// </summary>
    public async Task<TriageResult> ApplyAsync(FindingFilter filter, TriageRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        Reviewer reviewer = Check(request);
        IStateTransaction transaction = await _store.BeginAsync(cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            IReadOnlyList<StoredFinding> findings = await transaction.FindFindingsAsync(filter, cancellationToken).ConfigureAwait(false);
            RequireMatches(filter, findings);
            DateTimeOffset now = _time.GetUtcNow();
            List<TriagePlanItem> items = findings.Select(f => TriageRules.Plan(f, request, reviewer, now)).ToList();
            List<TriagePlanItem> applied = items.Where(i => !i.IsRejected).ToList();
            if (applied.Count == 0)
            {
                return new TriageResult(items, null);
            }

            foreach (TriagePlanItem item in applied)
            {
                await transaction.SetDispositionAsync(item.After!, cancellationToken).ConfigureAwait(false);
            }

            TrailRecord record = new(
                reviewer.Name,
                ActionName(request.Action),
                applied.Select(i => i.Finding.Finding.Id).Order(StringComparer.Ordinal).ToList(),
                TriageJson.Dispositions(applied.Select(i => (i.Finding.Finding.Id, i.Finding.Disposition))),
                TriageJson.Dispositions(applied.Select(i => (i.Finding.Finding.Id, i.After))));
            TrailEntry entry = await transaction.AppendTrailAsync(record, cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return new TriageResult(items, entry);
        }
    }

    /// <summary>
    /// Makes a suppression rule from a finding: later statements of its template by its account, until
    /// <paramref name="until"/>, are stored as suppressed. The finding itself keeps its disposition.
    /// </summary>
    public async Task<SuppressionRule> SuppressAsync(
        string findingId, string? reviewerName, DateTimeOffset until, string? ticket, string? note, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(findingId);
        Reviewer reviewer = TriageRules.RequireReviewer(_policy, reviewerName);
        IStateTransaction transaction = await _store.BeginAsync(cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            StoredFinding stored = await transaction.GetFindingAsync(findingId, cancellationToken).ConfigureAwait(false)
                ?? throw NotFound([findingId]);
            SuppressionRule rule = TriageRules.PlanSuppression(stored, reviewer, until, ticket, note, _time.GetUtcNow());
            await transaction.AddSuppressionRuleAsync(rule, cancellationToken).ConfigureAwait(false);
            await transaction.AppendTrailAsync(new TrailRecord(reviewer.Name, "suppress", [findingId], null, TriageJson.Rule(rule)), cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return rule;
        }
    }

    /// <summary>Returns the trail action name of a triage action.</summary>
    public static string ActionName(TriageAction action) => action switch
    {
        TriageAction.Explain => "explain",
        TriageAction.Dismiss => "dismiss",
        TriageAction.Escalate => "escalate",
        TriageAction.Reopen => "reopen",
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, "unknown triage action"),
    };

    private static void RequireMatches(FindingFilter filter, IReadOnlyList<StoredFinding> findings)
    {
        List<string> missing = filter.Ids.Except(findings.Select(f => f.Finding.Id), StringComparer.Ordinal).ToList();
        if (missing.Count > 0)
        {
            throw NotFound(missing);
        }

        if (findings.Count == 0)
        {
            throw new TriageException("No finding matches the filter; check it with queryaudit findings list and the same options.");
        }
    }

    private static TriageException NotFound(IReadOnlyList<string> ids) =>
        new($"Finding {string.Join(", ", ids)} not found in the store; check the id with queryaudit findings list, or the --store location.");

    private Reviewer Check(TriageRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        Reviewer reviewer = TriageRules.RequireReviewer(_policy, request.Reviewer);
        TriageRules.RequireDetails(request);
        return reviewer;
    }
}
