using QueryAudit.Core.Policy;
using QueryAudit.Core.Reconciliation;
using QueryAudit.Core.State;

namespace QueryAudit.Core.Triage;

/// <summary>
/// The triage rules, as pure functions of the finding, the request and the policy:
/// <list type="bullet">
/// <item>only reviewers the policy lists may act;</item>
/// <item>nobody may close (explain or dismiss) a finding on a statement one of their own database accounts ran;</item>
/// <item>closing a critical finding takes two different reviewers: the first close leaves it
/// <see cref="FindingStatuses.PendingReview"/>, and a second reviewer's close completes it;</item>
/// <item>explain needs a ticket, dismiss and escalate need a note.</item>
/// </list>
/// </summary>
public static class TriageRules
{
    /// <summary>Returns the policy's reviewer of this name, or throws <see cref="TriageException"/> naming the known reviewers.</summary>
    public static Reviewer RequireReviewer(AuditPolicy policy, string? name)
    {
        ArgumentNullException.ThrowIfNull(policy);
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new TriageException("No reviewer given; pass --reviewer NAME or set QUERYAUDIT_REVIEWER to your name as the policy's reviewers list it.");
        }

        Reviewer? reviewer = policy.Reviewers.FirstOrDefault(r => string.Equals(r.Name, name, StringComparison.Ordinal));
        if (reviewer is null)
        {
            string known = policy.Reviewers.Count == 0 ? "the policy lists none" : "the policy lists " + string.Join(", ", policy.Reviewers.Select(r => r.Name));
            throw new TriageException($"'{name}' is not a reviewer in the policy {policy.Path} ({known}); add them under reviewers: or use a listed name.");
        }

