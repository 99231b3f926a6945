using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using QueryAudit.Core.Policy;
using QueryAudit.Core.Reconciliation;
using QueryAudit.Core.State;
using QueryAudit.Core.Triage;
using QueryAudit.Storage.Tests.Stores;

namespace QueryAudit.Storage.Tests.Triage;

/// <summary>
/// Triage requests carried out against a real store; one subclass per store implementation.
/// </summary>
public abstract class TriageServiceContractTests
{
    private static readonly AuditPolicy Policy = new()
    {
        Path = "policy.yaml",
        Reviewers = [new Reviewer("k.suzuki", []), new Reviewer("h.tanaka", []), new Reviewer("a.sato", ["dba_alice"]), new Reviewer("b.kato", ["dba_bob"])],
    };

    private IStoreFactory _factory = null!;
    private FakeTimeProvider _time = null!;
    private IStateStore _store = null!;
    private TriageService _service = null!;

    [SetUp]
    public async Task OpenStore()
    {
        _factory = CreateFactory();
        _time = new FakeTimeProvider(Samples.Clock);
        _store = await _factory.CreateAsync(_time);
        _service = new TriageService(_store, Policy, _time);
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
    public async Task Explain_OneFinding_RecordsDispositionAndTrail()
    {
        await SaveAsync(Samples.Finding("F-0000000000000001", account: "dba_bob"));

        TriageResult result = await _service.ApplyAsync(Ids("F-0000000000000001"), Explain("a.sato"), CancellationToken.None);

        StoredFinding stored = (await _store.GetFindingAsync("F-0000000000000001", CancellationToken.None))!;
        Assert.That(stored.Status, Is.EqualTo(FindingStatuses.Explained));
        Assert.That(stored.Disposition!.Reviewers, Is.EqualTo(new[] { "a.sato" }));
        Assert.That(stored.Disposition.Ticket, Is.EqualTo("OPS-2026-1299"));
        Assert.That(stored.Disposition.UpdatedAt, Is.EqualTo(Samples.Clock));

        TrailEntry entry = (await _store.TrailAsync(CancellationToken.None)).Single();
        Assert.That(entry.Hash, Is.EqualTo(result.Trail!.Hash));
        Assert.That(entry.Actor, Is.EqualTo("a.sato"));
        Assert.That(entry.Action, Is.EqualTo("explain"));
        Assert.That(entry.FindingIds, Is.EqualTo(new[] { "F-0000000000000001" }));
        Assert.That(Status(entry.Before!, "F-0000000000000001"), Is.EqualTo("open"));
        Assert.That(Status(entry.After!, "F-0000000000000001"), Is.EqualTo("explained"));
        Assert.That(TrailChain.Verify(await _store.TrailAsync(CancellationToken.None), await _store.TrailHeadAsync(CancellationToken.None)).IsIntact, Is.True);
    }

    [Test]
    public async Task BulkByTemplate_OwnAccount_IsSkipped()
    {
        await SaveAsync(
            Samples.Finding("F-0000000000000001", account: "dba_bob", queryId: 1),
            Samples.Finding("F-0000000000000002", account: "dba_alice", queryId: 2),
            Samples.Finding("F-0000000000000003", account: "dba_bob", queryId: 3),
            Samples.Finding("F-0000000000000004", account: "dba_bob", queryId: 4, template: "DELETE FROM invoices WHERE id = ?"));
        FindingFilter byTemplate = new() { TemplateHash = TemplateHash("UPDATE customers SET credit_limit = ? WHERE customer_id = ?") };

        TriageResult result = await _service.ApplyAsync(byTemplate, new TriageRequest(TriageAction.Dismiss, "b.kato", null, "credit limits set by the finance batch"), CancellationToken.None);

        Assert.That(result.Applied.Select(i => i.Finding.Finding.Id), Is.EqualTo(new[] { "F-0000000000000002" }));
        Assert.That(result.Rejected.Select(i => i.Finding.Finding.Id), Is.EqualTo(new[] { "F-0000000000000001", "F-0000000000000003" }));
        Assert.That(result.Trail!.FindingIds, Is.EqualTo(new[] { "F-0000000000000002" }));
        IReadOnlyList<StoredFinding> all = await _store.FindFindingsAsync(FindingFilter.All, CancellationToken.None);
        Assert.That(all.Select(f => f.Status), Is.EqualTo(new[] { "open", "dismissed", "open", "open" }));
    }

    [Test]
    public async Task Preview_ChangesNothing()
    {
        await SaveAsync(Samples.Finding("F-0000000000000001"), Samples.Finding("F-0000000000000002", queryId: 2));

        IReadOnlyList<TriagePlanItem> preview = await _service.PreviewAsync(new FindingFilter { Accounts = ["dba_bob"] }, Explain("k.suzuki"), CancellationToken.None);

        Assert.That(preview.Select(p => p.After!.Status), Is.EqualTo(new[] { "explained", "explained" }));
        Assert.That((await _store.FindFindingsAsync(FindingFilter.All, CancellationToken.None)).Select(f => f.Status), Is.All.EqualTo("open"));
        Assert.That(await _store.TrailAsync(CancellationToken.None), Is.Empty);
    }

    [Test]
    public async Task Critical_NeedsTwoDifferentReviewers()
    {
        await SaveAsync(Samples.Finding("F-0000000000000001", account: "dba_alice", severity: Severity.Critical, kind: FindingKinds.AuditConfigChange));
        FindingFilter one = Ids("F-0000000000000001");

        TriageResult first = await _service.ApplyAsync(one, Explain("k.suzuki"), CancellationToken.None);
        TriageResult again = await _service.ApplyAsync(one, Explain("k.suzuki"), CancellationToken.None);
        TriageResult own = await _service.ApplyAsync(one, Explain("a.sato"), CancellationToken.None);
        TriageResult second = await _service.ApplyAsync(one, new TriageRequest(TriageAction.Explain, "h.tanaka", "OPS-2026-1299", "confirmed with finance"), CancellationToken.None);

        Assert.That(first.Applied.Single().After!.Status, Is.EqualTo(FindingStatuses.PendingReview));
        Assert.That(again.Rejected, Has.Count.EqualTo(1));
        Assert.That(again.Trail, Is.Null);
        Assert.That(own.Rejected.Single().Rejection, Does.Contain("own accounts"));
        Assert.That(second.Applied.Single().After!.Status, Is.EqualTo(FindingStatuses.Explained));

        var report = await _store.ReportDispositionsAsync(CancellationToken.None);
        Assert.That(report["F-0000000000000001"].Status, Is.EqualTo("explained"));
        Assert.That(report["F-0000000000000001"].Reviewers, Is.EqualTo(new[] { "k.suzuki", "h.tanaka" }));
        Assert.That(report["F-0000000000000001"].Ticket, Is.EqualTo("OPS-2026-1299"));
        Assert.That(report["F-0000000000000001"].Note, Is.EqualTo("approved emergency change / confirmed with finance"));
        Assert.That((await _store.TrailAsync(CancellationToken.None)).Select(e => e.Actor), Is.EqualTo(new[] { "k.suzuki", "h.tanaka" }));
    }

    [Test]
    public async Task Apply_UnknownId_ChangesNothing()
    {
        await SaveAsync(Samples.Finding("F-0000000000000001"));

        TriageException? error = Assert.ThrowsAsync<TriageException>(
            () => _service.ApplyAsync(Ids("F-0000000000000001", "F-00000000000000ee"), Explain("k.suzuki"), CancellationToken.None));

        Assert.That(error!.Message, Does.Contain("F-00000000000000ee not found"));
        Assert.That((await _store.GetFindingAsync("F-0000000000000001", CancellationToken.None))!.Status, Is.EqualTo("open"));
        Assert.That(await _store.TrailAsync(CancellationToken.None), Is.Empty);
    }

    [Test]
    public async Task Apply_UnknownReviewer_IsRejected()
    {
        await SaveAsync(Samples.Finding("F-0000000000000001"));

        TriageException? error = Assert.ThrowsAsync<TriageException>(
            () => _service.ApplyAsync(Ids("F-0000000000000001"), Explain("mallory"), CancellationToken.None));

        Assert.That(error!.Message, Does.Contain("'mallory' is not a reviewer"));
        Assert.That(await _store.TrailAsync(CancellationToken.None), Is.Empty);
    }

    [Test]
    public async Task Reopen_AfterExplain_RestoresOpenAndKeepsHistory()
    {
        await SaveAsync(Samples.Finding("F-0000000000000001"));
        await _service.ApplyAsync(Ids("F-0000000000000001"), Explain("k.suzuki"), CancellationToken.None);
        _time.Advance(TimeSpan.FromHours(2));

        await _service.ApplyAsync(Ids("F-0000000000000001"), new TriageRequest(TriageAction.Reopen, "h.tanaka", null, "ticket was for another customer"), CancellationToken.None);

        Assert.That((await _store.GetFindingAsync("F-0000000000000001", CancellationToken.None))!.Status, Is.EqualTo("open"));
        IReadOnlyList<TrailEntry> trail = await _store.TrailAsync(CancellationToken.None);
        Assert.That(trail.Select(e => e.Action), Is.EqualTo(new[] { "explain", "reopen" }));
        Assert.That(Status(trail[1].Before!, "F-0000000000000001"), Is.EqualTo("explained"));
        Assert.That(trail[1].At, Is.EqualTo(Samples.Clock.AddHours(2)));
    }

    [Test]
    public async Task Suppress_LaterStatements_AreSuppressedUntilExpiry()
    {
        await SaveAsync(Samples.Finding("F-0000000000000001", at: Samples.Clock.AddHours(-1)));

        SuppressionRule rule = await _service.SuppressAsync("F-0000000000000001", "k.suzuki", Samples.Clock.AddDays(7), "OPS-2026-1300", "weekly credit batch", CancellationToken.None);

        // Ingestion runs later than the statements it stores, so the clock is moved past the rule's end first:
        // what counts is when each statement ran.
        _time.Advance(TimeSpan.FromDays(10));
        await SaveAsync(
            Samples.Finding("F-0000000000000002", queryId: 2, at: Samples.Clock.AddDays(3)),
            Samples.Finding("F-0000000000000003", queryId: 3, at: Samples.Clock.AddDays(7).AddSeconds(1)));

        IReadOnlyList<StoredFinding> all = await _store.FindFindingsAsync(FindingFilter.All, CancellationToken.None);
        Assert.That(all.Select(f => f.Status), Is.EqualTo(new[] { "open", "suppressed", "open" }), "the source finding keeps its status; only the one inside the rule's time is suppressed");
        Assert.That(all[1].Disposition!.SuppressionRuleId, Is.EqualTo(rule.Id));
        TrailEntry entry = (await _store.TrailAsync(CancellationToken.None)).Single();
        Assert.That(entry.Action, Is.EqualTo("suppress"));
        Assert.That(entry.After, Does.Contain(rule.Id).And.Contain("OPS-2026-1300"));
    }

    [Test]
    public async Task Suppress_ExpiredRule_SuppressesNothingNew()
    {
        await SaveAsync(Samples.Finding("F-0000000000000001", at: Samples.Clock.AddHours(-1)));
        await _service.SuppressAsync("F-0000000000000001", "k.suzuki", Samples.Clock.AddDays(1), "OPS-2026-1300", null, CancellationToken.None);
        _time.Advance(TimeSpan.FromDays(2));

        await SaveAsync(Samples.Finding("F-0000000000000002", queryId: 2, at: _time.GetUtcNow()));

        Assert.That((await _store.GetFindingAsync("F-0000000000000002", CancellationToken.None))!.Status, Is.EqualTo("open"));
        Assert.That((await _store.SuppressionRulesAsync(CancellationToken.None)).Single().ExpiresAt, Is.LessThan(_time.GetUtcNow()));
    }

    protected abstract IStoreFactory CreateFactory();

    private static TriageRequest Explain(string reviewer) => new(TriageAction.Explain, reviewer, "OPS-2026-1299", "approved emergency change");

    private static FindingFilter Ids(params string[] ids) => new() { Ids = ids };

    private static string TemplateHash(string template) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(template)));

    private static string Status(string json, string findingId)
    {
        using JsonDocument document = JsonDocument.Parse(json);
        return document.RootElement.GetProperty(findingId).GetProperty("status").GetString()!;
    }

    private async Task SaveAsync(params Finding[] findings)
    {
        await using IStateTransaction transaction = await _store.BeginAsync(CancellationToken.None);
        await transaction.UpsertFindingsAsync(findings, CancellationToken.None);
        await transaction.CommitAsync(CancellationToken.None);
    }
}

[TestFixture]
public sealed class SqliteTriageServiceTests : TriageServiceContractTests
{
    protected override IStoreFactory CreateFactory() => new SqliteStoreFactory();
}

[TestFixture]
public sealed class MySqlTriageServiceTests : TriageServiceContractTests
{
    protected override IStoreFactory CreateFactory() => MySqlStoreFactory.FromEnvironment();
}
