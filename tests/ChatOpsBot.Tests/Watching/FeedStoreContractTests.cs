using ChatOpsBot.Tests.Watching.Support;
using ChatOpsBot.Watching;

namespace ChatOpsBot.Tests.Watching;

/// <summary>
/// The project feed, on each provider for real: one holder per round across instances, a lapsed claim taken over, the
/// rows kept to compare with the next answer, and a write from a lost claim changing nothing.
/// </summary>
public abstract class FeedStoreContractTests
{
    private const string Project = "5f0c1e2d3a4b5c6d7e8f90a1b2c3d4e5";
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly CancellationToken Ct = CancellationToken.None;
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);

    /// <summary>Stores over the same fresh storage, as separate instances would have.</summary>
    protected abstract IFeedStore OpenStore();

    [Fact]
    public async Task The_first_claim_has_no_rows_and_a_second_instance_gets_none_while_it_is_held()
    {
        var one = OpenStore();
        var two = OpenStore();

        var claim = await one.ClaimFeedAsync(Project, Now, Lease, Ct);
        var other = await two.ClaimFeedAsync(Project, Now.AddSeconds(1), Lease, Ct);

        Assert.NotNull(claim);
        Assert.Empty(claim.Rows);
        Assert.False(claim.EverListed);
        Assert.Null(other);
    }

    [Fact]
    public async Task Concurrent_claims_give_the_feed_to_exactly_one_instance()
    {
        var stores = Enumerable.Range(0, 6).Select(_ => OpenStore()).ToList();

        var claims = await Task.WhenAll(stores.Select(s => Task.Run(() => s.ClaimFeedAsync(Project, Now, Lease, Ct))));

        Assert.Single(claims, c => c is not null);
    }

    [Fact]
    public async Task Recorded_rows_come_back_with_the_next_claim_once_it_is_due()
    {
        var store = OpenStore();
        var claim = (await store.ClaimFeedAsync(Project, Now, Lease, Ct))!;
        FeedRow[] rows = [new("job-a", 2, "PROCESSING", 1_772_000_000_000), new("job-b", null, null, null), new("job-c", 0, "FINISHED", 5)];

        Assert.True(await store.RecordFeedAsync(Project, claim.Token, rows, [], [], [], morePages: true, Now, Now.AddMinutes(1), Ct));
        var early = await store.ClaimFeedAsync(Project, Now.AddSeconds(59), Lease, Ct);
        var next = (await store.ClaimFeedAsync(Project, Now.AddMinutes(1), Lease, Ct))!;

        Assert.Null(early);
        Assert.True(next.EverListed);
        Assert.True(next.MorePages);
        Assert.True(await store.FeedHasMorePagesAsync(Project, Ct));
        Assert.Equal(rows.ToDictionary(r => r.JobId), next.Rows);

        Assert.True(await store.RecordFeedAsync(Project, next.Token, [new("job-a", 3, "PROCESSING", 1_772_000_060_000)], ["job-c"], [], [],
            morePages: false, Now, Now.AddMinutes(2), Ct));
        var third = (await store.ClaimFeedAsync(Project, Now.AddMinutes(2), Lease, Ct))!;
        Assert.Equal([new FeedRow("job-a", 3, "PROCESSING", 1_772_000_060_000), new FeedRow("job-b", null, null, null)],
            third.Rows.Values.OrderBy(r => r.JobId));
        Assert.False(await store.FeedHasMorePagesAsync(Project, Ct));
    }

    [Fact]
    public async Task A_lapsed_claim_is_taken_over_and_the_stalled_holder_writes_nothing()
    {
        var stalled = OpenStore();
        var other = OpenStore();
        var first = (await stalled.ClaimFeedAsync(Project, Now, Lease, Ct))!;

        var takeover = await other.ClaimFeedAsync(Project, Now + Lease + TimeSpan.FromSeconds(1), Lease, Ct);
        var late = await stalled.RecordFeedAsync(Project, first.Token, [new("job-a", 1, "PROCESSING", 1)], [], [], [], false, Now, Now.AddMinutes(1), Ct);

        Assert.NotNull(takeover);
        Assert.False(late);
        Assert.True(await other.RecordFeedAsync(Project, takeover.Token, [], [], [], [], false, Now, Now.AddMinutes(5), Ct));
        Assert.Empty((await other.ClaimFeedAsync(Project, Now.AddMinutes(5), Lease, Ct))!.Rows);
    }

    [Fact]
    public async Task A_claim_renewed_while_its_round_runs_is_not_taken_over_and_a_lost_or_released_claim_is_not_renewed()
    {
        var holder = OpenStore();
        var other = OpenStore();
        var claim = (await holder.ClaimFeedAsync(Project, Now, Lease, Ct))!;

        Assert.True(await holder.RenewFeedClaimAsync(Project, claim.Token, Now + Lease + Lease, Ct));
        Assert.False(await holder.RenewFeedClaimAsync(Project, "not-the-token", Now + Lease * 10, Ct));
        var early = await other.ClaimFeedAsync(Project, Now + Lease + TimeSpan.FromSeconds(1), Lease, Ct);
        var recorded = await holder.RecordFeedAsync(Project, claim.Token, [new("job-a", 1, "PROCESSING", 1)], [], [], [], false, Now, Now, Ct);
        var afterRelease = await holder.RenewFeedClaimAsync(Project, claim.Token, Now + Lease * 3, Ct);
        var next = await other.ClaimFeedAsync(Project, Now + TimeSpan.FromSeconds(2), Lease, Ct);

        Assert.Null(early);
        Assert.True(recorded);
        Assert.False(afterRelease);
        Assert.NotNull(next);
        // Lapsed and taken over: the first holder cannot take it back by renewing.
        var takeover = (await holder.ClaimFeedAsync(Project, Now + TimeSpan.FromSeconds(2) + Lease + TimeSpan.FromSeconds(1), Lease, Ct))!;
        Assert.False(await other.RenewFeedClaimAsync(Project, next.Token, Now + Lease * 5, Ct));
        Assert.True(await holder.RecordFeedAsync(Project, takeover.Token, [], [], [], [], false, Now, Now, Ct));
    }

    [Fact]
    public async Task A_round_of_more_rows_than_one_statement_writes_is_recorded_whole_the_last_row_of_a_job_winning()
    {
        var store = OpenStore();
        var claim = (await store.ClaimFeedAsync(Project, Now, Lease, Ct))!;
        var rows = Enumerable.Range(0, 1_203)
            .Select(i => new FeedRow($"job-{i:D5}", i % 7 == 0 ? null : i % 5, i % 3 == 0 ? null : "PROCESSING", i % 11 == 0 ? null : 1_772_000_000_000 + i))
            .ToList();
        Assert.True(await store.RecordFeedAsync(Project, claim.Token, [.. rows, new("job-00001", 9, "FAILED", 42)], [], [], [], false, Now, Now, Ct));
        var second = (await store.ClaimFeedAsync(Project, Now, Lease, Ct))!;
        var expected = rows.ToDictionary(r => r.JobId);
        expected["job-00001"] = new FeedRow("job-00001", 9, "FAILED", 42);
        Assert.Equal(expected, second.Rows);

        var vanished = rows.Take(701).Select(r => r.JobId).ToList();
        Assert.True(await store.RecordFeedAsync(Project, second.Token, [], [.. vanished, "job-00000", "job-never-listed"], [], [], false, Now, Now, Ct));
        var third = (await store.ClaimFeedAsync(Project, Now, Lease, Ct))!;

        Assert.Equal(rows.Skip(701).Select(r => r.JobId), third.Rows.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Subscription_news_is_claimed_oldest_first_per_job_and_a_sent_first_post_becomes_the_jobs_thread()
    {
        var store = OpenStore();
        var subscriptions = (ISubscriptionStore)store;
        var subscription = (await subscriptions.AddSubscriptionAsync(Subscriptions.Make(Subscriptions.ChannelId(1), Now), 10, Ct)).Subscription!;
        var claim = (await store.ClaimFeedAsync(Project, Now, Lease, Ct))!;
        Assert.True(await store.RecordFeedAsync(Project, claim.Token, [], [], [],
            [new(subscription.Id, "job-a", "first of a"), new(subscription.Id, "job-a", "second of a"), new(subscription.Id, "job-b", "first of b")],
            false, Now, Now.AddMinutes(1), Ct));

        var first = await store.ClaimSubscriptionDeliveriesAsync(Now, Lease, 10, Ct);
        Assert.Equal(["first of a", "first of b"], first.Select(d => d.Text));
        Assert.All(first, d => Assert.Null(d.PostActivityId));
        Assert.Empty(await store.ClaimSubscriptionDeliveriesAsync(Now, Lease, 10, Ct));
        Assert.True(await store.MarkSubscriptionDeliveryAsync(first[0], NotifyOutcome.Sent(), "post-a", Now, Now, Ct));

        var second = Assert.Single(await store.ClaimSubscriptionDeliveriesAsync(Now, Lease, 10, Ct));
        Assert.Equal(("second of a", "post-a", 1), (second.Text, second.PostActivityId, second.Attempts));
        Assert.Equal(subscription, second.Subscription);
    }

    [Fact]
    public async Task A_refused_subscription_post_stops_the_subscription_and_a_failed_one_is_retried_later()
    {
        var store = OpenStore();
        var subscriptions = (ISubscriptionStore)store;
        var gone = (await subscriptions.AddSubscriptionAsync(Subscriptions.Make(Subscriptions.ChannelId(1), Now), 10, Ct)).Subscription!;
        var retried = (await subscriptions.AddSubscriptionAsync(Subscriptions.Make(Subscriptions.ChannelId(2), Now), 10, Ct)).Subscription!;
        var claim = (await store.ClaimFeedAsync(Project, Now, Lease, Ct))!;
        await store.RecordFeedAsync(Project, claim.Token, [], [], [], [new(gone.Id, "job-a", "a"), new(retried.Id, "job-a", "a")],
            false, Now, Now, Ct);
        var claimed = await store.ClaimSubscriptionDeliveriesAsync(Now, Lease, 10, Ct);

        Assert.True(await store.MarkSubscriptionDeliveryAsync(claimed[0], NotifyOutcome.ConversationGone("403"), null, Now, Now, Ct));
        Assert.True(await store.MarkSubscriptionDeliveryAsync(claimed[1], NotifyOutcome.Failed("500"), null, Now, Now.AddMinutes(1), Ct));

        var stopped = Assert.Single(await subscriptions.ListSubscriptionsAsync(Subscriptions.ChannelId(1), Ct));
        Assert.Equal("conversation gone (403)", stopped.DisabledReason);
        Assert.Empty(await store.ClaimSubscriptionDeliveriesAsync(Now.AddSeconds(59), Lease, 10, Ct));
        var again = Assert.Single(await store.ClaimSubscriptionDeliveriesAsync(Now.AddMinutes(1), Lease, 10, Ct));
        Assert.Equal((retried.Id, 2), (again.Subscription.Id, again.Attempts));
    }

    [Fact]
    public async Task News_of_a_subscription_removed_before_it_went_out_goes_nowhere_and_a_lapsed_claim_is_taken_over()
    {
        var store = OpenStore();
        var subscriptions = (ISubscriptionStore)store;
        var removed = (await subscriptions.AddSubscriptionAsync(Subscriptions.Make(Subscriptions.ChannelId(1), Now), 10, Ct)).Subscription!;
        var kept = (await subscriptions.AddSubscriptionAsync(Subscriptions.Make(Subscriptions.ChannelId(2), Now), 10, Ct)).Subscription!;
        var claim = (await store.ClaimFeedAsync(Project, Now, Lease, Ct))!;
        await store.RecordFeedAsync(Project, claim.Token, [], [], [], [new(removed.Id, "job-a", "a"), new(kept.Id, "job-a", "a")],
            false, Now, Now, Ct);
        await subscriptions.RemoveSubscriptionAsync(Subscriptions.ChannelId(1), removed.Id, Ct);

        var stalled = Assert.Single(await store.ClaimSubscriptionDeliveriesAsync(Now, Lease, 10, Ct));
        var takenOver = Assert.Single(await OpenStore().ClaimSubscriptionDeliveriesAsync(Now + Lease + TimeSpan.FromSeconds(1), Lease, 10, Ct));

        Assert.Equal(kept.Id, takenOver.Subscription.Id);
        Assert.False(await store.MarkSubscriptionDeliveryAsync(stalled, NotifyOutcome.Sent(), "post", Now, Now, Ct));
        Assert.True(await store.MarkSubscriptionDeliveryAsync(takenOver, NotifyOutcome.Sent(), "post-2", Now, Now, Ct));
        Assert.Equal("post-2", (await subscriptions.GetJobStateAsync(kept.Id, "job-a", Ct))!.PostActivityId);
    }
}
