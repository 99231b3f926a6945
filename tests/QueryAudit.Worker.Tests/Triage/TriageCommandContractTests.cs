using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using QueryAudit.Core.Reconciliation;
using QueryAudit.Core.State;
using QueryAudit.Storage;

namespace QueryAudit.Worker.Tests.Triage;

/// <summary>
/// The findings and trail commands as a DBA runs them, against each store kind.
/// </summary>
public abstract class TriageCommandContractTests
{
    private TestStore _store = null!;
    private FakeTimeProvider _time = null!;
    private TriageCli _cli = null!;

    [SetUp]
    public async Task SeedStore()
    {
        _store = await CreateStoreAsync();
        _time = new FakeTimeProvider(TriageFixture.Clock);
        await TriageFixture.SeedAsync(_store.Location, _time);
        _cli = new TriageCli(_time);
        _cli.Variables["QUERYAUDIT_STORE"] = _store.Location;
        _cli.Variables["QUERYAUDIT_POLICY"] = TriageFixture.Policy;
    }

    [TearDown]
    public async Task RemoveStore()
    {
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }
    }

    [Test]
    public async Task List_Table_MasksLiterals()
    {
        int exit = await _cli.RunAsync("findings", "list");

        string output = _cli.Output.ToString();
        Assert.That(exit, Is.Zero, _cli.Error.ToString());
        Assert.That(output, Does.Contain("TIME (Asia/Tokyo)"));
        Assert.That(output, Does.Contain("2026-12-05 04:53:15"), "19:53:15 UTC shown in Asia/Tokyo");
        Assert.That(output, Does.Contain(TriageFixture.CreditLimitTemplate));
        Assert.That(output, Does.Not.Contain("250000.00"));
        Assert.That(output, Does.Contain("5 finding(s)"));
    }

    [Test]
    public async Task List_JsonWithFilters_ReturnsMatches()
    {
        int exit = await _cli.RunAsync("findings", "list", "--format", "json", "--account", "dba_bob", "--severity", "high,critical", "--period", "2026-12");

        Assert.That(exit, Is.Zero, _cli.Error.ToString());
        using JsonDocument json = JsonDocument.Parse(_cli.Output.ToString());
        string[] ids = json.RootElement.EnumerateArray().Select(e => e.GetProperty("id").GetString()!).ToArray();
        Assert.That(ids, Is.EqualTo(new[] { "F-00000000000000a3", "F-00000000000000a4", "F-00000000000000e4" }));
        JsonElement first = json.RootElement[0];
        Assert.That(first.GetProperty("status").GetString(), Is.EqualTo("open"));
        Assert.That(first.GetProperty("statement_masked").GetString(), Is.EqualTo(TriageFixture.CreditLimitTemplate));
        Assert.That(first.GetProperty("connection_id").GetInt64(), Is.EqualTo(26));
        Assert.That(_cli.Output.ToString(), Does.Not.Contain("250000.00"));
    }

    [Test]
    public async Task List_Csv_HasHeaderAndOneRowPerFinding()
    {
        int exit = await _cli.RunAsync("findings", "list", "--format", "csv", "--kind", "unapproved_write");

        string[] lines = _cli.Output.ToString().Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.That(exit, Is.Zero, _cli.Error.ToString());
        Assert.That(lines[0], Does.StartWith("id,occurred_at,severity,kind,status,"));
        Assert.That(lines, Has.Length.EqualTo(3));
        Assert.That(lines[1], Does.StartWith("F-00000000000000a3,2026-12-04T19:53:15.000000Z,high,unapproved_write,open,"));
    }

    [TestCase("--severity", "severe", "Invalid --severity 'severe'")]
    [TestCase("--status", "closed", "Invalid --status 'closed'")]
    [TestCase("--template", "abc", "Invalid --template 'abc'")]
    [TestCase("--severity", "high,severe", "Invalid --severity 'severe'")]
    [TestCase("--period", "2026-13", "Invalid --period '2026-13'")]
    [TestCase("--time-zone", "Mars/Base", "Unknown time zone 'Mars/Base'")]
    [TestCase("--store", "bogus:x", "Invalid --store: The store location must start with sqlite:")]
    [TestCase("--limit", "-1", "Invalid --limit -1: give a whole number of findings, at least 1.")]
    [TestCase("--store", "mysql:Password=SECRET;Server=127.0.0.1", "Invalid --store: The mysql: store location names no database")]
    public async Task List_InvalidFilter_ExitsTwo(string option, string value, string message)
    {
        int exit = await _cli.RunAsync("findings", "list", option, value);

        // README's exit code table lists a value of the wrong form as a command-line error.
        Assert.That(exit, Is.EqualTo(2));
        Assert.That(_cli.Error.ToString(), Does.Contain(message));
    }

    [Test]
    public async Task Show_PrintsLiteralsReasonAndConnection()
    {
        int exit = await _cli.RunAsync("findings", "show", "F-00000000000000a3");

        string output = _cli.Output.ToString();
        Assert.That(exit, Is.Zero, _cli.Error.ToString());
        Assert.That(output, Does.Contain("UPDATE customers SET credit_limit = 250000.00 WHERE customer_id = 42"));
        Assert.That(output, Does.Contain("why flagged:    statement matches no approved script"));
        Assert.That(output, Does.Contain("evidence:       server_audit.log:99000"));
        Assert.That(output, Does.Contain("F-00000000000000a4"), "the next statement on connection 26");
        Assert.That(output, Does.Not.Contain("F-00000000000000e4"), "connection 30 is another session");
        Assert.That(output, Does.Contain("no triage actions yet"));
    }

    [Test]
    public async Task Show_ControlCharacters_Escaped()
    {
        Finding disguised = TriageFixture.Statement(
            "F-00000000000000f1", "dba_bob\u001b[8m", Severity.High, FindingKinds.UnapprovedWrite, 27, 99500, "19:55:00",
            "DELETE FROM customers", "DELETE FROM customers /* \u001b[2K\u001b[1G SELECT 1 FROM dual */\r\u202e");
        await TriageFixture.SeedAsync(_store.Location, _time, [.. TriageFixture.All, disguised]);

        int show = await _cli.RunAsync("findings", "show", disguised.Id);
        string details = _cli.Output.ToString();
        int list = await _cli.RunAsync("findings", "list", "--account", disguised.Account);
        string listed = _cli.Output.ToString();

        Assert.That(show, Is.Zero, _cli.Error.ToString());
        Assert.That(details, Does.Contain("DELETE FROM customers /* \\x1b[2K\\x1b[1G SELECT 1 FROM dual */\\x0d\\u202e"));
        Assert.That(details, Does.Contain("dba_bob\\x1b[8m"));
        Assert.That(details.Contains('\u001b', StringComparison.Ordinal), Is.False, "a raw ESC reached the terminal");
        Assert.That(details.Contains('\u202e', StringComparison.Ordinal), Is.False, "a raw bidirectional override reached the terminal");
        Assert.That(list, Is.Zero, _cli.Error.ToString());
        Assert.That(listed, Does.Contain("dba_bob\\x1b[8m"));
        Assert.That(listed.Contains('\u001b', StringComparison.Ordinal), Is.False, "a raw ESC reached the terminal");
    }

    [Test]
    public async Task Show_UnknownId_Fails()
    {
        int exit = await _cli.RunAsync("findings", "show", "F-ffffffffffffffff");

        Assert.That(exit, Is.EqualTo(1));
        Assert.That(_cli.Error.ToString(), Does.Contain("Finding F-ffffffffffffffff not found"));
    }

    [Test]
    public async Task Explain_OneFinding_ChangesStatusAndTrail()
    {
        int exit = await _cli.RunAsync("findings", "explain", "F-00000000000000a3", "--ticket", "OPS-2026-1299", "--note", "credit limit raise approved by finance", "--reviewer", "k.suzuki");

        Assert.That(exit, Is.Zero, _cli.Error.ToString());
        Assert.That(_cli.Output.ToString(), Does.Contain("F-00000000000000a3: open -> explained"));
        Assert.That(_cli.Output.ToString(), Does.Contain("trail entry #1 by k.suzuki"));

        await _cli.RunAsync("findings", "show", "F-00000000000000a3");
        Assert.That(_cli.Output.ToString(), Does.Contain("status:         explained"));
        Assert.That(_cli.Output.ToString(), Does.Contain("ticket:         OPS-2026-1299"));
        Assert.That(_cli.Output.ToString(), Does.Contain("#1 2026-12-07 10:00:00 k.suzuki explain"));
    }

    [Test]
    public async Task Explain_ReviewerFromEnvironment_IsUsed()
    {
        _cli.Variables["QUERYAUDIT_REVIEWER"] = "h.tanaka";

        int exit = await _cli.RunAsync("findings", "dismiss", "F-00000000000000b8", "--reason", "column added by the approved V005 after review");

        Assert.That(exit, Is.Zero, _cli.Error.ToString());
        Assert.That(_cli.Output.ToString(), Does.Contain("trail entry #1 by h.tanaka"));
    }

    [Test]
    public async Task Explain_WithoutTicket_IsAUsageError()
    {
        int exit = await _cli.RunAsync("findings", "explain", "F-00000000000000a3", "--reviewer", "k.suzuki");

        Assert.That(exit, Is.Not.Zero);
        Assert.That(_cli.Error.ToString(), Does.Contain("--ticket"));
    }

    [Test]
    public async Task Dismiss_OwnAccount_IsRejected()
    {
        int exit = await _cli.RunAsync("findings", "dismiss", "F-00000000000000a3", "--reason", "my own test", "--reviewer", "b.kato");

        Assert.That(exit, Is.EqualTo(1));
        Assert.That(_cli.Error.ToString(), Does.Contain("b.kato may not close a finding on a statement by dba_bob"));
        Assert.That(await StatusAsync("F-00000000000000a3"), Is.EqualTo("open"));
    }

    [TestCase("mallory", "'mallory' is not a reviewer")]
    [TestCase(null, "No reviewer given")]
    public async Task Escalate_UnknownReviewer_IsRejected(string? reviewer, string message)
    {
        List<string> args = ["findings", "escalate", "F-00000000000000a3", "--note", "ask the account owner"];
        if (reviewer is not null)
        {
            args.AddRange(["--reviewer", reviewer]);
        }

        int exit = await _cli.RunAsync([.. args]);

        Assert.That(exit, Is.EqualTo(1));
        Assert.That(_cli.Error.ToString(), Does.Contain(message));
    }

    [Test]
    public async Task Decide_WithoutPolicy_SaysHowToGiveIt()
    {
        _cli.Variables.Remove("QUERYAUDIT_POLICY");

        int exit = await _cli.RunAsync("findings", "escalate", "F-00000000000000a3", "--note", "n", "--reviewer", "k.suzuki");

        Assert.That(exit, Is.EqualTo(1));
        Assert.That(_cli.Error.ToString(), Does.Contain("--policy FILE").And.Contain("QUERYAUDIT_POLICY"));
    }

    [Test]
    public async Task Critical_SecondReviewerCloses()
    {
        string[] explain = ["findings", "explain", "F-00000000000000e4", "--ticket", "INC-2026-0412", "--note", "logging paused for a vendor fix"];

        int first = await _cli.RunAsync([.. explain, "--reviewer", "k.suzuki"]);
        string firstOutput = _cli.Output.ToString();
        int same = await _cli.RunAsync([.. explain, "--reviewer", "k.suzuki"]);
        string sameError = _cli.Error.ToString();
        int second = await _cli.RunAsync([.. explain, "--reviewer", "h.tanaka"]);

        Assert.That(first, Is.Zero);
        Assert.That(firstOutput, Does.Contain("open -> pending_review (proposed explained; needs a second reviewer)"));
        Assert.That(same, Is.EqualTo(1));
        Assert.That(sameError, Does.Contain("second, different reviewer"));
        Assert.That(second, Is.Zero, _cli.Error.ToString());
        Assert.That(_cli.Output.ToString(), Does.Contain("pending_review -> explained"));
        Assert.That(await StatusAsync("F-00000000000000e4"), Is.EqualTo("explained"));
    }

    [Test]
    public async Task Bulk_NotATerminalWithoutYes_OnlyPreviews()
    {
        int exit = await _cli.RunAsync("findings", "explain", "--template", TemplateHash(), "--ticket", "OPS-2026-1299", "--reviewer", "k.suzuki");

        Assert.That(exit, Is.EqualTo(1));
        Assert.That(_cli.Output.ToString(), Does.Contain("Preview of explain by k.suzuki:"));
        Assert.That(_cli.Output.ToString(), Does.Contain("F-00000000000000a2: open -> explained"));
        Assert.That(_cli.Output.ToString(), Does.Contain("F-00000000000000a3: open -> explained"));
        Assert.That(_cli.Output.ToString(), Does.Contain("2 of 2 finding(s) would change."));
        Assert.That(_cli.Error.ToString(), Does.Contain("--yes"));
        Assert.That(await StatusAsync("F-00000000000000a2"), Is.EqualTo("open"));
    }

    [TestCase("n", "open")]
    [TestCase("", "open")]
    [TestCase("y", "explained")]
    [TestCase("YES", "explained")]
    public async Task Bulk_TerminalAnswer_DecidesWhetherToApply(string answer, string status)
    {
        _cli.TerminalInput = answer + "\n";

        await _cli.RunAsync("findings", "explain", "--template", TemplateHash(), "--ticket", "OPS-2026-1299", "--reviewer", "k.suzuki");

        Assert.That(_cli.Output.ToString(), Does.Contain("Apply explain to 2 finding(s)? [y/N]"));
        Assert.That(await StatusAsync("F-00000000000000a2"), Is.EqualTo(status));
        Assert.That(await StatusAsync("F-00000000000000a3"), Is.EqualTo(status));
    }

    [Test]
    public async Task Bulk_YesWithOwnAccount_AppliesTheRest()
    {
        int exit = await _cli.RunAsync("findings", "dismiss", "--template", TemplateHash(), "--reason", "credit limits come from the finance batch", "--reviewer", "b.kato", "--yes");

        Assert.That(exit, Is.EqualTo(1), "one finding was left alone");
        Assert.That(_cli.Output.ToString(), Does.Contain("1 of 2 finding(s) would change."));
        Assert.That(_cli.Error.ToString(), Does.Contain("F-00000000000000a3: not changed: b.kato may not close"));
        Assert.That(await StatusAsync("F-00000000000000a2"), Is.EqualTo("dismissed"));
        Assert.That(await StatusAsync("F-00000000000000a3"), Is.EqualTo("open"));
    }

    [Test]
    public async Task Bulk_ByFilter_ActsOnMatchesOnly()
    {
        int exit = await _cli.RunAsync("findings", "escalate", "--account", "dba_bob", "--kind", "unapproved_write", "--note", "ask dba_bob for the tickets", "--reviewer", "a.sato", "--yes");

        Assert.That(exit, Is.Zero, _cli.Error.ToString());
        Assert.That(await StatusAsync("F-00000000000000a3"), Is.EqualTo("escalated"));
        Assert.That(await StatusAsync("F-00000000000000a4"), Is.EqualTo("escalated"));
        Assert.That(await StatusAsync("F-00000000000000e4"), Is.EqualTo("open"));
    }

    [Test]
    public async Task Bulk_NoIdsAndNoFilter_IsRejected()
    {
        int exit = await _cli.RunAsync("findings", "reopen", "--reviewer", "k.suzuki", "--yes");

        Assert.That(exit, Is.EqualTo(2), "a missing argument is a command-line error");
        Assert.That(_cli.Error.ToString(), Does.Contain("Give finding ids, or --template HASH"));
    }

    [Test]
    public async Task Reopen_Explained_BecomesOpen()
    {
        await _cli.RunAsync("findings", "explain", "F-00000000000000b8", "--ticket", "OPS-1", "--reviewer", "k.suzuki");

        int exit = await _cli.RunAsync("findings", "reopen", "F-00000000000000b8", "--note", "wrong ticket", "--reviewer", "h.tanaka");

        Assert.That(exit, Is.Zero, _cli.Error.ToString());
        Assert.That(await StatusAsync("F-00000000000000b8"), Is.EqualTo("open"));
    }

    [Test]
    public async Task Suppress_LaterStatementsAreSuppressedUntilExpiry()
    {
        int exit = await _cli.RunAsync("findings", "suppress", "F-00000000000000a3", "--until", "2026-12-31", "--ticket", "OPS-2026-1300", "--note", "finance batch this month", "--reviewer", "k.suzuki");

        Assert.That(exit, Is.Zero, _cli.Error.ToString());
        Assert.That(_cli.Output.ToString(), Does.Contain("until 2027-01-01 00:00:00 Asia/Tokyo"));

        // The same statement shape by dba_bob on 2026-12-20 (inside) and 2027-01-02 (after the rule).
        _time.Advance(TimeSpan.FromDays(30));
        await TriageFixture.SeedAsync(_store.Location, _time,
        [
            TriageFixture.BobCreditLimit with { Id = "F-0000000000000c01", QueryId = 300001, OccurredAt = new DateTimeOffset(2026, 12, 20, 2, 0, 0, TimeSpan.Zero), Source = "server_audit.log.001:10" },
            TriageFixture.BobCreditLimit with { Id = "F-0000000000000c02", QueryId = 300002, OccurredAt = new DateTimeOffset(2027, 1, 2, 2, 0, 0, TimeSpan.Zero), Source = "server_audit.log.001:11" },
        ]);

        Assert.That(await StatusAsync("F-0000000000000c01"), Is.EqualTo("suppressed"));
        Assert.That(await StatusAsync("F-0000000000000c02"), Is.EqualTo("open"));
        Assert.That(await StatusAsync("F-00000000000000a3"), Is.EqualTo("open"));

        await _cli.RunAsync("findings", "list", "--status", "suppressed");
        Assert.That(_cli.Output.ToString(), Does.Contain("F-0000000000000c01").And.Contain("1 finding(s)"));

        await _cli.RunAsync("findings", "suppressions");
        Assert.That(_cli.Output.ToString(), Does.Contain("expired").And.Contain("OPS-2026-1300"));
    }

    [TestCase("F-00000000000000a3", "2026-12-01", "not in the future")]
    [TestCase("F-00000000000000e4", "2026-12-31", "critical findings are never suppressed")]
    public async Task Suppress_NotAllowed_SaysWhy(string id, string until, string message)
    {
        int exit = await _cli.RunAsync("findings", "suppress", id, "--until", until, "--ticket", "OPS-2026-1300", "--reviewer", "k.suzuki");

        Assert.That(exit, Is.EqualTo(1));
        Assert.That(_cli.Error.ToString(), Does.Contain(message));
    }

    [Test]
    public async Task Reopen_WithoutNote_ExitsTwo()
    {
        int exit = await _cli.RunAsync("findings", "reopen", "F-00000000000000a3", "--reviewer", "k.suzuki");

        Assert.That(exit, Is.EqualTo(2), "the trail must record why a decision is undone");
        Assert.That(_cli.Error.ToString(), Does.Contain("--note"));
    }

    [Test]
    public async Task Suppress_InvalidUntil_ExitsTwo()
    {
        int exit = await _cli.RunAsync("findings", "suppress", "F-00000000000000a3", "--until", "next week", "--ticket", "OPS-2026-1300", "--reviewer", "k.suzuki");

        Assert.That(exit, Is.EqualTo(2));
        Assert.That(_cli.Error.ToString(), Does.Contain("Invalid --until 'next week'"));
    }

    [Test]
    public async Task TrailVerify_Intact_Succeeds()
    {
        await _cli.RunAsync("findings", "explain", "F-00000000000000a3", "--ticket", "OPS-1", "--reviewer", "k.suzuki");
        await _cli.RunAsync("findings", "escalate", "F-00000000000000b8", "--note", "who ran V005?", "--reviewer", "b.kato");

        int exit = await _cli.RunAsync("trail", "verify");

        Assert.That(exit, Is.Zero, _cli.Error.ToString());
        Assert.That(_cli.Output.ToString(), Does.Contain("verified: 2 trail entries"));
    }

    [Test]
    public async Task TrailVerify_TamperedRow_FailsNamingTheEntry()
    {
        await _cli.RunAsync("findings", "explain", "F-00000000000000a3", "--ticket", "OPS-1", "--reviewer", "k.suzuki");
        await _cli.RunAsync("findings", "escalate", "F-00000000000000b8", "--note", "who ran V005?", "--reviewer", "b.kato");
        await _cli.RunAsync("findings", "dismiss", "F-00000000000000a4", "--reason", "test data", "--reviewer", "a.sato");

        // Someone with database access rewrites who dismissed the finding.
        await TamperAsync(_store.Location, "UPDATE trail SET actor = 'k.suzuki' WHERE seq = 3");
        int exit = await _cli.RunAsync("trail", "verify");

        Assert.That(exit, Is.EqualTo(1));
        Assert.That(_cli.Error.ToString(), Does.Contain("broken at entry 3"));
    }

    [Test]
    public async Task TrailList_PrintsEachEntry()
    {
        await _cli.RunAsync("findings", "explain", "F-00000000000000a3", "--ticket", "OPS-1", "--reviewer", "k.suzuki");

        int exit = await _cli.RunAsync("trail", "list");

        Assert.That(exit, Is.Zero, _cli.Error.ToString());
        Assert.That(_cli.Output.ToString(), Does.StartWith("#1 2026-12-07 10:00:00 Asia/Tokyo k.suzuki explain F-00000000000000a3"));
    }

    private protected abstract Task<TestStore> CreateStoreAsync();

    /// <summary>Changes rows behind the store's back, getting past any guard the store has.</summary>
    private protected abstract Task TamperAsync(string location, string sql);

    private static string TemplateHash() =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(TriageFixture.CreditLimitTemplate)));

    private async Task<string> StatusAsync(string id)
    {
        await using IStateStore store = await StateStoreLocation.OpenAsync(_store.Location, _time, CancellationToken.None);
        return (await store.GetFindingAsync(id, CancellationToken.None))!.Status;
    }
}

