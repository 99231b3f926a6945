using QueryAudit.Core.Audit;

namespace QueryAudit.Core.Reconciliation;

/// <summary>
/// Collects failed logins per account and turns runs of them into burst findings at the end.
/// </summary>
internal sealed class FailedLoginTracker
{
    private readonly Dictionary<string, List<AuditEvent>> _byAccount = new(StringComparer.Ordinal);

    /// <summary>Returns a copy with its own lists, so that sorting or adding to one leaves the other as it was.</summary>
    public FailedLoginTracker Copy()
    {
        FailedLoginTracker copy = new();
        foreach ((string account, List<AuditEvent> events) in _byAccount)
        {
            copy._byAccount.Add(account, [.. events]);
        }

        return copy;
    }

    public void Add(AuditEvent failedLogin)
    {
        if (!_byAccount.TryGetValue(failedLogin.User, out List<AuditEvent>? list))
        {
            list = [];
            _byAccount[failedLogin.User] = list;
        }

        list.Add(failedLogin);
    }

    /// <summary>
    /// Returns one burst per run of at least <paramref name="count"/> failures of one account whose first and last
    /// are at most <paramref name="within"/> apart; a run is extended while failures keep coming within that window.
    /// </summary>
    public IEnumerable<IReadOnlyList<AuditEvent>> Bursts(int count, TimeSpan within)
    {
        foreach ((string _, List<AuditEvent> events) in _byAccount.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            events.Sort((x, y) => x.Timestamp != y.Timestamp
                ? x.Timestamp.CompareTo(y.Timestamp)
                : string.CompareOrdinal(x.Source.ToString(), y.Source.ToString()));

            int start = 0;
            while (start < events.Count)
            {
                int end = start;
                while (end + 1 < events.Count && events[end + 1].Timestamp - events[start].Timestamp <= within)
                {
                    end++;
                }

                if (end - start + 1 >= count)
                {
                    // Extend the burst while the next failure is within the window of the previous one.
                    while (end + 1 < events.Count && events[end + 1].Timestamp - events[end].Timestamp <= within)
                    {
                        end++;
                    }

                    yield return events.GetRange(start, end - start + 1);
                    start = end + 1;
                }
                else
                {
                    start++;
                }
            }
        }
    }
}
