using ChatOpsBot.Commands;
using ChatOpsBot.Tests.Watching.Support;
using ChatOpsBot.Watching;

namespace ChatOpsBot.Tests.Watching;

/// <summary>
/// What every store must do with subscriptions, run against each provider for real (SQLite, PostgreSQL): they belong to
/// the channel, not the thread; a conversation's limit; unsubscribe, uninstall, mute and unmute.
/// </summary>
public abstract class SubscriptionStoreContractTests
{
    protected static readonly DateTimeOffset Now = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
    protected static readonly CancellationToken Ct = CancellationToken.None;
    private static readonly MentionTarget Alex = new("29:1-alex", "Alex Wilber");
    private static readonly MentionTarget Megan = new("29:1-megan", "Megan Bowen");

    /// <summary>A store over fresh, empty storage; the same storage for every call within one test.</summary>
    protected abstract ISubscriptionStore OpenStore();

    [Fact]
    public async Task A_subscription_typed_in_a_thread_belongs_to_the_channel_and_reads_back_with_every_field()
    {
        var store = OpenStore();
        var asked = Subscriptions.Make("19:channel1@thread.tacv2;messageid=1700000000001", Now.AddTicks(1234), "train-", "COMMON", Alex, Megan);

        var result = await store.AddSubscriptionAsync(asked, 10, Ct);

        Assert.Equal(AddSubscriptionOutcome.Added, result.Outcome);
        var listed = Assert.Single(await store.ListSubscriptionsAsync("19:channel1@thread.tacv2", Ct));
        Assert.Equal(result.Subscription, listed);
        Assert.Equal("19:channel1@thread.tacv2", listed.ConversationId);
        Assert.Equal(new SubscriptionFilter("train-", "COMMON"), listed.Filter);
        Assert.Equal([Alex, Megan], listed.Mentions);
        Assert.Equal("Ada Lovelace", listed.RequestedByName);
        Assert.Equal("29:user-aad-1", listed.RequestedByUserId);
        Assert.Equal(asked.ConversationReference, listed.ConversationReference);
        Assert.Equal(Now, listed.CreatedAt);
        Assert.True(listed.IsActive);
        // Asked from another thread of the same channel, it is the same list.
        Assert.Equal([listed], await store.ListSubscriptionsAsync("19:channel1@thread.tacv2;messageid=1700000000999", Ct));
    }

    [Fact]
    public async Task The_same_filter_twice_says_already_subscribed_whatever_its_case()
    {
        var store = OpenStore();
        var first = await store.AddSubscriptionAsync(Subscriptions.Make(Subscriptions.ChannelId(1), Now, "train-"), 10, Ct);

        var again = await store.AddSubscriptionAsync(Subscriptions.Make(Subscriptions.ChannelId(1), Now.AddMinutes(1), "TRAIN-"), 10, Ct);
        var other = await store.AddSubscriptionAsync(Subscriptions.Make(Subscriptions.ChannelId(1), Now.AddMinutes(2), "eval-"), 10, Ct);

        Assert.Equal(AddSubscriptionOutcome.AlreadySubscribed, again.Outcome);
        Assert.Equal(first.Subscription!.Id, again.Subscription!.Id);
        Assert.Equal(AddSubscriptionOutcome.Added, other.Outcome);
        Assert.Equal(["train-", "eval-"], (await store.ListSubscriptionsAsync(Subscriptions.ChannelId(1), Ct)).Select(s => s.Filter.NamePrefix));
    }

    [Fact]
    public async Task A_conversation_at_its_limit_cannot_subscribe_more_but_another_can()
    {
        var store = OpenStore();
        await store.AddSubscriptionAsync(Subscriptions.Make(Subscriptions.ChannelId(1), Now, "a"), 2, Ct);
        await store.AddSubscriptionAsync(Subscriptions.Make(Subscriptions.ChannelId(1), Now, "b"), 2, Ct);

        var third = await store.AddSubscriptionAsync(Subscriptions.Make(Subscriptions.ChannelId(1), Now, "c"), 2, Ct);
        var elsewhere = await store.AddSubscriptionAsync(Subscriptions.Make(Subscriptions.ChannelId(2), Now, "c"), 2, Ct);

        Assert.Equal(AddSubscriptionOutcome.LimitReached, third.Outcome);
        Assert.Null(third.Subscription);
        Assert.Equal(2, third.Limit);
        Assert.Equal(AddSubscriptionOutcome.Added, elsewhere.Outcome);
        Assert.Equal(2, (await store.ListSubscriptionsAsync(Subscriptions.ChannelId(1), Ct)).Count);
    }

