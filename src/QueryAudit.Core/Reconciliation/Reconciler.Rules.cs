using System.Globalization;
using System.Text.RegularExpressions;
using QueryAudit.Core.Audit;
using QueryAudit.Core.Policy;
using QueryAudit.Sql;

namespace QueryAudit.Core.Reconciliation;

/// <summary>
/// The rule table: what each statement of each account class turns into.
/// </summary>
public sealed partial class Reconciler
{
    private void Reconcile(StatementContext statement, ConnectionState connection, AccountRule? rule)
    {
        NormalizedStatement normalized = statement.Normalized;
        if (normalized.Kind == StatementKind.AuditConfig)
        {
            TrackAuditLogging(statement);
            AddStatementFinding(FindingKinds.AuditConfigChange, statement, FindingReasons.AuditConfigChange().WithNote(AttemptNote(statement)));
            return;
        }

        switch (statement.AccountClass)
        {
            case AccountClass.Application:
                ReconcileApplication(statement, connection, rule);
                return;
            case AccountClass.Unknown:
                connection.UnknownReported = true;
                AddStatementFinding(FindingKinds.UnknownAccount, statement, FindingReasons.UnknownAccountStatement(statement.Event.User).WithNote(AttemptNote(statement)));
                return;
            default:
                ReconcilePersonal(statement, connection);
                return;
        }
    }

    private void ReconcileApplication(StatementContext statement, ConnectionState connection, AccountRule? rule)
    {
        AuditEvent audit = statement.Event;
        if (rule is not null && !connection.HostReported && !rule.AllowsHost(audit.Host))
        {
            connection.HostReported = true;
            // The statement goes on to its own outcome below, so this finding does not count as the statement's outcome.
            FindingReason host = FindingReasons.AppAccountHost(audit.User, audit.Host, string.Join(", ", rule.Hosts));
            Emit(StatementFinding(FindingKinds.AppAccountUnexpectedHost, statement, host, null));
        }

        switch (statement.Normalized.Kind)
        {
            case StatementKind.Ddl:
                AddStatementFinding(FindingKinds.AppAccountDdl, statement, FindingReasons.AppAccountDdl(audit.User).WithNote(AttemptNote(statement)));
                break;
            case StatementKind.Dcl:
                AddStatementFinding(FindingKinds.AppAccountDcl, statement, FindingReasons.AppAccountDcl(audit.User).WithNote(AttemptNote(statement)));
                break;
            default:
                Counters.Application++;
                break;
        }
    }

    /// <summary>Human, admin and migration accounts: every change must match an approved script.</summary>
    private void ReconcilePersonal(StatementContext statement, ConnectionState connection)
    {
        NormalizedStatement normalized = statement.Normalized;
        if (normalized.Kind is StatementKind.Transaction or StatementKind.Session)
        {
            Counters.SessionOrTransaction++;
            return;
        }

        if (IsNoise(normalized))
        {
            Counters.Noise++;
            return;
        }

        if (IsBookkeeping(normalized))
        {
            Counters.Bookkeeping++;
            return;
        }

        MatchOutcome outcome = _matcher.Match(statement);
        if (outcome.IsApproved)
        {
            AddApproved(statement, outcome.Statement!, outcome.Match, outcome.Run);
            if (normalized.Kind == StatementKind.Call)
            {
                ClaimProcedureStatements(statement, connection, approvedCall: true);
            }

            return;
        }

        if (normalized.Kind == StatementKind.Call)
        {
            ClaimProcedureStatements(statement, connection, approvedCall: false);
        }

        if (!outcome.IsNone)
        {
            Hold(connection, statement, outcome.ViolationKind!, outcome.Reason!.WithNote(AttemptNote(statement)), outcome.Statement);
            return;
        }

        if (normalized.Kind == StatementKind.Read && !statement.Truncated
            && _policy.HumanReadTreatmentFor(normalized.Tables) == HumanReadTreatment.Informational)
        {
            CountInformationalRead(statement);
            return;
        }

        (string kind, FindingReason reason) = Unmatched(statement);
        Hold(connection, statement, kind, reason.WithNote(AttemptNote(statement)), null);
    }

