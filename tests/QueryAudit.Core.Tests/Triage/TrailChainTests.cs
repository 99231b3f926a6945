using QueryAudit.Core.State;
using QueryAudit.Core.Triage;

namespace QueryAudit.Core.Tests.Triage;

public sealed class TrailChainTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 7, 1, 0, 0, TimeSpan.Zero);

    [Test]
    public void ComputeHash_SameFields_SameHash()
    {
        string first = TrailChain.ComputeHash(1, At, "k.suzuki", "explain", ["F-1"], null, "{}", TrailChain.GenesisHash);
        string second = TrailChain.ComputeHash(1, At, "k.suzuki", "explain", ["F-1"], null, "{}", TrailChain.GenesisHash);

        Assert.That(first, Is.EqualTo(second));
        Assert.That(first, Does.Match("^[0-9a-f]{64}$"));
    }

    [TestCase("sequence")]
    [TestCase("time")]
    [TestCase("actor")]
    [TestCase("action")]
    [TestCase("findings")]
    [TestCase("before")]
    [TestCase("after")]
    [TestCase("previous")]
    [TestCase("boundary")]
    public void ComputeHash_AnyFieldChanged_ChangesHash(string field)
    {
        string original = TrailChain.ComputeHash(1, At, "k.suzuki", "explain", ["F-1", "F-2"], "{\"a\":1}", "{}", TrailChain.GenesisHash);

        string changed = field switch
        {
            "sequence" => TrailChain.ComputeHash(2, At, "k.suzuki", "explain", ["F-1", "F-2"], "{\"a\":1}", "{}", TrailChain.GenesisHash),
            "time" => TrailChain.ComputeHash(1, At.AddTicks(1), "k.suzuki", "explain", ["F-1", "F-2"], "{\"a\":1}", "{}", TrailChain.GenesisHash),
            "actor" => TrailChain.ComputeHash(1, At, "h.tanaka", "explain", ["F-1", "F-2"], "{\"a\":1}", "{}", TrailChain.GenesisHash),
            "action" => TrailChain.ComputeHash(1, At, "k.suzuki", "dismiss", ["F-1", "F-2"], "{\"a\":1}", "{}", TrailChain.GenesisHash),
            "findings" => TrailChain.ComputeHash(1, At, "k.suzuki", "explain", ["F-1"], "{\"a\":1}", "{}", TrailChain.GenesisHash),
            "before" => TrailChain.ComputeHash(1, At, "k.suzuki", "explain", ["F-1", "F-2"], null, "{}", TrailChain.GenesisHash),
            "after" => TrailChain.ComputeHash(1, At, "k.suzuki", "explain", ["F-1", "F-2"], "{\"a\":1}", "{ }", TrailChain.GenesisHash),
            "previous" => TrailChain.ComputeHash(1, At, "k.suzuki", "explain", ["F-1", "F-2"], "{\"a\":1}", "{}", new string('1', 64)),

            // Moving text between two fields must not give the same hash.
            "boundary" => TrailChain.ComputeHash(1, At, "k.suzukiexplain", "", ["F-1", "F-2"], "{\"a\":1}", "{}", TrailChain.GenesisHash),
            _ => throw new ArgumentOutOfRangeException(nameof(field)),
        };

        Assert.That(changed, Is.Not.EqualTo(original));
    }

    [Test]
    public void Verify_EmptyTrail_IsIntact()
    {
        TrailVerification result = TrailChain.Verify([], new TrailHead(0, TrailChain.GenesisHash));

        Assert.That(result.IsIntact, Is.True);
        Assert.That(result.BrokenAt, Is.Null);
    }

    [Test]
    public void Verify_ChainBuiltWithNext_IsIntact()
    {
        List<TrailEntry> entries = Chain(4);

        TrailVerification result = TrailChain.Verify(entries, new TrailHead(4, entries[^1].Hash));

        Assert.That(result.IsIntact, Is.True);
        Assert.That(result.Entries, Is.EqualTo(4));
    }

    [Test]
    public void Verify_EditedField_NamesThatEntry()
    {
        List<TrailEntry> entries = Chain(4);
        entries[2] = entries[2] with { Actor = "mallory" };

        TrailVerification result = TrailChain.Verify(entries, new TrailHead(4, entries[^1].Hash));

        Assert.That(result.IsIntact, Is.False);
        Assert.That(result.BrokenAt, Is.EqualTo(3));
        Assert.That(result.Problem, Does.Contain("entry 3").And.Contain("does not match its hash"));
    }

    [Test]
    public void Verify_RehashedEntry_BreaksTheNextLink()
    {
        List<TrailEntry> entries = Chain(4);
        TrailEntry forged = entries[1] with { Actor = "mallory" };
        entries[1] = forged with
        {
            Hash = TrailChain.ComputeHash(forged.Sequence, forged.At, forged.Actor, forged.Action, forged.FindingIds, forged.Before, forged.After, forged.PreviousHash),
        };

        TrailVerification result = TrailChain.Verify(entries, new TrailHead(4, entries[^1].Hash));

        Assert.That(result.BrokenAt, Is.EqualTo(3));
        Assert.That(result.Problem, Does.Contain("does not link"));
    }

    [Test]
    public void Verify_MissingMiddleEntry_NamesTheGap()
    {
        List<TrailEntry> entries = Chain(4);
        entries.RemoveAt(1);

        TrailVerification result = TrailChain.Verify(entries, new TrailHead(4, entries[^1].Hash));

        Assert.That(result.BrokenAt, Is.EqualTo(3));
        Assert.That(result.Problem, Does.Contain("missing"));
    }

    [Test]
    public void Verify_MissingLastEntry_DisagreesWithHead()
    {
        List<TrailEntry> entries = Chain(4);
        string lastHash = entries[^1].Hash;
        entries.RemoveAt(3);

        TrailVerification result = TrailChain.Verify(entries, new TrailHead(4, lastHash));

        Assert.That(result.BrokenAt, Is.EqualTo(4));
        Assert.That(result.Problem, Does.Contain("head records entry 4"));
    }

    private static List<TrailEntry> Chain(int count)
    {
        List<TrailEntry> entries = [];
        TrailHead head = new(0, TrailChain.GenesisHash);
        for (int i = 0; i < count; i++)
        {
            TrailEntry entry = TrailChain.Next(head, At.AddMinutes(i), new TrailRecord("k.suzuki", "explain", [$"F-{i}"], null, "{\"status\":\"explained\"}"));
            entries.Add(entry);
            head = new TrailHead(entry.Sequence, entry.Hash);
        }

        return entries;
    }
}
