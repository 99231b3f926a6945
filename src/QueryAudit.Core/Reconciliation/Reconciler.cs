using System.Text.RegularExpressions;
using QueryAudit.Core.Audit;
using QueryAudit.Core.Policy;
using QueryAudit.Sql;

namespace QueryAudit.Core.Reconciliation;

/// <summary>
/// Applies the reconciliation rules to a stream of assembled statements and connection events. Feed records with
/// <see cref="AddStatement"/> and <see cref="AddConnectionEvent"/> (records of one connection in log order), then call
/// <see cref="Complete"/> once. Memory grows with open connections and findings, not with the number of events.
/// </summary>
public sealed partial class Reconciler
{
    private readonly AuditPolicy _policy;
    private readonly ApprovalIndex _approvals;
    private readonly ReconcileOptions _options;
    private readonly StatementMatcher _matcher;
    private readonly Regex[] _noise;
    private readonly HashSet<string> _bookkeepingTables;
    private readonly Dictionary<(string Instance, long Connection), ConnectionState> _connections = [];
    // NOTE: findings and approved executions stay in memory until Complete, and nothing spills to disk, so a month
    // with very many exceptions needs memory in proportion to them (each finding keeps its statement text).
    private readonly List<Finding> _findings = [];
    private readonly List<ApprovedExecution> _approved = [];
    private readonly Dictionary<(string Account, string TemplateHash), InformationalReadCounter> _informationalReads = [];
    private readonly FailedLoginTracker _failedLogins = new();
    private readonly Dictionary<string, DateTimeOffset> _auditOffSince = new(StringComparer.Ordinal);
    private readonly List<(string Instance, DateTimeOffset Off, DateTimeOffset? On)> _auditOff = [];
    private bool _completed;