    private static (string Kind, FindingReason Reason) Unmatched(StatementContext statement)
    {
        NormalizedStatement normalized = statement.Normalized;
        if (statement.Truncated)
        {
            return (FindingKinds.TruncatedStatement, FindingReasons.Truncated(normalized.TruncationReason ?? "the text reached the server's logging limit"));
        }

        return normalized.Kind switch
        {
            StatementKind.Dml => (FindingKinds.UnapprovedWrite, FindingReasons.UnapprovedWrite()),
            StatementKind.Ddl => (FindingKinds.UnapprovedDdl, FindingReasons.UnapprovedDdl()),
            StatementKind.Dcl => (FindingKinds.UnapprovedDcl, FindingReasons.UnapprovedDcl()),
            StatementKind.Call => (FindingKinds.UnapprovedCall, FindingReasons.UnapprovedCall(normalized.Routine ?? "a stored procedure")),
            StatementKind.Read => (FindingKinds.UnapprovedRead, FindingReasons.UnapprovedRead()),
            StatementKind.Admin when IsDynamicSql(normalized) => (FindingKinds.DynamicSql, FindingReasons.DynamicSql()),
            StatementKind.Admin => (FindingKinds.UnapprovedAdmin, FindingReasons.UnapprovedAdmin()),
            _ => (FindingKinds.UnrecognisedStatement, FindingReasons.Unrecognised()),
        };
    }

    private static bool IsDynamicSql(NormalizedStatement normalized) =>
        normalized.ExactForm.StartsWith("PREPARE ", StringComparison.Ordinal)
        || normalized.ExactForm.StartsWith("EXECUTE ", StringComparison.Ordinal);

    private static FindingReason? AttemptNote(StatementContext statement) =>
        statement.Failed ? FindingReasons.FailedAttempt(statement.Event.RetCode!.Value) : null;

    private bool IsNoise(NormalizedStatement normalized)
    {
        if (normalized.Kind != StatementKind.Read || normalized.Tables.Count > 0)
        {
            return false;
        }

        foreach (Regex pattern in _noise)
        {
            if (pattern.IsMatch(normalized.Template))
            {
                return true;
            }
        }

        return false;
    }

    private bool IsBookkeeping(NormalizedStatement normalized)
    {
        if (normalized.Tables.Count == 0 || normalized.Kind is not (StatementKind.Dml or StatementKind.Read or StatementKind.Ddl))
        {
            return false;
        }

        foreach (string table in normalized.Tables)
        {
            int dot = table.LastIndexOf('.');
            string name = (dot >= 0 ? table[(dot + 1)..] : table).Trim('`');
            if (!_bookkeepingTables.Contains(name))
            {
                return false;
            }
        }

        return true;
    }

    private void CountInformationalRead(StatementContext statement)
    {
        Counters.InformationalReads++;
        (string, string) key = (statement.Event.User, statement.Normalized.TemplateHash);
        if (!_informationalReads.TryGetValue(key, out InformationalReadCounter? counter))
        {
            counter = new InformationalReadCounter(statement.Normalized.Template, statement.Event.Timestamp);
            _informationalReads[key] = counter;
        }

        counter.Count++;
        if (statement.Event.Timestamp < counter.First)
        {
            counter.First = statement.Event.Timestamp;
        }

        if (statement.Event.Timestamp > counter.Last)
        {
            counter.Last = statement.Event.Timestamp;
        }
    }

    /// <summary>Holds an unmatched statement until the connection ends or a later CALL claims it as a procedure body statement.</summary>
    private void Hold(ConnectionState connection, StatementContext statement, string kind, FindingReason reason, ApprovedStatement? script)
    {
        Finding finding = StatementFinding(kind, statement, reason, script);
        Counters.StatementExceptions++;
        connection.Pending.Add(new PendingFinding(statement.Event.QueryId, finding, statement));
    }

