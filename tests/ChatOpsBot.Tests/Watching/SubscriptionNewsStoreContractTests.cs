using ChatOpsBot.Tests.Watching.Support;
using ChatOpsBot.Watching;

namespace ChatOpsBot.Tests.Watching;

/// <summary>
/// What the store keeps for a subscription's end and deletion news, on each provider for real: the kind of each pending
/// news, whether a subscription told of a job and how far its end was dealt with (both only grow), which conversations
/// a watch tells a job's news in, and done deliveries purged after their day of history.
/// </summary>
public abstract class SubscriptionNewsStoreContractTests
{
    private const string Project = "5f0c1e2d3a4b5c6d7e8f90a1b2c3d4e5";
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly CancellationToken Ct = CancellationToken.None;
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);

    /// <summary>One store over fresh storage (it is every kind of store: watches, subscriptions, the feed).</summary>
    protected abstract SqlWatchStore OpenStore();

    /// <summary>How many subscription deliveries the storage holds, done or not.</summary>
    protected abstract Task<long> CountSubscriptionDeliveriesAsync();

    [Fact]
    public async Task Each_kind_of_news_comes_back_with_its_claim_in_the_order_it_was_recorded()
    {
        var store = OpenStore();
        var subscription = await SubscribeAsync(store, 1);
        await RecordAsync(store, [], [
            new(subscription.Id, "job-a", "🔴 a: 1 task failed"),
            new(subscription.Id, "job-a", "⏹ a finished: 1 of 4 tasks failed", SubscriptionNewsKind.Ended),
            new(subscription.Id, "job-a", "🗑️ a was deleted", SubscriptionNewsKind.Deleted)]);

        var kinds = new List<(SubscriptionNewsKind, string?)>();
        for (var i = 0; i < 3; i++)
        {
            var delivery = Assert.Single(await store.ClaimSubscriptionDeliveriesAsync(Now, Lease, 10, Ct));
            kinds.Add((delivery.Kind, delivery.PostActivityId));
            Assert.True(await store.MarkSubscriptionDeliveryAsync(delivery, NotifyOutcome.Sent(), i == 0 ? "post-a" : null, Now, Now, Ct));
        }

        Assert.Equal([(SubscriptionNewsKind.Failures, null), (SubscriptionNewsKind.Ended, "post-a"), (SubscriptionNewsKind.Deleted, "post-a")],
            kinds);
        Assert.Empty(await store.ClaimSubscriptionDeliveriesAsync(Now, Lease, 10, Ct));
    }

    [Fact]
    public async Task Having_told_of_a_job_and_its_end_only_grow_whatever_a_later_round_records()
    {
        var store = OpenStore();
        var subscription = await SubscribeAsync(store, 1);

        await RecordAsync(store, [new(subscription.Id, "job-a", [1UL], null, false, Heard: true)], []);
        await RecordAsync(store, [new(subscription.Id, "job-a", [1UL, 2UL], null, false, Heard: false, EndTold: JobEndTold.End)], []);
        var ended = await store.GetJobStateAsync(subscription.Id, "job-a", Ct);
        await RecordAsync(store, [new(subscription.Id, "job-a", [1UL, 2UL], null, false, Heard: true, EndTold: JobEndTold.Deletion)], []);
        await RecordAsync(store, [new(subscription.Id, "job-a", [1UL, 2UL], null, false, Heard: false, EndTold: JobEndTold.End)], []);

        Assert.Equal(new SubscriptionJobState(subscription.Id, "job-a", [1UL, 2UL], null, false, Heard: true, EndTold: JobEndTold.End), ended);
        Assert.Equal(new SubscriptionJobState(subscription.Id, "job-a", [1UL, 2UL], null, false, Heard: true, EndTold: JobEndTold.Deletion),
            await store.GetJobStateAsync(subscription.Id, "job-a", Ct));
    }

    [Fact]
    public async Task A_sent_first_post_marks_the_job_as_told_of()
    {
        var store = OpenStore();
        var subscription = await SubscribeAsync(store, 1);
        await RecordAsync(store, [], [new(subscription.Id, "job-a", "🔴 a: 1 task failed")]);

        var delivery = Assert.Single(await store.ClaimSubscriptionDeliveriesAsync(Now, Lease, 10, Ct));
        await store.MarkSubscriptionDeliveryAsync(delivery, NotifyOutcome.Sent(), "post-a", Now, Now, Ct);

        Assert.Equal(new SubscriptionJobState(subscription.Id, "job-a", [], "post-a", false, Heard: true),
            await store.GetJobStateAsync(subscription.Id, "job-a", Ct));
    }

    [Fact]
    public async Task A_job_is_watched_in_conversations_with_an_active_watch_or_a_watch_that_told_its_end()
    {
        var store = OpenStore();
        await store.AddAsync(Requests.Watch(Requests.Channel(1), "job-a", Now), Ct);
        await store.AddAsync(Requests.Watch(Requests.Channel(2), "job-a", Now), Ct);
        await store.AddAsync(Requests.Watch(Requests.Channel(3), "job-a", Now), Ct);
        await store.AddAsync(Requests.Watch(Requests.Channel(4), "job-b", Now), Ct);
        var claim = await store.ClaimDueAsync(Now.AddMinutes(1), Lease, 10, Ct);
        var byConversation = claim.Watches.ToDictionary(w => w.ConversationId);
        var finished = JobSnapshot.From(Jobs.Make("FINISHED", succeeded: 2, id: "job-a"));
        await store.RecordAsync(claim,
        [
            // Channel 2's watch told the end and went; channel 3's was removed by its expiry, which tells nothing of the job.
            new WatchUpdate(byConversation[Requests.Channel(1)], WatchChange.Keep, null, Now.AddMinutes(2)),
            new WatchUpdate(byConversation[Requests.Channel(2)], WatchChange.Remove, finished, Now,
                new JobNotification(JobNotificationKind.JobFinished, "✅ Job job-a finished", EndsWatch: true, finished)),
            new WatchUpdate(byConversation[Requests.Channel(3)], WatchChange.Remove, null, Now,
                new JobNotification(JobNotificationKind.WatchExpired, "⏱️ Stopped watching job job-a", EndsWatch: true, null)),
            new WatchUpdate(byConversation[Requests.Channel(4)], WatchChange.Keep, null, Now.AddMinutes(2)),
        ], Now, Ct);

        var watching = await store.ListConversationsWatchingAsync("job-a", Ct);

        Assert.Equal([Requests.Channel(1), Requests.Channel(2)], watching.Order(StringComparer.Ordinal));
        Assert.Empty(await store.ListConversationsWatchingAsync("job-c", Ct));
    }

    [Fact]
    public async Task Done_subscription_deliveries_are_purged_after_their_day_of_history_and_pending_ones_stay()
    {
        var store = OpenStore();
        var subscription = await SubscribeAsync(store, 1);
        await RecordAsync(store, [], [new(subscription.Id, "job-a", "🔴 a: 1 task failed"), new(subscription.Id, "job-b", "🔴 b: 1 task failed")]);
        var claimed = await store.ClaimSubscriptionDeliveriesAsync(Now, Lease, 10, Ct);
        await store.MarkSubscriptionDeliveryAsync(claimed.Single(d => d.JobId == "job-a"), NotifyOutcome.Sent(), "post-a", Now, Now, Ct);
        await store.MarkSubscriptionDeliveryAsync(claimed.Single(d => d.JobId == "job-b"), NotifyOutcome.Failed("500"), null, Now, Now, Ct);

        await store.PurgeAsync(Now.AddDays(-7), Now, Ct);
        var kept = await CountSubscriptionDeliveriesAsync();
        await store.PurgeAsync(Now.AddDays(-7), Now.AddMilliseconds(1), Ct);

        Assert.Equal(2, kept);
        Assert.Equal(1, await CountSubscriptionDeliveriesAsync());
        Assert.Equal("job-b", Assert.Single(await store.ClaimSubscriptionDeliveriesAsync(Now.AddMinutes(1), Lease, 10, Ct)).JobId);
        // What the subscription told stays: the post of job-a is still its thread.
        Assert.Equal("post-a", (await store.GetJobStateAsync(subscription.Id, "job-a", Ct))!.PostActivityId);
    }

    private static async Task<Subscription> SubscribeAsync(SqlWatchStore store, int channel) =>
        (await store.AddSubscriptionAsync(Subscriptions.Make(Subscriptions.ChannelId(channel), Now), 10, Ct)).Subscription!;

    private static async Task RecordAsync(SqlWatchStore store, IReadOnlyList<SubscriptionJobState> told, IReadOnlyList<PendingSubscriptionNews> news)
    {
        var claim = (await store.ClaimFeedAsync(Project, Now, Lease, Ct))!;
        Assert.True(await store.RecordFeedAsync(Project, claim.Token, [], [], told, news, false, Now, Now, Ct));
    }
}