[TestFixture]
public sealed class SqliteTriageCommandTests : TriageCommandContractTests
{
    [Test]
    public async Task List_MissingStoreFile_SaysHowToCreateIt()
    {
        TriageCli cli = new(new FakeTimeProvider(TriageFixture.Clock));
        string path = Path.Combine(TestPaths.NewTempFolder("no-store"), "missing.db");

        int exit = await cli.RunAsync("findings", "list", "--store", "sqlite:" + path);

        Assert.That(exit, Is.EqualTo(1));
        Assert.That(cli.Error.ToString(), Does.Contain("No store at " + path).And.Contain("queryaudit reconcile --store"));
        Assert.That(File.Exists(path), Is.False);
    }

    private protected override async Task<TestStore> CreateStoreAsync() => await Task.FromResult<TestStore>(new SqliteTestStore());

    private protected override async Task TamperAsync(string location, string sql)
    {
        await using Microsoft.Data.Sqlite.SqliteConnection connection = new($"Data Source={location["sqlite:".Length..]};Pooling=False");
        await connection.OpenAsync();
        await using Microsoft.Data.Sqlite.SqliteCommand command = connection.CreateCommand();
        command.CommandText = "DROP TRIGGER trail_no_update; " + sql;
        await command.ExecuteNonQueryAsync();
    }
}

[TestFixture]
public sealed class MySqlTriageCommandTests : TriageCommandContractTests
{
    private protected override async Task<TestStore> CreateStoreAsync() => await MySqlTestStore.CreateAsync();

    private protected override async Task TamperAsync(string location, string sql)
    {
        await using MySqlConnector.MySqlConnection connection = new(location["mysql:".Length..]);
        await connection.OpenAsync();
        await using MySqlConnector.MySqlCommand command = new(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