    /// <summary>
    /// A CALL record is written after the statements the procedure ran, which carry higher query ids than the CALL.
    /// Those statements are part of the call: approved when the call and the procedure's definition are approved,
    /// otherwise covered by the call's own finding.
    /// </summary>
    private void ClaimProcedureStatements(StatementContext call, ConnectionState connection, bool approvedCall)
    {
        long callQueryId = call.Event.QueryId;
        List<PendingFinding> body = connection.Pending.Where(p => p.QueryId > callQueryId).ToList();
        List<PendingFinding> before = connection.Pending.Where(p => p.QueryId <= callQueryId).ToList();
        connection.Pending.Clear();
        foreach (PendingFinding pending in before)
        {
            Emit(pending.Finding);
        }

        if (body.Count == 0)
        {
            return;
        }

        IReadOnlyList<ApprovedStatement> definitions = call.Normalized.Routine is { } routine ? _approvals.RoutineDefinitions(routine) : [];
        if (approvedCall && definitions.Count > 0)
        {
            ApprovedStatement definition = definitions[0];
            foreach (PendingFinding pending in body)
            {
                // Held as an exception until this call claimed it, so it moves from there to the approved count.
                Counters.StatementExceptions--;
                Counters.ProcedureStatements++;
                AddApproved(pending.Statement, definition, "procedure", 1);
            }

            return;
        }

        // The call itself is (or will be) a finding; its body statements are evidence under it, not separate exceptions.
        string routineName = call.Normalized.Routine ?? "a stored procedure";
        FindingReason reason = approvedCall
            ? FindingReasons.ProcedureBodyWithoutDefinition(routineName)
            : FindingReasons.ProcedureBodyOfUnapprovedCall(routineName);
        PendingFinding first = body[0];
        Emit(first.Finding with
        {
            Kind = FindingKinds.UnapprovedCall,
            Severity = _policy.SeverityOf(FindingKinds.UnapprovedCall),
            Reason = reason.Text,
            ReasonCode = reason.Code,
            ReasonArguments = reason.Arguments,
            ReasonNotes = reason.Notes,
            EventCount = body.Count,
            Id = FindingIds.ForEvent(FindingKinds.UnapprovedCall, first.Statement.Event, first.Statement.Part),
        });
    }

    private void FlushPending(ConnectionState connection)
    {
        foreach (PendingFinding pending in connection.Pending)
        {
            Emit(pending.Finding);
        }

        connection.Pending.Clear();
    }

    private void AddApproved(StatementContext statement, ApprovedStatement approved, string match, int run)
    {
        Counters.Approved++;
        AuditEvent audit = statement.Event;
        _approved.Add(new ApprovedExecution
        {
            ExecutedAt = audit.Timestamp,
            Instance = audit.Instance,
            Account = audit.User,
            ClientHost = audit.Host,
            ConnectionId = audit.ConnectionId,
            QueryId = audit.QueryId,
            Database = audit.Database,
            Script = approved.Approval.Script,
            ScriptStatement = approved.Index,
            Ticket = approved.Approval.Ticket,
            Approvers = approved.Approval.Approvers,
            Window = approved.Approval.WindowText,
            Run = run,
            ExactHash = statement.Normalized.ExactHash,
            Match = match,
            Source = statement.Source,
        });
    }

    private Finding StatementFinding(string kind, StatementContext statement, FindingReason reason, ApprovedStatement? script)
    {
        AuditEvent audit = statement.Event;
        if (audit.Database.Length == 0)
        {
            reason = reason.WithNote(FindingReasons.NoDatabase());
        }

        Severity severity = _policy.SeverityOf(kind);
        if (statement.Failed && severity > Severity.Low && kind != FindingKinds.AuditConfigChange)
        {
            // A failed statement changed nothing: it is reported as an attempt, one level lower.
            severity--;
        }

        return EventFinding(kind, audit, statement.Source, statement.Part, reason) with
        {
            Severity = severity,
            StatementKind = statement.Normalized.Kind,
            Template = statement.Normalized.Template,
            MaskedStatement = statement.Normalized.Template,
            Statement = statement.Text,
            Script = script?.Approval.Script,
            ScriptStatement = script?.Index,
        };
    }