    [Fact]
    public async Task Concurrent_subscribes_never_pass_the_limit()
    {
        var store = OpenStore();

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            Task.Run(() => store.AddSubscriptionAsync(Subscriptions.Make(Subscriptions.ChannelId(1), Now, $"job-{i}-"), 3, Ct))));

        Assert.Equal(3, results.Count(r => r.Outcome == AddSubscriptionOutcome.Added));
        Assert.Equal(3, (await store.ListSubscriptionsAsync(Subscriptions.ChannelId(1), Ct)).Count);
    }

    [Fact]
    public async Task Unsubscribe_removes_only_that_subscription_of_that_conversation()
    {
        var store = OpenStore();
        var mine = (await store.AddSubscriptionAsync(Subscriptions.Make(Subscriptions.ChannelId(1), Now, "a"), 10, Ct)).Subscription!;
        var kept = (await store.AddSubscriptionAsync(Subscriptions.Make(Subscriptions.ChannelId(1), Now.AddSeconds(1), "b"), 10, Ct)).Subscription!;
        var theirs = (await store.AddSubscriptionAsync(Subscriptions.Make(Subscriptions.ChannelId(2), Now, "a"), 10, Ct)).Subscription!;

        Assert.False(await store.RemoveSubscriptionAsync(Subscriptions.ChannelId(1), theirs.Id, Ct));
        Assert.True(await store.RemoveSubscriptionAsync(Subscriptions.ChannelId(1) + ";messageid=17", mine.Id, Ct));
        Assert.False(await store.RemoveSubscriptionAsync(Subscriptions.ChannelId(1), mine.Id, Ct));

        Assert.Equal([kept], await store.ListSubscriptionsAsync(Subscriptions.ChannelId(1), Ct));
        Assert.Equal([theirs], await store.ListSubscriptionsAsync(Subscriptions.ChannelId(2), Ct));
    }

    [Fact]
    public async Task Uninstalling_forgets_the_conversations_subscriptions_and_mutes_only()
    {
        var store = OpenStore();
        var gone = (await store.AddSubscriptionAsync(Subscriptions.Make(Subscriptions.ChannelId(1), Now, "a"), 10, Ct)).Subscription!;
        await store.AddSubscriptionAsync(Subscriptions.Make(Subscriptions.ChannelId(1), Now, "b"), 10, Ct);
        await store.AddSubscriptionAsync(Subscriptions.Make(Subscriptions.ChannelId(2), Now, "a"), 10, Ct);
        await store.SetMutedAsync(Subscriptions.ChannelId(1), "job-noisy", muted: true, Ct);

        Assert.Equal(2, await store.RemoveConversationSubscriptionsAsync(Subscriptions.ChannelId(1) + ";messageid=1", Ct));

        Assert.Empty(await store.ListSubscriptionsAsync(Subscriptions.ChannelId(1), Ct));
        Assert.Empty(await store.ListMutedJobsAsync(Subscriptions.ChannelId(1), Ct));
        Assert.Null(await store.GetJobStateAsync(gone.Id, "job-noisy", Ct));
        Assert.Single(await store.ListSubscriptionsAsync(Subscriptions.ChannelId(2), Ct));
    }

    [Fact]
    public async Task Mute_quiets_a_job_for_every_subscription_of_the_conversation_and_unmute_undoes_it()
    {
        var store = OpenStore();
        var a = (await store.AddSubscriptionAsync(Subscriptions.Make(Subscriptions.ChannelId(1), Now, "a"), 10, Ct)).Subscription!;
        var b = (await store.AddSubscriptionAsync(Subscriptions.Make(Subscriptions.ChannelId(1), Now, "b"), 10, Ct)).Subscription!;
        var other = (await store.AddSubscriptionAsync(Subscriptions.Make(Subscriptions.ChannelId(2), Now, "a"), 10, Ct)).Subscription!;

        Assert.Equal(2, await store.SetMutedAsync(Subscriptions.ChannelId(1), "job-noisy", muted: true, Ct));
        Assert.Equal(2, await store.SetMutedAsync(Subscriptions.ChannelId(1), "job-noisy", muted: true, Ct));

        Assert.Equal(["job-noisy"], await store.ListMutedJobsAsync(Subscriptions.ChannelId(1), Ct));
        Assert.Equal(new SubscriptionJobState(a.Id, "job-noisy", [], null, Muted: true), await store.GetJobStateAsync(a.Id, "job-noisy", Ct));
        Assert.True((await store.GetJobStateAsync(b.Id, "job-noisy", Ct))!.Muted);
        Assert.Null(await store.GetJobStateAsync(other.Id, "job-noisy", Ct));
        Assert.Empty(await store.ListMutedJobsAsync(Subscriptions.ChannelId(2), Ct));

        Assert.Equal(2, await store.SetMutedAsync(Subscriptions.ChannelId(1), "job-noisy", muted: false, Ct));
        Assert.Equal(0, await store.SetMutedAsync(Subscriptions.ChannelId(1), "job-noisy", muted: false, Ct));
        Assert.Empty(await store.ListMutedJobsAsync(Subscriptions.ChannelId(1), Ct));
        Assert.False((await store.GetJobStateAsync(a.Id, "job-noisy", Ct))!.Muted);
    }

    [Fact]
    public async Task A_subscription_added_after_a_mute_keeps_quiet_about_that_job_too()
    {
        var store = OpenStore();
        await store.AddSubscriptionAsync(Subscriptions.Make(Subscriptions.ChannelId(1), Now, "a"), 10, Ct);
        await store.SetMutedAsync(Subscriptions.ChannelId(1), "job-noisy", muted: true, Ct);

        var later = (await store.AddSubscriptionAsync(Subscriptions.Make(Subscriptions.ChannelId(1), Now.AddHours(1), "b"), 10, Ct)).Subscription!;

        Assert.True((await store.GetJobStateAsync(later.Id, "job-noisy", Ct))!.Muted);
    }

    [Fact]
    public async Task Mute_without_subscriptions_changes_nothing()
    {
        var store = OpenStore();

        Assert.Equal(0, await store.SetMutedAsync(Subscriptions.ChannelId(1), "job-noisy", muted: true, Ct));
        Assert.Empty(await store.ListMutedJobsAsync(Subscriptions.ChannelId(1), Ct));
    }

    [Fact]
    public async Task Jobs_failing_in_the_feed_when_subscribing_are_marked_as_baseline_and_a_recorded_round_clears_it()
    {
        var store = OpenStore();
        var feed = (IFeedStore)store;
        var claim = (await feed.ClaimFeedAsync("project", Now, TimeSpan.FromMinutes(2), Ct))!;
        await feed.RecordFeedAsync("project", claim.Token, [new("job-failing", 2, "PROCESSING", 1), new("job-fine", 0, "PROCESSING", 1)], [], [], [],
            false, Now, Now, Ct);

        var subscription = (await store.AddSubscriptionAsync(Subscriptions.Make(Subscriptions.ChannelId(1), Now, "a"), 10, Ct)).Subscription!;

        Assert.Equal(new SubscriptionJobState(subscription.Id, "job-failing", [], null, Muted: false, Baseline: true),
            await store.GetJobStateAsync(subscription.Id, "job-failing", Ct));
        Assert.Null(await store.GetJobStateAsync(subscription.Id, "job-fine", Ct));

        var next = (await feed.ClaimFeedAsync("project", Now, TimeSpan.FromMinutes(2), Ct))!;
        Assert.True(await feed.RecordFeedAsync("project", next.Token, [], [],
            [new(subscription.Id, "job-failing", [3UL, 9UL], null, false), new(subscription.Id + 1000, "job-failing", [1UL], null, false)], [],
            false, Now, Now, Ct));

        Assert.Equal([new SubscriptionJobState(subscription.Id, "job-failing", [3UL, 9UL], null, Muted: false, Baseline: false)],
            await store.ListJobStatesAsync("job-failing", Ct));
    }

    [Fact]
    public async Task A_round_telling_more_states_than_one_statement_writes_records_each_merging_repeats_and_keeping_mutes_and_growth()
    {
        var store = OpenStore();
        var feed = (IFeedStore)store;
        var one = (await store.AddSubscriptionAsync(Subscriptions.Make(Subscriptions.ChannelId(1), Now, "job"), 10, Ct)).Subscription!;
        var two = (await store.AddSubscriptionAsync(Subscriptions.Make(Subscriptions.ChannelId(2), Now, "job"), 10, Ct)).Subscription!;
        var first = (await feed.ClaimFeedAsync("project", Now, TimeSpan.FromMinutes(2), Ct))!;
        // Already known: heard and ended for one job, which a later round never takes back.
        Assert.True(await feed.RecordFeedAsync("project", first.Token, [], [],
            [new(one.Id, "job-0007", [1UL], null, false, Heard: true, EndTold: JobEndTold.End)], [], false, Now, Now, Ct));
        Assert.Equal(1, await store.SetMutedAsync(Subscriptions.ChannelId(2), "job-0003", muted: true, Ct));
        var jobs = Enumerable.Range(0, 650).Select(i => $"job-{i:D4}").ToList();
        List<SubscriptionJobState> told =
        [
            .. jobs.Select(j => new SubscriptionJobState(one.Id, j, [2UL, 5UL], null, false)),
            .. jobs.Select(j => new SubscriptionJobState(two.Id, j, [2UL], null, false)),
            new(two.Id + 1000, "job-0001", [1UL], null, false),
            // The same subscription and job twice in a round: as if recorded one after the other.
            new(two.Id, "job-0009", [4UL], null, false, Heard: true, EndTold: JobEndTold.End),
            new(two.Id, "job-0009", [4UL, 6UL], null, false),
        ];
        var second = (await feed.ClaimFeedAsync("project", Now, TimeSpan.FromMinutes(2), Ct))!;

        Assert.True(await feed.RecordFeedAsync("project", second.Token, [], [], told, [], false, Now, Now, Ct));

        foreach (var job in jobs)
        {
            var states = await store.ListJobStatesAsync(job, Ct);
            Assert.Equal([one.Id, two.Id], states.Select(s => s.SubscriptionId).Order());
        }
        Assert.Equal(new SubscriptionJobState(one.Id, "job-0007", [2UL, 5UL], null, false, Heard: true, EndTold: JobEndTold.End),
            await store.GetJobStateAsync(one.Id, "job-0007", Ct));
        Assert.Equal(new SubscriptionJobState(two.Id, "job-0003", [2UL], null, Muted: true),
            await store.GetJobStateAsync(two.Id, "job-0003", Ct));
        Assert.Equal(new SubscriptionJobState(two.Id, "job-0009", [4UL, 6UL], null, false, Heard: true, EndTold: JobEndTold.End),
            await store.GetJobStateAsync(two.Id, "job-0009", Ct));
        Assert.Equal(new SubscriptionJobState(one.Id, "job-0649", [2UL, 5UL], null, false),
            await store.GetJobStateAsync(one.Id, "job-0649", Ct));
    }

    [Fact]
    public async Task Active_subscriptions_of_every_conversation_are_listed_for_the_feed()
    {
        var store = OpenStore();
        var one = (await store.AddSubscriptionAsync(Subscriptions.Make(Subscriptions.ChannelId(1), Now, "a"), 10, Ct)).Subscription!;
        var two = (await store.AddSubscriptionAsync(Subscriptions.Make(Subscriptions.ChannelId(2), Now, null, "COMMON"), 10, Ct)).Subscription!;

        Assert.Equal([one, two], await store.ListActiveSubscriptionsAsync(Ct));
    }
}