    public Reconciler(AuditPolicy policy, ApprovalIndex approvals, ReconcileOptions options)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(approvals);
        ArgumentNullException.ThrowIfNull(options);
        _policy = policy;
        _approvals = approvals;
        _options = options;
        _matcher = new StatementMatcher(approvals, options);
        _noise = PolicyDefaults.NoiseTemplates.Concat(policy.NoiseTemplates)
            .Select(p => new Regex("^(?:" + p + ")$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)))
            .ToArray();
        _bookkeepingTables = new HashSet<string>(PolicyDefaults.BookkeepingTables.Concat(policy.BookkeepingTables), StringComparer.OrdinalIgnoreCase);
    }

    public ReconcileCounters Counters { get; private init; } = new();

    /// <summary>Reconciles one QUERY record (with its table records).</summary>
    public void AddStatement(AuditStatement statement)
    {
        ArgumentNullException.ThrowIfNull(statement);
        AuditEvent query = statement.Query;
        if (!InPeriod(query.Timestamp))
        {
            Counters.OutsidePeriod++;
            return;
        }

        Counters.QueryRecords++;
        Counters.OrphanTableRecords += statement.OrphanTables.Count;
        (AccountClass accountClass, AccountRule? rule) = _policy.Classify(query.User);
        if (accountClass == AccountClass.System)
        {
            Counters.Statements++;
            Counters.System++;
            return;
        }

        ConnectionState connection = Connection(query, accountClass);
        IReadOnlyList<SqlStatementText> parts = SqlSplitter.SplitQuery(query.ObjectText, _options.Sql);
        if (parts.Count == 0)
        {
            parts = [new SqlStatementText(query.ObjectText, 0, 1)];
        }

        for (int i = 0; i < parts.Count; i++)
        {
            if (accountClass == AccountClass.Application && IsRoutineApplicationStatement(parts[i].Text, query, connection, rule))
            {
                // The same counts as Reconcile gives such a statement, without normalising it in full.
                Counters.Statements++;
                Counters.Application++;
                continue;
            }

            NormalizedStatement normalized = SqlNormalizer.Normalize(parts[i].Text, _options.Sql);
            bool last = i == parts.Count - 1;
            bool truncated = last && (query.Truncated || normalized.TruncationSuspected);
            StatementContext context = new(query, i, parts.Count, parts[i].Text, normalized, truncated, accountClass);
            Counters.Statements++;
            Reconcile(context, connection, rule);
        }
    }

    /// <summary>Records a CONNECT, DISCONNECT, FAILED_CONNECT or CHANGEUSER record.</summary>
    public void AddConnectionEvent(AuditEvent audit)
    {
        ArgumentNullException.ThrowIfNull(audit);
        bool inPeriod = InPeriod(audit.Timestamp);
        if (inPeriod)
        {
            Counters.ConnectionEvents++;
        }
        else
        {
            Counters.OutsidePeriod++;
        }

        (AccountClass accountClass, AccountRule? rule) = _policy.Classify(audit.User);
        bool failed = audit.Operation == AuditOperation.FailedConnect
            || (audit.Operation is AuditOperation.Connect or AuditOperation.ChangeUser && audit.RetCode is > 0);
        if (failed)
        {
            if (inPeriod && accountClass != AccountClass.System)
            {
                AddFinding(FindingKinds.FailedLogin, audit, FindingReasons.FailedLogin(audit.User, audit.Host, audit.RetCode));
                _failedLogins.Add(audit);
            }

            return;
        }

        switch (audit.Operation)
        {
            case AuditOperation.Connect:
            case AuditOperation.ChangeUser:
                ConnectionState connection = Connection(audit, accountClass);
                connection.User = audit.User;
                connection.Host = audit.Host;
                connection.AccountClass = accountClass;
                if (inPeriod)
                {
                    CheckLogin(audit, connection, rule);
                }

                break;
            case AuditOperation.Disconnect:
                if (_connections.Remove((audit.Instance, audit.ConnectionId), out ConnectionState? closed))
                {
                    FlushPending(closed);
                }

                break;
            default:
                break;
        }
    }

    /// <summary>Finishes the run: resolves held statements, finds login bursts, sorts the results.</summary>
    public ReconciliationResult Complete()
    {
        if (_completed)
        {
            throw new InvalidOperationException("Complete was already called on this reconciler.");
        }

        _completed = true;
        foreach (ConnectionState connection in _connections.Values)
        {
            FlushPending(connection);
        }

        _connections.Clear();
        AddBurstFindings();
        foreach ((string instance, DateTimeOffset off) in _auditOffSince)
        {
            _auditOff.Add((instance, off, null));
        }

        _findings.Sort(CompareFindings);
        _approved.Sort((x, y) => x.ExecutedAt != y.ExecutedAt
            ? x.ExecutedAt.CompareTo(y.ExecutedAt)
            : string.CompareOrdinal(x.Source, y.Source));
        Counters.Exceptions = _findings.Count;

        return new ReconciliationResult
        {
            Findings = _findings,
            ApprovedExecutions = _approved,
            InformationalReads = _informationalReads
                .Select(pair => new InformationalRead(pair.Key.Account, pair.Value.Template, pair.Value.Count, pair.Value.First, pair.Value.Last))
                .OrderBy(r => r.Account, StringComparer.Ordinal)
                .ThenBy(r => r.Template, StringComparer.Ordinal)
                .ToList(),
            AuditOffIntervals = _auditOff.OrderBy(i => i.Instance, StringComparer.Ordinal).ThenBy(i => i.Off).ToList(),
            Counters = Counters,
        };
    }

    /// <summary>
    /// True when an application statement leads to no finding: its kind is not audit configuration, DDL or DCL (the
    /// kinds <see cref="Reconcile"/> reports for application accounts) and its host raises nothing. Only then may the
    /// caller skip the full normalisation, which is most of the cost of a month of application traffic.
    /// </summary>
    private bool IsRoutineApplicationStatement(string text, AuditEvent query, ConnectionState connection, AccountRule? rule) =>
        SqlNormalizer.Classify(text, _options.Sql) is not (StatementKind.AuditConfig or StatementKind.Ddl or StatementKind.Dcl)
        && (rule is null || connection.HostReported || AllowsHost(connection, rule, query.Host));

    private static bool AllowsHost(ConnectionState connection, AccountRule rule, string host)
    {
        if (ReferenceEquals(host, connection.AllowedHost) && ReferenceEquals(rule, connection.AllowedHostRule))
        {
            return true;
        }

        if (!rule.AllowsHost(host))
        {
            return false;
        }

        connection.AllowedHost = host;
        connection.AllowedHostRule = rule;
        return true;
    }

    private bool InPeriod(DateTimeOffset at) => at >= _options.PeriodStart && at < _options.PeriodEnd;

    private ConnectionState Connection(AuditEvent audit, AccountClass accountClass)
    {
        (string, long) key = (audit.Instance, audit.ConnectionId);
        if (!_connections.TryGetValue(key, out ConnectionState? state))
        {
            state = new ConnectionState(audit.User, audit.Host, accountClass);
            _connections[key] = state;
        }

        return state;
    }

    private void CheckLogin(AuditEvent audit, ConnectionState connection, AccountRule? rule)
    {
        if (connection.AccountClass == AccountClass.Unknown && !connection.UnknownReported)
        {
            connection.UnknownReported = true;
            AddFinding(FindingKinds.UnknownAccount, audit, FindingReasons.UnknownAccountLogin(audit.User, audit.Host));
        }

        if (connection.AccountClass == AccountClass.Application && rule is not null && !connection.HostReported && !rule.AllowsHost(audit.Host))
        {
            connection.HostReported = true;
            AddFinding(
                FindingKinds.AppAccountUnexpectedHost,
                audit,
                FindingReasons.AppAccountHost(audit.User, audit.Host, string.Join(", ", rule.Hosts)));
        }
    }

    private static int CompareFindings(Finding x, Finding y)
    {
        int order = x.OccurredAt.CompareTo(y.OccurredAt);
        if (order == 0)
        {
            order = string.CompareOrdinal(x.Source, y.Source);
        }

        return order != 0 ? order : string.CompareOrdinal(x.Kind, y.Kind);
    }

    private sealed class InformationalReadCounter(string template, DateTimeOffset first)
    {
        public string Template { get; } = template;

        public long Count { get; set; }

        public DateTimeOffset First { get; set; } = first;

        public DateTimeOffset Last { get; set; } = first;
    }
}