    /// <summary>Reports a statement as an exception; the finding is the statement's outcome.</summary>
    private void AddStatementFinding(string kind, StatementContext statement, FindingReason reason)
    {
        Counters.StatementExceptions++;
        Emit(StatementFinding(kind, statement, reason, null));
    }

    private void AddFinding(string kind, AuditEvent audit, FindingReason reason) =>
        Emit(EventFinding(kind, audit, audit.Source.ToString(), 0, reason));

    /// <summary>Makes a finding about statement <paramref name="part"/> of one audit record, with the policy's severity for the kind.</summary>
    private Finding EventFinding(string kind, AuditEvent audit, string source, int part, FindingReason reason) => new()
    {
        Id = FindingIds.ForEvent(kind, audit, part),
        Severity = _policy.SeverityOf(kind),
        Kind = kind,
        OccurredAt = audit.Timestamp,
        Instance = audit.Instance,
        Account = audit.User,
        ClientHost = audit.Host,
        ConnectionId = audit.ConnectionId,
        QueryId = audit.QueryId,
        Database = audit.Database,
        RetCode = audit.RetCode,
        Reason = reason.Text,
        ReasonCode = reason.Code,
        ReasonArguments = reason.Arguments,
        ReasonNotes = reason.Notes,
        Source = source,
    };

    private void Emit(Finding finding) => _findings.Add(finding);

    private void AddBurstFindings()
    {
        foreach (IReadOnlyList<AuditEvent> burst in _failedLogins.Bursts(_policy.FailedLoginBurstCount, _policy.FailedLoginWindow))
        {
            AuditEvent first = burst[0];
            AuditEvent last = burst[^1];
            string instances = string.Join(", ", burst.Select(e => e.Instance).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
            string hosts = string.Join(", ", burst.Select(e => e.Host).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
            string connections = string.Join(", ", burst.Select(e => e.Instance == first.Instance
                ? e.ConnectionId.ToString(CultureInfo.InvariantCulture)
                : $"{e.Instance}:{e.ConnectionId.ToString(CultureInfo.InvariantCulture)}"));
            FindingReason reason = FindingReasons.FailedLoginBurst(
                burst.Count, first.User, DurationParser.Format(_policy.FailedLoginWindow), _policy.FailedLoginBurstCount, instances, hosts, connections);
            Emit(new Finding
            {
                Id = FindingIds.ForEvent(FindingKinds.FailedLoginBurst, first),
                Severity = _policy.SeverityOf(FindingKinds.FailedLoginBurst),
                Kind = FindingKinds.FailedLoginBurst,
                OccurredAt = first.Timestamp,
                EndsAt = last.Timestamp,
                Instance = instances,
                Account = first.User,
                ClientHost = first.Host,
                ConnectionId = first.ConnectionId,
                Reason = reason.Text,
                ReasonCode = reason.Code,
                ReasonArguments = reason.Arguments,
                Source = first.Source.ToString(),
                EventCount = burst.Count,
            });
        }
    }

    [GeneratedRegex(@"\bserver_audit_logging\s*=\s*'?(?<value>ON|OFF|0|1|TRUE|FALSE)'?", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AuditLoggingSetting();

    /// <summary>Remembers when audit logging was switched off and on, so the silent interval is reported as a gap.</summary>
    private void TrackAuditLogging(StatementContext statement)
    {
        if (statement.Failed)
        {
            return;
        }

        Match match = AuditLoggingSetting().Match(statement.Normalized.ExactForm);
        if (!match.Success)
        {
            return;
        }

        string value = match.Groups["value"].Value.ToUpperInvariant();
        bool off = value is "OFF" or "0" or "FALSE";
        string instance = statement.Event.Instance;
        if (off)
        {
            _auditOffSince.TryAdd(instance, statement.Event.Timestamp);
        }
        else if (_auditOffSince.Remove(instance, out DateTimeOffset since))
        {
            _auditOff.Add((instance, since, statement.Event.Timestamp));
        }
    }
}
