using Microsoft.Extensions.Time.Testing;
using QueryAudit.Core.Audit;
using QueryAudit.Core.Reconciliation;
using QueryAudit.Core.Reporting;
using QueryAudit.Core.State;
using QueryAudit.Core.Triage;

namespace QueryAudit.Storage.Tests.Stores;

/// <summary>
/// The behaviour every <see cref="IStateStore"/> must have; one subclass per implementation runs it.
/// </summary>
public abstract class StateStoreContractTests
{
    private IStoreFactory _factory = null!;

    protected FakeTimeProvider Time { get; private set; } = null!;

    protected IStateStore Store { get; private set; } = null!;

    protected IStoreFactory Factory => _factory;

    [SetUp]
    public async Task OpenStore()
    {
        _factory = CreateFactory();
        Time = new FakeTimeProvider(Samples.Clock);
        Store = await _factory.CreateAsync(Time);
    }

    [TearDown]
    public async Task CloseStore()
    {
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }
    }

    [Test]
    public async Task Open_NewStore_AppliesEverySchemaStep()
    {
        Assert.That(Store.SchemaVersion, Is.EqualTo(2));

        await SaveAsync(Samples.Finding("F-0000000000000001"));
        IStateStore reopened = await _factory.ReopenAsync(Time);

        Assert.That(reopened.SchemaVersion, Is.EqualTo(2));
        Assert.That(await reopened.GetFindingAsync("F-0000000000000001", CancellationToken.None), Is.Not.Null);
    }

    [Test]
    public async Task Open_OlderSchema_IsUpgradedKeepingData()
    {
        IStateStore old = await _factory.CreateAsync(Time, schemaVersion: 1);
        await using (IStateTransaction transaction = await old.BeginAsync(CancellationToken.None))
        {
            await transaction.UpsertFindingsAsync([Samples.Finding("F-0000000000000001")], CancellationToken.None);
            await transaction.AppendTrailAsync(new TrailRecord("k.suzuki", "explain", ["F-0000000000000001"], null, "{}"), CancellationToken.None);
            await transaction.CommitAsync(CancellationToken.None);
        }

        IStateStore upgraded = await _factory.ReopenAsync(Time);
        await using (IStateTransaction transaction = await upgraded.BeginAsync(CancellationToken.None))
        {
            await transaction.UpsertAuditOffIntervalsAsync("s", [("vm", Samples.Clock, null)], CancellationToken.None);
            await transaction.CommitAsync(CancellationToken.None);
        }

        Assert.That(old.SchemaVersion, Is.EqualTo(1));
        Assert.That(upgraded.SchemaVersion, Is.EqualTo(2));
        Assert.That(await upgraded.GetFindingAsync("F-0000000000000001", CancellationToken.None), Is.Not.Null);
        Assert.That(TrailChain.Verify(await upgraded.TrailAsync(CancellationToken.None), await upgraded.TrailHeadAsync(CancellationToken.None)).IsIntact, Is.True);
        Assert.That(await upgraded.AuditOffIntervalsAsync(Samples.Clock, Samples.Clock.AddDays(1), CancellationToken.None), Has.Count.EqualTo(1));
    }

    [Test]
    public void Open_NewerSchema_IsRejected()
    {
        InvalidOperationException? error = Assert.ThrowsAsync<InvalidOperationException>(() => _factory.ReopenAsync(Time, schemaVersion: 1));

        Assert.That(error!.Message, Does.Contain("schema version 2, newer than the 1"));
    }

    [Test]
    public async Task InformationalReads_AddedInBatches_AreMerged()
    {
        DateTimeOffset at = new(2026, 12, 4, 19, 52, 9, TimeSpan.Zero);
        const string template = "SELECT * FROM invoices WHERE amount > ?";
        await using (IStateTransaction transaction = await Store.BeginAsync(CancellationToken.None))
        {
            await transaction.AddInformationalReadsAsync("stream-1", [new InformationalRead("investigator", template, 3, at, at.AddMinutes(5))], CancellationToken.None);
            await transaction.AddInformationalReadsAsync("stream-1", [new InformationalRead("investigator", template, 2, at.AddMinutes(-1), at.AddMinutes(1))], CancellationToken.None);
            await transaction.AddInformationalReadsAsync("stream-2", [new InformationalRead("investigator", template, 4, at.AddDays(1), at.AddDays(1))], CancellationToken.None);
            await transaction.AddInformationalReadsAsync("stream-2", [new InformationalRead("dba_bob", template, 1, at, at)], CancellationToken.None);
            await transaction.CommitAsync(CancellationToken.None);
        }

        IReadOnlyList<InformationalRead> reads = await Store.InformationalReadsAsync(at.AddHours(-1), at.AddDays(2), CancellationToken.None);

        Assert.That(reads, Is.EqualTo(new[]
        {
            new InformationalRead("dba_bob", template, 1, at, at),
            new InformationalRead("investigator", template, 9, at.AddMinutes(-1), at.AddDays(1)),
        }));
        Assert.That(await Store.InformationalReadsAsync(at.AddDays(3), at.AddDays(4), CancellationToken.None), Is.Empty);
    }

    [Test]
    public async Task AuditOffIntervals_ClosedLater_OverlapTheQuery()
    {
        DateTimeOffset off = new(2026, 12, 4, 19, 56, 40, TimeSpan.Zero);
        await using (IStateTransaction transaction = await Store.BeginAsync(CancellationToken.None))
        {
            await transaction.UpsertAuditOffIntervalsAsync("stream-1", [("vm", off, null), ("vm-2", off.AddDays(-40), off.AddDays(-39))], CancellationToken.None);
            await transaction.UpsertAuditOffIntervalsAsync("stream-1", [("vm", off, off.AddSeconds(20))], CancellationToken.None);
            await transaction.CommitAsync(CancellationToken.None);
        }

        var intervals = await Store.AuditOffIntervalsAsync(off.AddDays(-3), off.AddDays(3), CancellationToken.None);

        Assert.That(intervals, Is.EqualTo(new (string, DateTimeOffset, DateTimeOffset?)[] { ("vm", off, off.AddSeconds(20)) }));
    }

    [Test]
    public async Task UpsertFindings_RoundTrip_KeepsEveryField()
    {
        Finding finding = Samples.Finding("F-0000000000000001") with
        {
            Severity = Severity.Critical,
            EndsAt = new DateTimeOffset(2026, 12, 4, 19, 58, 0, TimeSpan.Zero).AddTicks(7),
            RetCode = 1142,
            Script = "operations/OPS-2026-1202__void_invoice_1042.sql",
            ScriptStatement = 2,
            EventCount = 6,
            ClientHost = "10.0.3.7",
            Statement = "UPDATE customers SET note = 'O''Brien — 日本語' WHERE customer_id = 42",
        };

        await SaveAsync(finding);
        StoredFinding? stored = await Store.GetFindingAsync(finding.Id, CancellationToken.None);

        Assert.That(stored, Is.Not.Null);
        Assert.That(stored!.Finding, Is.EqualTo(finding));
        Assert.That(stored.Status, Is.EqualTo(FindingStatuses.Open));
        Assert.That(stored.Disposition, Is.Null);
    }

    [Test]
    public async Task UpsertFindings_TemplateHash_IsSha256OfTemplate()
    {
        Finding finding = Samples.Finding("F-0000000000000001", template: "DELETE FROM sbtest3 WHERE id = ?");

        await SaveAsync(finding);
        StoredFinding? stored = await Store.GetFindingAsync(finding.Id, CancellationToken.None);

        string expected = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("DELETE FROM sbtest3 WHERE id = ?"u8));
        Assert.That(stored!.TemplateHash, Is.EqualTo(expected));
    }

    [Test]
    public async Task UpsertFindings_SameId_UpdatesInPlace()
    {
        await SaveAsync(Samples.Finding("F-0000000000000001"));
        await SaveAsync(Samples.Finding("F-0000000000000001") with { Reason = "values differ from approved script" });

        IReadOnlyList<StoredFinding> all = await Store.FindFindingsAsync(FindingFilter.All, CancellationToken.None);

        Assert.That(all, Has.Count.EqualTo(1));
        Assert.That(all[0].Finding.Reason, Is.EqualTo("values differ from approved script"));
    }

    [Test]
    public async Task SaveReconciliation_Twice_LeavesTheSameState()
    {
        ReconciliationSnapshot snapshot = new()
        {
            ScopeKey = "reconcile:2026-12",
            Result = Samples.Result(
                [Samples.Finding("F-0000000000000001"), Samples.Finding("F-0000000000000002", queryId: 99001)],
                [Samples.Execution("server_audit.log:500"), Samples.Execution("server_audit.log:501", statement: 2)],
                statements: 1200),
            EventCounts =
            [
                new HourlyEventCount("billing-prod-instance-1", new DateTimeOffset(2026, 12, 4, 19, 0, 0, TimeSpan.Zero), 900),
                new HourlyEventCount("billing-prod-instance-1", new DateTimeOffset(2026, 12, 4, 20, 0, 0, TimeSpan.Zero), 300),
            ],
            QuarantinedLines = [Samples.Quarantined("server_audit.log", 77)],
        };
        snapshot = snapshot with
        {
            Result = snapshot.Result with
            {
                InformationalReads = [new InformationalRead("investigator", "SELECT * FROM invoices WHERE amount > ?", 6, new DateTimeOffset(2026, 12, 4, 19, 52, 9, TimeSpan.Zero), new DateTimeOffset(2026, 12, 4, 19, 52, 30, TimeSpan.Zero))],
                AuditOffIntervals = [("vm", new DateTimeOffset(2026, 12, 4, 19, 56, 40, TimeSpan.Zero), new DateTimeOffset(2026, 12, 4, 19, 57, 0, TimeSpan.Zero))],
            },
        };

        await Store.SaveReconciliationAsync(snapshot, CancellationToken.None);
        await Store.SaveReconciliationAsync(snapshot, CancellationToken.None);

        DateTimeOffset from = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
        DateTimeOffset to = new(2027, 1, 1, 0, 0, 0, TimeSpan.Zero);
        Assert.That(await Store.FindFindingsAsync(FindingFilter.All, CancellationToken.None), Has.Count.EqualTo(2));
        Assert.That(await Store.ApprovedExecutionsAsync(from, to, CancellationToken.None), Has.Count.EqualTo(2));
        Assert.That((await Store.EventCountsAsync(from, to, CancellationToken.None)).Sum(c => c.Events), Is.EqualTo(1200));
        Assert.That((await Store.CountersAsync("reconcile:2026-12", CancellationToken.None)).Statements, Is.EqualTo(1200));
        Assert.That(await Store.QuarantinedCountsAsync(CancellationToken.None), Is.EquivalentTo(new Dictionary<string, long> { ["server_audit.log"] = 1 }));
        Assert.That((await Store.InformationalReadsAsync(from, to, CancellationToken.None)).Single().Count, Is.EqualTo(6));
        Assert.That(await Store.AuditOffIntervalsAsync(from, to, CancellationToken.None), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task ApprovedExecutions_RoundTrip_KeepsEveryField()
    {
        ApprovedExecution execution = Samples.Execution("server_audit.log:500", statement: 3);
        await Store.SaveReconciliationAsync(new ReconciliationSnapshot { ScopeKey = "s", Result = Samples.Result([], [execution], 1) }, CancellationToken.None);

        IReadOnlyList<ApprovedExecution> stored = await Store.ApprovedExecutionsAsync(execution.ExecutedAt, execution.ExecutedAt.AddTicks(1), CancellationToken.None);

        Assert.That(stored, Has.Count.EqualTo(1));
        Assert.That(stored[0] with { Approvers = execution.Approvers }, Is.EqualTo(execution));
        Assert.That(stored[0].Approvers, Is.EqualTo(execution.Approvers));
    }

    [TestCase("period", new[] { "F-0000000000000001", "F-0000000000000002" })]
    [TestCase("severity", new[] { "F-0000000000000003" })]
    [TestCase("kind", new[] { "F-0000000000000004" })]
    [TestCase("account", new[] { "F-0000000000000002", "F-0000000000000003" })]
    [TestCase("instance", new[] { "F-0000000000000004" })]
    [TestCase("status-open", new[] { "F-0000000000000004", "F-0000000000000002", "F-0000000000000003" })]
    [TestCase("status-explained", new[] { "F-0000000000000001" })]
    [TestCase("template", new[] { "F-0000000000000003" })]
    [TestCase("text-literal", new[] { "F-0000000000000002" })]
    [TestCase("text-case", new[] { "F-0000000000000003" })]
    [TestCase("text-percent", new string[0])]
    [TestCase("ids", new[] { "F-0000000000000004", "F-0000000000000001" })]
    [TestCase("limit", new[] { "F-0000000000000001", "F-0000000000000002" })]
    [TestCase("combined", new[] { "F-0000000000000002" })]
    public async Task FindFindings_Filter_ReturnsMatchingIds(string filterName, string[] expectedIds)
    {
        await SaveAsync(
            Samples.Finding("F-0000000000000001", account: "dba_bob", at: new DateTimeOffset(2026, 12, 4, 10, 0, 0, TimeSpan.Zero)),
            Samples.Finding("F-0000000000000002", account: "dba_alice", at: new DateTimeOffset(2026, 12, 31, 14, 59, 59, TimeSpan.Zero), statement: "UPDATE customers SET credit_limit = 777 WHERE customer_id = 9"),
            Samples.Finding("F-0000000000000003", account: "dba_alice", severity: Severity.Critical, at: new DateTimeOffset(2027, 1, 2, 0, 0, 0, TimeSpan.Zero), template: "SET GLOBAL server_audit_logging = ?", statement: "SET GLOBAL server_audit_logging = OFF"),
            Samples.Finding("F-0000000000000004", kind: FindingKinds.FailedLogin, instance: "billing-prod-instance-2", at: new DateTimeOffset(2026, 11, 30, 14, 59, 59, TimeSpan.Zero), template: null, statement: null));
        await SetDispositionAsync("F-0000000000000001", FindingStatuses.Explained);

        FindingFilter filter = filterName switch
        {
            // December 2026 in Asia/Tokyo: 2026-11-30T15:00Z to 2026-12-31T15:00Z.
            "period" => new FindingFilter { From = new DateTimeOffset(2026, 11, 30, 15, 0, 0, TimeSpan.Zero), To = new DateTimeOffset(2026, 12, 31, 15, 0, 0, TimeSpan.Zero) },
            "severity" => new FindingFilter { Severities = [Severity.Critical] },
            "kind" => new FindingFilter { Kinds = [FindingKinds.FailedLogin] },
            "account" => new FindingFilter { Accounts = ["dba_alice"] },
            "instance" => new FindingFilter { Instances = ["billing-prod-instance-2"] },
            "status-open" => new FindingFilter { Statuses = [FindingStatuses.Open] },
            "status-explained" => new FindingFilter { Statuses = [FindingStatuses.Explained] },
            "template" => new FindingFilter { TemplateHash = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData("SET GLOBAL server_audit_logging = ?"u8)) },
            "text-literal" => new FindingFilter { Text = "= 777" },
            "text-case" => new FindingFilter { Text = "server_AUDIT_logging = off" },
            "text-percent" => new FindingFilter { Text = "100%" },
            "ids" => new FindingFilter { Ids = ["F-0000000000000004", "F-0000000000000001", "F-9999999999999999"] },
            "limit" => new FindingFilter { Limit = 2, Kinds = [FindingKinds.UnapprovedWrite] },
            "combined" => new FindingFilter { Accounts = ["dba_alice"], Statuses = [FindingStatuses.Open], Severities = [Severity.High] },
            _ => throw new ArgumentOutOfRangeException(nameof(filterName)),
        };

        IReadOnlyList<StoredFinding> found = await Store.FindFindingsAsync(filter, CancellationToken.None);

        // Expected ids are listed in the store's order: by time, then id.
        Assert.That(found.Select(f => f.Finding.Id), Is.EqualTo(expectedIds));
    }

    [Test]
    public async Task BeginAsync_DisposedWithoutCommit_RollsBack()
    {
        await using (IStateTransaction transaction = await Store.BeginAsync(CancellationToken.None))
        {
            await transaction.UpsertFindingsAsync([Samples.Finding("F-0000000000000001")], CancellationToken.None);
            await transaction.SetCheckpointAsync("billing-prod/instance-1", "{\"next\":\"e1\"}", CancellationToken.None);
        }

        Assert.That(await Store.FindFindingsAsync(FindingFilter.All, CancellationToken.None), Is.Empty);
        Assert.That(await Store.GetCheckpointAsync("billing-prod/instance-1", CancellationToken.None), Is.Null);
    }

    [Test]
    public async Task Checkpoint_CommittedWithBatch_IsReadBackWithTime()
    {
        await using (IStateTransaction transaction = await Store.BeginAsync(CancellationToken.None))
        {
            await transaction.UpsertFindingsAsync([Samples.Finding("F-0000000000000001")], CancellationToken.None);
            await transaction.SetCheckpointAsync("/aws/rds/cluster/billing-prod/audit/instance-1", "{\"token\":\"f/1\"}", CancellationToken.None);
            Assert.That((await transaction.GetCheckpointAsync("/aws/rds/cluster/billing-prod/audit/instance-1", CancellationToken.None))?.StateJson, Is.EqualTo("{\"token\":\"f/1\"}"));
            await transaction.CommitAsync(CancellationToken.None);
        }

        Time.Advance(TimeSpan.FromMinutes(1));
        await using (IStateTransaction transaction = await Store.BeginAsync(CancellationToken.None))
        {
            await transaction.SetCheckpointAsync("/aws/rds/cluster/billing-prod/audit/instance-1", "{\"token\":\"f/2\"}", CancellationToken.None);
            await transaction.CommitAsync(CancellationToken.None);
        }

        SourceCheckpoint? checkpoint = await Store.GetCheckpointAsync("/aws/rds/cluster/billing-prod/audit/instance-1", CancellationToken.None);
        Assert.That(checkpoint, Is.EqualTo(new SourceCheckpoint("/aws/rds/cluster/billing-prod/audit/instance-1", "{\"token\":\"f/2\"}", Samples.Clock.AddMinutes(1))));
        Assert.That(await Store.CheckpointsAsync(CancellationToken.None), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task EventCounts_AddedInBatches_AreSummedAcrossScopes()
    {
        DateTimeOffset hour = new(2026, 12, 4, 19, 0, 0, TimeSpan.Zero);
        await using (IStateTransaction transaction = await Store.BeginAsync(CancellationToken.None))
        {
            await transaction.AddEventCountsAsync("stream-1", [new HourlyEventCount("i-1", hour, 10), new HourlyEventCount("i-2", hour, 4)], CancellationToken.None);
            await transaction.AddEventCountsAsync("stream-1", [new HourlyEventCount("i-1", hour, 5)], CancellationToken.None);
            await transaction.AddEventCountsAsync("stream-2", [new HourlyEventCount("i-1", hour, 1), new HourlyEventCount("i-1", hour.AddHours(1), 2)], CancellationToken.None);
            await transaction.CommitAsync(CancellationToken.None);
        }

        IReadOnlyList<HourlyEventCount> counts = await Store.EventCountsAsync(hour, hour.AddHours(1), CancellationToken.None);

        Assert.That(counts, Is.EqualTo(new[] { new HourlyEventCount("i-1", hour, 16), new HourlyEventCount("i-2", hour, 4) }));
    }

    [Test]
    public async Task ClearScope_RemovesOnlyThatScope()
    {
        DateTimeOffset hour = new(2026, 12, 4, 19, 0, 0, TimeSpan.Zero);
        await using (IStateTransaction transaction = await Store.BeginAsync(CancellationToken.None))
        {
            await transaction.AddEventCountsAsync("a", [new HourlyEventCount("i-1", hour, 10)], CancellationToken.None);
            await transaction.AddEventCountsAsync("b", [new HourlyEventCount("i-1", hour, 3)], CancellationToken.None);
            await transaction.AddCountersAsync("a", new ReconcileCounters { Statements = 10 }, CancellationToken.None);
            await transaction.ClearScopeAsync("a", CancellationToken.None);
            await transaction.CommitAsync(CancellationToken.None);
        }

        Assert.That((await Store.EventCountsAsync(hour, hour.AddHours(1), CancellationToken.None)).Single().Events, Is.EqualTo(3));
        Assert.That((await Store.CountersAsync("a", CancellationToken.None)).Statements, Is.Zero);
    }

    [Test]
    public async Task Counters_AddedTwice_AreSummed()
    {
        ReconcileCounters batch = new() { QueryRecords = 7, Statements = 9, Approved = 2, System = 3, Exceptions = 1, OrphanTableRecords = 4 };
        for (int i = 0; i < 2; i++)
        {
            await using IStateTransaction transaction = await Store.BeginAsync(CancellationToken.None);
            await transaction.AddCountersAsync("stream-1", batch, CancellationToken.None);
            await transaction.CommitAsync(CancellationToken.None);
        }

        ReconcileCounters stored = await Store.CountersAsync("stream-1", CancellationToken.None);

        Assert.That(stored.QueryRecords, Is.EqualTo(14));
        Assert.That(stored.Statements, Is.EqualTo(18));
        Assert.That(stored.Approved, Is.EqualTo(4));
        Assert.That(stored.System, Is.EqualTo(6));
        Assert.That(stored.Exceptions, Is.EqualTo(2));
        Assert.That(stored.OrphanTableRecords, Is.EqualTo(8));
    }

    [Test]
    public async Task QuarantinedLines_SamePosition_StoredOnce()
    {
        await using (IStateTransaction transaction = await Store.BeginAsync(CancellationToken.None))
        {
            await transaction.UpsertQuarantinedLinesAsync(
                [Samples.Quarantined("server_audit.log.001", 12), Samples.Quarantined("server_audit.log.001", 12), Samples.Quarantined("server_audit.log.001", 13)],
                CancellationToken.None);
            await transaction.UpsertQuarantinedLinesAsync(
                [new QuarantinedLine(new SourcePosition("/aws/rds/cluster/c/audit/i-1", 0, "3791"), "invalid timestamp", "x,y", 3)],
                CancellationToken.None);
            await transaction.CommitAsync(CancellationToken.None);
        }

        IReadOnlyList<QuarantinedLine> lines = await Store.QuarantinedLinesAsync(10, CancellationToken.None);

        Assert.That(lines.Select(l => l.Source.ToString()), Is.EqualTo(new[] { "/aws/rds/cluster/c/audit/i-1:3791", "server_audit.log.001:12", "server_audit.log.001:13" }));
        Assert.That(lines[1], Is.EqualTo(Samples.Quarantined("server_audit.log.001", 12)));
        Assert.That(await Store.QuarantinedLinesAsync(1, CancellationToken.None), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task FreezeReport_Twice_IsRejected()
    {
        await FreezeAsync("2026-12");

        InvalidOperationException? error = Assert.ThrowsAsync<InvalidOperationException>(() => FreezeAsync("2026-12"));

        Assert.That(error!.Message, Does.Contain("2026-12").And.Contain("already frozen"));
        ReportFreeze? freeze = await Store.GetReportFreezeAsync("2026-12", CancellationToken.None);
        Assert.That(freeze, Is.EqualTo(new ReportFreeze("2026-12", Samples.Clock, new string('b', 64), 0)));
    }

    [Test]
    public async Task LateEvents_FrozenPeriod_AreCounted()
    {
        await FreezeAsync("2026-12");
        for (int i = 0; i < 2; i++)
        {
            await using IStateTransaction transaction = await Store.BeginAsync(CancellationToken.None);
            await transaction.AddLateEventsAsync("2026-12", 21, CancellationToken.None);
            await transaction.CommitAsync(CancellationToken.None);
        }

        Assert.That((await Store.GetReportFreezeAsync("2026-12", CancellationToken.None))!.LateEvents, Is.EqualTo(42));
        await using (IStateTransaction transaction = await Store.BeginAsync(CancellationToken.None))
        {
            Assert.That((await transaction.GetReportFreezeAsync("2026-12", CancellationToken.None))!.LateEvents, Is.EqualTo(42));
            Assert.That(await transaction.GetReportFreezeAsync("2027-01", CancellationToken.None), Is.Null);
        }

        Assert.That(await Store.GetReportFreezeAsync("2027-01", CancellationToken.None), Is.Null);
    }

    [Test]
    public async Task LateEvents_PeriodNotFrozen_AreRejected()
    {
        await using IStateTransaction transaction = await Store.BeginAsync(CancellationToken.None);

        InvalidOperationException? error = Assert.ThrowsAsync<InvalidOperationException>(() => transaction.AddLateEventsAsync("2027-01", 1, CancellationToken.None));

        Assert.That(error!.Message, Does.Contain("2027-01").And.Contain("not frozen"));
    }

    [Test]
    public async Task ConnectionContext_ReturnsStatementsOfThatConnectionOnly()
    {
        DateTimeOffset at = new(2026, 12, 4, 19, 53, 15, TimeSpan.Zero);
        await Store.SaveReconciliationAsync(
            new ReconciliationSnapshot
            {
                ScopeKey = "s",
                Result = Samples.Result(
                    [
                        Samples.Finding("F-0000000000000001", connectionId: 26, queryId: 99000, at: at),
                        Samples.Finding("F-0000000000000002", connectionId: 26, queryId: 98990, at: at.AddSeconds(-20)),
                        Samples.Finding("F-0000000000000003", connectionId: 27, queryId: 99001, at: at),
                        Samples.Finding("F-0000000000000004", connectionId: 26, queryId: 10, at: at.AddHours(-3)),
                    ],
                    [Samples.Execution("server_audit.log:600", connectionId: 26, at: at.AddSeconds(30))],
                    5),
            },
            CancellationToken.None);

        IReadOnlyList<ConnectionStatement> context = await Store.ConnectionContextAsync("billing-prod-instance-1", 26, at, TimeSpan.FromMinutes(10), CancellationToken.None);

        Assert.That(context.Select(c => c.Reference), Is.EqualTo(new[] { "F-0000000000000002", "F-0000000000000001", "operations/OPS-2026-1202__void_invoice_1042.sql#1" }));
        Assert.That(context.Select(c => c.Kind), Is.EqualTo(new[] { "finding", "finding", "approved" }));
    }

    [Test]
    public async Task Lease_HeldByAnother_IsRefusedUntilItExpires()
    {
        Assert.That(await Store.TryAcquireLeaseAsync("stream-1", "task-a", TimeSpan.FromSeconds(30), CancellationToken.None), Is.True);
        Assert.That(await Store.TryAcquireLeaseAsync("stream-1", "task-b", TimeSpan.FromSeconds(30), CancellationToken.None), Is.False);

        Time.Advance(TimeSpan.FromSeconds(31));

        Assert.That(await Store.TryAcquireLeaseAsync("stream-1", "task-b", TimeSpan.FromSeconds(30), CancellationToken.None), Is.True);
        Assert.That(await Store.RenewLeaseAsync("stream-1", "task-a", TimeSpan.FromSeconds(30), CancellationToken.None), Is.False);
        SourceLease lease = (await Store.LeasesAsync(CancellationToken.None)).Single();
        Assert.That(lease, Is.EqualTo(new SourceLease("stream-1", "task-b", Samples.Clock.AddSeconds(31), Samples.Clock.AddSeconds(61))));
    }

    [Test]
    public async Task Lease_RenewedByOwner_KeepsAcquiredTime()
    {
        await Store.TryAcquireLeaseAsync("stream-1", "task-a", TimeSpan.FromSeconds(30), CancellationToken.None);
        Time.Advance(TimeSpan.FromSeconds(20));

        Assert.That(await Store.RenewLeaseAsync("stream-1", "task-a", TimeSpan.FromSeconds(30), CancellationToken.None), Is.True);
        Assert.That(await Store.TryAcquireLeaseAsync("stream-1", "task-a", TimeSpan.FromSeconds(30), CancellationToken.None), Is.True);

        Time.Advance(TimeSpan.FromSeconds(20));
        Assert.That(await Store.TryAcquireLeaseAsync("stream-1", "task-b", TimeSpan.FromSeconds(30), CancellationToken.None), Is.False);
        SourceLease lease = (await Store.LeasesAsync(CancellationToken.None)).Single();
        Assert.That(lease.AcquiredAt, Is.EqualTo(Samples.Clock));
        Assert.That(lease.ExpiresAt, Is.EqualTo(Samples.Clock.AddSeconds(50)));
    }

    [Test]
    public async Task Lease_Released_CanBeTakenByAnother()
    {
        await Store.TryAcquireLeaseAsync("stream-1", "task-a", TimeSpan.FromMinutes(5), CancellationToken.None);
        await Store.ReleaseLeaseAsync("stream-1", "task-b", CancellationToken.None);
        Assert.That(await Store.TryAcquireLeaseAsync("stream-1", "task-b", TimeSpan.FromMinutes(5), CancellationToken.None), Is.False);

        await Store.ReleaseLeaseAsync("stream-1", "task-a", CancellationToken.None);

        Assert.That(await Store.TryAcquireLeaseAsync("stream-1", "task-b", TimeSpan.FromMinutes(5), CancellationToken.None), Is.True);
    }

    [Test]
    public async Task Lease_RaceOfManyOwners_HasOneWinner()
    {
        Task<bool>[] attempts = Enumerable.Range(0, 8)
            .Select(i => Task.Run(() => Store.TryAcquireLeaseAsync("stream-1", $"task-{i}", TimeSpan.FromMinutes(5), CancellationToken.None)))
            .ToArray();

        bool[] results = await Task.WhenAll(attempts);

        Assert.That(results.Count(r => r), Is.EqualTo(1));
        string winner = $"task-{Array.IndexOf(results, true)}";
        Assert.That((await Store.LeasesAsync(CancellationToken.None)).Single().Owner, Is.EqualTo(winner));
    }

    [Test]
    public async Task EnsureLease_LostLease_BlocksTheCommit()
    {
        await Store.TryAcquireLeaseAsync("stream-1", "task-a", TimeSpan.FromSeconds(30), CancellationToken.None);
        Time.Advance(TimeSpan.FromSeconds(31));
        await Store.TryAcquireLeaseAsync("stream-1", "task-b", TimeSpan.FromSeconds(30), CancellationToken.None);

        await using (IStateTransaction transaction = await Store.BeginAsync(CancellationToken.None))
        {
            LeaseLostException? error = Assert.ThrowsAsync<LeaseLostException>(() => transaction.EnsureLeaseAsync("stream-1", "task-a", CancellationToken.None));
            Assert.That(error!.Message, Does.Contain("task-b"));
            await transaction.EnsureLeaseAsync("stream-1", "task-b", CancellationToken.None);
        }

        Time.Advance(TimeSpan.FromSeconds(31));
        await using (IStateTransaction transaction = await Store.BeginAsync(CancellationToken.None))
        {
            LeaseLostException? error = Assert.ThrowsAsync<LeaseLostException>(() => transaction.EnsureLeaseAsync("stream-1", "task-b", CancellationToken.None));
            Assert.That(error!.Message, Does.Contain("expired"));
            Assert.ThrowsAsync<LeaseLostException>(() => transaction.EnsureLeaseAsync("stream-9", "task-b", CancellationToken.None));
        }
    }

    [Test]
    public async Task ReportDispositions_PendingReview_IsReportedOpen()
    {
        await SaveAsync(Samples.Finding("F-0000000000000001"), Samples.Finding("F-0000000000000002"), Samples.Finding("F-0000000000000003"));
        await SetDispositionAsync("F-0000000000000001", FindingStatuses.Explained, ticket: "OPS-2026-1299", note: "emergency fix");
        await using (IStateTransaction transaction = await Store.BeginAsync(CancellationToken.None))
        {
            await transaction.SetDispositionAsync(
                new Disposition
                {
                    FindingId = "F-0000000000000002",
                    Status = FindingStatuses.PendingReview,
                    ProposedStatus = FindingStatuses.Dismissed,
                    Reviewers = ["k.suzuki"],
                    Note = "test account",
                    UpdatedAt = Samples.Clock,
                },
                CancellationToken.None);
            await transaction.CommitAsync(CancellationToken.None);
        }

        IReadOnlyDictionary<string, FindingDisposition> report = await Store.ReportDispositionsAsync(CancellationToken.None);

        Assert.That(report.Keys, Is.EquivalentTo(new[] { "F-0000000000000001", "F-0000000000000002" }));
        Assert.That(report["F-0000000000000001"].Status, Is.EqualTo("explained"));
        Assert.That(report["F-0000000000000001"].Ticket, Is.EqualTo("OPS-2026-1299"));
        Assert.That(report["F-0000000000000001"].Reviewers, Is.EqualTo(new[] { "k.suzuki" }));
        Assert.That(report["F-0000000000000002"].Status, Is.EqualTo("open"));
        Assert.That(report["F-0000000000000002"].Note, Is.EqualTo("awaiting a second reviewer; k.suzuki proposed dismissed: test account"));
    }

    [Test]
    public async Task UpsertFindings_ActiveSuppressionRule_SuppressesNewMatchingFindings()
    {
        SuppressionRule rule = Rule(createdAt: Samples.Clock, expiresAt: Samples.Clock.AddDays(7));
        await AddRuleAsync(rule);

        await SaveAsync(
            Samples.Finding("F-0000000000000001", at: Samples.Clock.AddDays(1)),
            Samples.Finding("F-0000000000000002", at: Samples.Clock.AddDays(-1)),
            Samples.Finding("F-0000000000000003", at: Samples.Clock.AddDays(7)),
            Samples.Finding("F-0000000000000004", at: Samples.Clock.AddDays(1), account: "dba_alice"),
            Samples.Finding("F-0000000000000005", at: Samples.Clock.AddDays(1), template: "DELETE FROM customers WHERE customer_id = ?"));

        IReadOnlyList<StoredFinding> all = await Store.FindFindingsAsync(FindingFilter.All, CancellationToken.None);
        Dictionary<string, string> statuses = all.ToDictionary(f => f.Finding.Id, f => f.Status);
        Assert.That(statuses["F-0000000000000001"], Is.EqualTo(FindingStatuses.Suppressed));
        Assert.That(statuses["F-0000000000000002"], Is.EqualTo(FindingStatuses.Open), "before the rule was made");
        Assert.That(statuses["F-0000000000000003"], Is.EqualTo(FindingStatuses.Open), "at the expiry, which is exclusive");
        Assert.That(statuses["F-0000000000000004"], Is.EqualTo(FindingStatuses.Open), "another account");
        Assert.That(statuses["F-0000000000000005"], Is.EqualTo(FindingStatuses.Open), "another template");
        Disposition disposition = all.Single(f => f.Finding.Id == "F-0000000000000001").Disposition!;
        Assert.That(disposition.SuppressionRuleId, Is.EqualTo(rule.Id));
        Assert.That(disposition.Ticket, Is.EqualTo(rule.Ticket));
        Assert.That(disposition.Reviewers, Is.EqualTo(new[] { rule.Approver }));
    }

    [Test]
    public async Task UpsertFindings_AlreadyTriaged_KeepsItsDisposition()
    {
        Finding finding = Samples.Finding("F-0000000000000001", at: Samples.Clock.AddDays(1));
        await SaveAsync(finding);
        await SetDispositionAsync(finding.Id, FindingStatuses.Escalated);
        await AddRuleAsync(Rule(createdAt: Samples.Clock, expiresAt: Samples.Clock.AddDays(7)));

        await SaveAsync(finding);

        Assert.That((await Store.GetFindingAsync(finding.Id, CancellationToken.None))!.Status, Is.EqualTo(FindingStatuses.Escalated));
        Assert.That(await Store.SuppressionRulesAsync(CancellationToken.None), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task DeleteFindings_Withdrawn_KeepsDispositionForReturn()
    {
        Finding kept = Samples.Finding("F-0000000000000001");
        Finding withdrawn = Samples.Finding("F-0000000000000002");
        await SaveAsync(kept);
        await SaveAsync(withdrawn);
        await SetDispositionAsync(withdrawn.Id, FindingStatuses.Escalated);

        IStateTransaction transaction = await Store.BeginAsync(CancellationToken.None);
        await using (transaction)
        {
            await transaction.DeleteFindingsAsync([withdrawn.Id, "F-ffffffffffffffff"], CancellationToken.None);
            await transaction.CommitAsync(CancellationToken.None);
        }

        Assert.That(await Store.GetFindingAsync(withdrawn.Id, CancellationToken.None), Is.Null);
        Assert.That(await Store.GetFindingAsync(kept.Id, CancellationToken.None), Is.Not.Null);

        await SaveAsync(withdrawn);
        Assert.That((await Store.GetFindingAsync(withdrawn.Id, CancellationToken.None))!.Status, Is.EqualTo(FindingStatuses.Escalated));
    }

    [Test]
    public async Task DeleteApprovedExecutions_ByKey_RemovesOnlyThose()
    {
        ApprovedExecution first = Samples.Execution("a.log:1", statement: 1);
        ApprovedExecution second = Samples.Execution("a.log:2", statement: 1);
        IStateTransaction transaction = await Store.BeginAsync(CancellationToken.None);
        await using (transaction)
        {
            await transaction.UpsertApprovedExecutionsAsync([first, second], CancellationToken.None);
            await transaction.CommitAsync(CancellationToken.None);
        }

        transaction = await Store.BeginAsync(CancellationToken.None);
        await using (transaction)
        {
            await transaction.DeleteApprovedExecutionsAsync([second], CancellationToken.None);
            await transaction.CommitAsync(CancellationToken.None);
        }

        IReadOnlyList<ApprovedExecution> left = await Store.ApprovedExecutionsAsync(DateTimeOffset.MinValue.AddYears(1), DateTimeOffset.MaxValue.AddYears(-1), CancellationToken.None);
        Assert.That(left.Select(e => e.Source), Is.EqualTo(new[] { "a.log:1" }));
    }

    [Test]
    public async Task Trail_Appended_VerifiesIntact()
    {
        await AppendTrailAsync(3);

        IReadOnlyList<TrailEntry> entries = await Store.TrailAsync(CancellationToken.None);
        TrailHead head = await Store.TrailHeadAsync(CancellationToken.None);

        Assert.That(entries.Select(e => e.Sequence), Is.EqualTo(new long[] { 1, 2, 3 }));
        Assert.That(entries[0].PreviousHash, Is.EqualTo(TrailChain.GenesisHash));
        Assert.That(entries[1].PreviousHash, Is.EqualTo(entries[0].Hash));
        Assert.That(entries[2].FindingIds, Is.EqualTo(new[] { "F-0000000000000001", "F-0000000000000003" }));
        Assert.That(entries[2].At, Is.EqualTo(Samples.Clock.AddMinutes(2)));
        Assert.That(head, Is.EqualTo(new TrailHead(3, entries[2].Hash)));
        Assert.That(TrailChain.Verify(entries, head).IsIntact, Is.True);
    }

    [Test]
    public async Task Trail_ConcurrentAppends_FormOneChain()
    {
        Task[] appends = Enumerable.Range(0, 10)
            .Select(i => Task.Run(async () =>
            {
                await using IStateTransaction transaction = await Store.BeginAsync(CancellationToken.None);
                await transaction.AppendTrailAsync(new TrailRecord($"reviewer-{i}", "explain", ["F-0000000000000001"], null, "{}"), CancellationToken.None);
                await transaction.CommitAsync(CancellationToken.None);
            }))
            .ToArray();

        await Task.WhenAll(appends);

        IReadOnlyList<TrailEntry> entries = await Store.TrailAsync(CancellationToken.None);
        Assert.That(entries, Has.Count.EqualTo(10));
        Assert.That(TrailChain.Verify(entries, await Store.TrailHeadAsync(CancellationToken.None)).IsIntact, Is.True);
    }

    [TestCase("UPDATE trail SET actor = 'someone.else' WHERE seq = 2", 2)]
    [TestCase("UPDATE trail SET after_state = '{\"status\":\"dismissed\"}' WHERE seq = 1", 1)]
    [TestCase("DELETE FROM trail WHERE seq = 2", 3)]
    [TestCase("DELETE FROM trail WHERE seq = 3", 3)]
    [TestCase("UPDATE trail_head SET last_seq = 2", 3)]
    public async Task Trail_TamperedRow_BreaksTheChainAtThatEntry(string tamper, long brokenAt)
    {
        await AppendTrailAsync(3);
        await TamperAsync(tamper);

        TrailVerification result = TrailChain.Verify(await Store.TrailAsync(CancellationToken.None), await Store.TrailHeadAsync(CancellationToken.None));

        Assert.That(result.IsIntact, Is.False);
        Assert.That(result.BrokenAt, Is.EqualTo(brokenAt));
        Assert.That(result.Problem, Does.Contain($"entry {brokenAt}").Or.Contain($"entry {brokenAt - 1}"));
    }

    /// <summary>Returns the factory of the store under test; it may ignore or fail the test when its server is missing.</summary>
    protected abstract IStoreFactory CreateFactory();

    /// <summary>Changes the store's rows behind its back, getting past any guard (such as triggers) the store has.</summary>
    protected abstract Task TamperAsync(string sql);

    protected static SuppressionRule Rule(DateTimeOffset createdAt, DateTimeOffset expiresAt, string account = "dba_bob") => new()
    {
        Id = "S-00000000000000aa",
        TemplateHash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("UPDATE customers SET credit_limit = ? WHERE customer_id = ?"u8)),
        Template = "UPDATE customers SET credit_limit = ? WHERE customer_id = ?",
        Account = account,
        CreatedAt = createdAt,
        ExpiresAt = expiresAt,
        Approver = "k.suzuki",
        Ticket = "OPS-2026-1300",
        SourceFindingId = "F-00000000000000ff",
    };

    protected async Task SaveAsync(params Finding[] findings)
    {
        await using IStateTransaction transaction = await Store.BeginAsync(CancellationToken.None);
        await transaction.UpsertFindingsAsync(findings, CancellationToken.None);
        await transaction.CommitAsync(CancellationToken.None);
    }

    private async Task SetDispositionAsync(string id, string status, string? ticket = null, string? note = null)
    {
        await using IStateTransaction transaction = await Store.BeginAsync(CancellationToken.None);
        await transaction.SetDispositionAsync(
            new Disposition { FindingId = id, Status = status, Reviewers = ["k.suzuki"], Ticket = ticket, Note = note, UpdatedAt = Time.GetUtcNow() },
            CancellationToken.None);
        await transaction.CommitAsync(CancellationToken.None);
    }

    private async Task AddRuleAsync(SuppressionRule rule)
    {
        await using IStateTransaction transaction = await Store.BeginAsync(CancellationToken.None);
        await transaction.AddSuppressionRuleAsync(rule, CancellationToken.None);
        await transaction.CommitAsync(CancellationToken.None);
    }

    private async Task FreezeAsync(string period)
    {
        await using IStateTransaction transaction = await Store.BeginAsync(CancellationToken.None);
        await transaction.FreezeReportAsync(period, new string('b', 64), CancellationToken.None);
        await transaction.CommitAsync(CancellationToken.None);
    }

    private async Task AppendTrailAsync(int count)
    {
        string[][] findingIds = [["F-0000000000000001"], ["F-0000000000000002"], ["F-0000000000000001", "F-0000000000000003"]];
        for (int i = 0; i < count; i++)
        {
            await using IStateTransaction transaction = await Store.BeginAsync(CancellationToken.None);
            await transaction.AppendTrailAsync(
                new TrailRecord("k.suzuki", i == 1 ? "dismiss" : "explain", findingIds[i % 3], i == 0 ? null : "{\"status\":\"open\"}", "{\"status\":\"explained\"}"),
                CancellationToken.None);
            await transaction.CommitAsync(CancellationToken.None);
            Time.Advance(TimeSpan.FromMinutes(1));
        }
    }
}
