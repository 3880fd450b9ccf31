using ChatOpsBot.Tests.Watching.Support;
using ChatOpsBot.Watching;

namespace ChatOpsBot.Tests.Watching;

/// <summary>
/// The conversation pace, on each provider for real: turns taken through several store instances on one database
/// interleave one cost apart, a turn too late is not taken (and the pace stays as it was), a 429's hold-off pushes the
/// pace, and a claimed post takes its turn only while its claim is held, or goes back to the outbox uncounted.
/// </summary>
public abstract class ConversationPaceStoreContractTests
{
    private const string Chat = "a:chat-one";
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly CancellationToken Ct = CancellationToken.None;
    private static readonly TimeSpan Gap = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);

    /// <summary>Stores over the same fresh storage, as separate instances would have.</summary>
    protected abstract SqlWatchStore OpenStore();

    [Fact]
    public async Task Turns_taken_through_two_instances_interleave_one_gap_apart()
    {
        var one = OpenStore();
        var two = OpenStore();

        var turns = new List<DateTimeOffset>();
        for (var i = 0; i < 3; i++)
        {
            turns.Add(Taken(await one.TakeTurnAsync(Ask(Chat, Now), Ct)));
            turns.Add(Taken(await two.TakeTurnAsync(Ask(Chat, Now), Ct)));
        }

        Assert.Equal(Enumerable.Range(0, 6).Select(i => Now + Gap * i), turns);
    }

    [Fact]
    public async Task Concurrent_turns_from_several_instances_are_all_different_and_one_gap_apart()
    {
        var stores = Enumerable.Range(0, 5).Select(_ => OpenStore()).ToList();

        var turns = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(() => stores[i % stores.Count].TakeTurnAsync(Ask(Chat, Now), Ct))));

        Assert.Equal(Enumerable.Range(0, 20).Select(i => Now + Gap * i), turns.Select(Taken).Order());
    }

    [Fact]
    public async Task A_turn_costs_its_operations_and_conversations_keep_their_own_pace()
    {
        var store = OpenStore();

        var postAndCard = Taken(await store.TakeTurnAsync(Ask(Chat, Now, operations: 2), Ct));
        var next = Taken(await store.TakeTurnAsync(Ask(Chat, Now), Ct));
        var elsewhere = Taken(await store.TakeTurnAsync(Ask("a:chat-two", Now), Ct));

        Assert.Equal(Now, postAndCard);
        Assert.Equal(Now + Gap * 2, next);
        Assert.Equal(Now, elsewhere);
    }

    [Fact]
    public async Task A_quiet_conversation_gives_a_turn_at_once()
    {
        var store = OpenStore();
        await store.TakeTurnAsync(Ask(Chat, Now), Ct);

        var later = Taken(await store.TakeTurnAsync(Ask(Chat, Now.AddMinutes(5)), Ct));

        Assert.Equal(Now.AddMinutes(5), later);
    }

    [Fact]
    public async Task A_turn_later_than_asked_is_not_taken_and_leaves_the_pace_as_it_was()
    {
        var store = OpenStore();
        await store.TakeTurnAsync(Ask(Chat, Now, operations: 10), Ct);

        var tooLate = await store.TakeTurnAsync(Ask(Chat, Now, latest: Now.AddSeconds(5)), Ct);
        var next = Taken(await store.TakeTurnAsync(Ask(Chat, Now), Ct));

        Assert.Equal(PaceTurn.NotBefore(Now.AddSeconds(10)), tooLate);
        Assert.Equal(Now.AddSeconds(10), next);
    }

    [Fact]
    public async Task A_hold_off_pushes_the_pace_for_every_instance_and_never_pulls_it_back()
    {
        var one = OpenStore();
        var two = OpenStore();
        await one.TakeTurnAsync(Ask(Chat, Now), Ct);

        await one.HoldOffAsync(Chat, Now.AddSeconds(30), Ct);
        await two.HoldOffAsync(Chat, Now.AddSeconds(3), Ct);
        var free = await two.TakeTurnAsync(Ask(Chat, Now.AddSeconds(1), latest: Now.AddSeconds(1)), Ct);
        var next = Taken(await two.TakeTurnAsync(Ask(Chat, Now.AddSeconds(1)), Ct));
        await two.HoldOffAsync("a:never-posted", Now.AddSeconds(7), Ct);
        var fresh = Taken(await one.TakeTurnAsync(Ask("a:never-posted", Now), Ct));

        Assert.Equal(PaceTurn.NotBefore(Now.AddSeconds(30)), free);
        Assert.Equal(Now.AddSeconds(30), next);
        Assert.Equal(Now.AddSeconds(7), fresh);
    }

    [Fact]
    public async Task A_claimed_post_takes_a_turn_only_within_its_claim_less_the_margin()
    {
        var store = OpenStore();
        var delivery = await ClaimedNewsAsync(store);
        var post = ClaimedPost.Of(delivery);
        // Someone else's posts fill the conversation's next 70 s; the claim (2 min) less a 1 min margin ends at 60 s.
        await store.TakeTurnAsync(Ask(Chat, Now, operations: 70), Ct);

        var tooLate = await store.TakeTurnAsync(Ask(Chat, Now, post: post), Ct);

        Assert.Equal(PaceTurn.NotBefore(Now.AddSeconds(70), Now + Lease / 2), tooLate);
        Assert.Equal(Now.AddSeconds(70), Taken(await store.TakeTurnAsync(Ask(Chat, Now), Ct)));
    }

    [Fact]
    public async Task A_post_whose_claim_was_taken_over_gets_no_turn()
    {
        var store = OpenStore();
        var delivery = await ClaimedNewsAsync(store);
        var takenOver = Assert.Single(await store.ClaimDeliveriesAsync(Now + Lease + TimeSpan.FromSeconds(1), Lease, 10, Ct));

        var stale = await store.TakeTurnAsync(Ask(Chat, Now + Lease + TimeSpan.FromSeconds(2), post: ClaimedPost.Of(delivery)), Ct);
        var current = await store.TakeTurnAsync(Ask(Chat, Now + Lease + TimeSpan.FromSeconds(2), post: ClaimedPost.Of(takenOver)), Ct);

        Assert.Equal(PaceTurnKind.ClaimLost, stale.Kind);
        Assert.Equal(PaceTurnKind.Taken, current.Kind);
    }

    [Fact]
    public async Task A_postponed_post_goes_back_to_the_outbox_due_at_its_turn_without_counting_an_attempt()
    {
        var store = OpenStore();
        var delivery = await ClaimedNewsAsync(store);

        Assert.True(await store.PostponeAsync(ClaimedPost.Of(delivery), Now.AddSeconds(20), Ct));
        Assert.False(await store.PostponeAsync(ClaimedPost.Of(delivery), Now.AddSeconds(20), Ct));

        Assert.Empty(await store.ClaimDeliveriesAsync(Now.AddSeconds(19), Lease, 10, Ct));
        var again = Assert.Single(await store.ClaimDeliveriesAsync(Now.AddSeconds(20), Lease, 10, Ct));
        Assert.Equal(delivery.Id, again.Id);
        Assert.Equal(delivery.Attempts, again.Attempts);
    }

    private static PaceRequest Ask(string conversation, DateTimeOffset now, int operations = 1, DateTimeOffset? latest = null, ClaimedPost? post = null) =>
        new(conversation, Gap * operations, now, latest ?? DateTimeOffset.MaxValue, post, Lease / 2);

    private static DateTimeOffset Taken(PaceTurn turn)
    {
        Assert.Equal(PaceTurnKind.Taken, turn.Kind);
        return turn.At;
    }

    // News recorded and claimed as a polling round does.
    private static async Task<Delivery> ClaimedNewsAsync(SqlWatchStore store)
    {
        var added = await store.AddAsync(Requests.Watch(Chat, "job-a", Now), Ct);
        Assert.Equal(AddWatchOutcome.Added, added.Outcome);
        var claim = await store.ClaimDueAsync(Now, Lease, 10, Ct);
        var watch = Assert.Single(claim.Watches);
        await store.RecordAsync(claim, [new WatchUpdate(watch, WatchChange.Keep, null, Now.AddMinutes(1),
            new JobNotification(JobNotificationKind.NewFailures, "news", EndsWatch: false, null))], Now, Ct);
        return Assert.Single(await store.ClaimDeliveriesAsync(Now, Lease, 10, Ct, recordedUnder: claim.Token));
    }
}