        return reviewer;
    }

    /// <summary>Checks the request's own fields (ticket and note) before any finding is looked at.</summary>
    public static void RequireDetails(TriageRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        switch (request.Action)
        {
            case TriageAction.Explain when string.IsNullOrWhiteSpace(request.Ticket):
                throw new TriageException("Explaining a finding needs the ticket that covers it; pass --ticket.");
            case TriageAction.Dismiss when string.IsNullOrWhiteSpace(request.Note):
                throw new TriageException("Dismissing a finding needs the reason it is not an exception; pass --reason.");
            case TriageAction.Escalate when string.IsNullOrWhiteSpace(request.Note):
                throw new TriageException("Escalating a finding needs a note for whoever picks it up; pass --note.");
            default:
                break;
        }
    }

    /// <summary>Returns what the request does to one finding at time <paramref name="now"/>.</summary>
    public static TriagePlanItem Plan(StoredFinding stored, TriageRequest request, Reviewer reviewer, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(reviewer);
        Finding finding = stored.Finding;
        Disposition? before = stored.Disposition;

        return request.Action switch
        {
            TriageAction.Explain => Close(stored, request, reviewer, FindingStatuses.Explained, now),
            TriageAction.Dismiss => Close(stored, request, reviewer, FindingStatuses.Dismissed, now),
            TriageAction.Escalate => new TriagePlanItem(stored, new Disposition
            {
                FindingId = finding.Id,
                Status = FindingStatuses.Escalated,
                Reviewers = [reviewer.Name],
                Ticket = request.Ticket ?? before?.Ticket,
                Note = request.Note,
                UpdatedAt = now,
            }, null),
            TriageAction.Reopen => stored.Status == FindingStatuses.Open
                ? new TriagePlanItem(stored, null, "it is already open")
                : new TriagePlanItem(stored, new Disposition
                {
                    FindingId = finding.Id,
                    Status = FindingStatuses.Open,
                    Reviewers = [reviewer.Name],
                    Ticket = request.Ticket,
                    Note = request.Note,
                    UpdatedAt = now,
                }, null),
            _ => throw new ArgumentOutOfRangeException(nameof(request), request.Action, "unknown triage action"),
        };
    }

    /// <summary>Returns the rule that would suppress future statements like this finding's, or throws why none may be made.</summary>
    public static SuppressionRule PlanSuppression(StoredFinding stored, Reviewer reviewer, DateTimeOffset until, string? ticket, string? note, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(reviewer);
        Finding finding = stored.Finding;
        if (string.IsNullOrWhiteSpace(ticket))
        {
            throw new TriageException("A suppression rule needs the ticket that approves it; pass --ticket.");
        }

        if (finding.Template is null || stored.TemplateHash is null)
        {
            throw new TriageException($"Finding {finding.Id} ({finding.Kind}) has no statement template, so no rule can match later statements like it.");
        }

        if (finding.Severity == Severity.Critical)
        {
            throw new TriageException($"Finding {finding.Id} is critical; critical findings are never suppressed, because each one needs two reviewers.");
        }

        if (OwnsAccount(reviewer, finding.Account))
        {
            throw new TriageException($"{reviewer.Name} may not suppress statements of {finding.Account}, one of their own accounts; ask another reviewer.");
        }

        if (until <= now)
        {
            throw new TriageException($"The suppression end {until.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'} is not in the future; pass a later --until.");
        }

        string seed = $"{stored.TemplateHash}\n{finding.Account}\n{now.UtcTicks}";
        byte[] hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(seed));
        return new SuppressionRule
        {
            Id = "S-" + Convert.ToHexStringLower(hash.AsSpan(0, 8)),
            TemplateHash = stored.TemplateHash,
            Template = finding.Template,
            Account = finding.Account,
            CreatedAt = now,
            ExpiresAt = until,
            Approver = reviewer.Name,
            Ticket = ticket,
            Note = note,
            SourceFindingId = finding.Id,
        };
    }

    /// <summary>Tells whether the database account is one the reviewer uses themselves.</summary>
    public static bool OwnsAccount(Reviewer reviewer, string account)
    {
        ArgumentNullException.ThrowIfNull(reviewer);
        return reviewer.Accounts.Contains(account, StringComparer.Ordinal);
    }

    private static TriagePlanItem Close(StoredFinding stored, TriageRequest request, Reviewer reviewer, string status, DateTimeOffset now)
    {
        Finding finding = stored.Finding;
        Disposition? before = stored.Disposition;
        if (OwnsAccount(reviewer, finding.Account))
        {
            return new TriagePlanItem(stored, null, $"{reviewer.Name} may not close a finding on a statement by {finding.Account}, one of their own accounts");
        }

        if (finding.Severity != Severity.Critical)
        {
            return new TriagePlanItem(stored, new Disposition
            {
                FindingId = finding.Id,
                Status = status,
                Reviewers = [reviewer.Name],
                Ticket = request.Ticket,
                Note = request.Note,
                UpdatedAt = now,
            }, null);
        }

        if (before?.Status != FindingStatuses.PendingReview)
        {
            return new TriagePlanItem(stored, new Disposition
            {
                FindingId = finding.Id,
                Status = FindingStatuses.PendingReview,
                ProposedStatus = status,
                Reviewers = [reviewer.Name],
                Ticket = request.Ticket,
                Note = request.Note,
                UpdatedAt = now,
            }, null);
        }

        if (before.Reviewers.Contains(reviewer.Name, StringComparer.Ordinal))
        {
            return new TriagePlanItem(stored, null, $"it is critical and {reviewer.Name} already reviewed it; a second, different reviewer must close it");
        }

        return new TriagePlanItem(stored, new Disposition
        {
            FindingId = finding.Id,
            Status = status,
            Reviewers = [.. before.Reviewers, reviewer.Name],
            Ticket = request.Ticket ?? before.Ticket,
            Note = CombineNotes(before.Note, request.Note),
            UpdatedAt = now,
        }, null);
    }

    private static string? CombineNotes(string? first, string? second)
    {
        if (string.IsNullOrEmpty(first))
        {
            return second;
        }

        return string.IsNullOrEmpty(second) || first == second ? first : first + " / " + second;
    }
}
