using ChatOpsBot.Commands;
using ChatOpsBot.Tests.Watching.Support;
using ChatOpsBot.Watching;

namespace ChatOpsBot.Tests.Watching;

/// <summary>
/// What every watch store must do, run against each provider for real (SQLite, PostgreSQL): users' watches, claims with
/// a lease, the outbox of news, and the purge of stopped watches.
/// </summary>
public abstract class WatchStoreContractTests
{
    protected static readonly DateTimeOffset Now = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
    protected static readonly CancellationToken Ct = CancellationToken.None;
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);
    private static readonly MentionTarget Ana = new("29:1-ana", "Ana Lima");
    private static readonly MentionTarget Ben = new("29:1-ben", "Ben <Ops> & \"Co\" 李");

    /// <summary>A store over fresh, empty storage; the same storage for every call within one test.</summary>
    protected abstract IWatchStore OpenStore(int limit);

    [Fact]
    public async Task An_added_watch_reads_back_with_every_field()
    {
        var store = OpenStore(50);
        var baseline = JobSnapshot.From(Jobs.Make("PROCESSING", succeeded: 2, processing: 3, failed: [("driver mismatch", 2)]));
        var watch = Requests.Watch(Requests.Channel(1), Jobs.Id, Now, baseline) with { CardActivityId = "1700000000123", Mentions = [Ana, Ben] };

        var result = await store.AddAsync(watch, Ct);

        Assert.Equal(AddWatchOutcome.Added, result.Outcome);
        Assert.True(result.Watch!.Id > 0);
        var read = await store.GetAsync(Requests.Channel(1), Jobs.Id, Ct);
        Assert.Equal(watch with { Id = result.Watch.Id }, read);
        Assert.Equal(baseline, read!.LastNotified);
        Assert.Equal(2, read.LastNotified!.FailuresWith("driver mismatch"));
        Assert.Equal([Ana, Ben], read.Mentions);
        Assert.True(read.IsActive);
    }

    [Fact]
    public async Task A_watchs_mentions_go_with_its_news_even_the_last_one_recorded_as_the_watch_ends()
    {
        var store = OpenStore(50);
        await Add(store, Requests.Watch(Requests.Channel(1), "job-a", Now) with { Mentions = [Ana, Ben] });
        var claim = await store.ClaimDueAsync(Now, Lease, 10, Ct);
        var end = new JobNotification(JobNotificationKind.JobFinished, "✅ Job job-a finished", EndsWatch: true, null);

        await store.RecordAsync(claim, [new WatchUpdate(claim.Watches[0], WatchChange.Remove, null, Now, end)], Now, Ct);

        Assert.Equal([Ana, Ben], claim.Watches[0].Mentions);
        Assert.Null(await store.GetAsync(Requests.Channel(1), "job-a", Ct));
        var delivery = Assert.Single(await store.ClaimDeliveriesAsync(Now, Lease, 10, Ct, recordedUnder: claim.Token));
        Assert.Equal([Ana, Ben], delivery.Target.Mentions);
        Assert.Equal(Requests.Watch(Requests.Channel(1), "job-a", Now).ConversationReference, delivery.Target.ConversationReference);
    }

    [Fact]
    public async Task Watching_again_with_other_people_replaces_the_mentions_and_news_not_yet_sent_mentions_them()
    {
        var store = OpenStore(50);
        var first = await Add(store, Requests.Watch(Requests.Channel(1), "job-a", Now) with { Mentions = [Ana] });
        var claim = await store.ClaimDueAsync(Now, Lease, 10, Ct);
        await store.RecordAsync(claim, [Keep(claim.Watches[0], null, "🔴 news")], Now, Ct);

        var plain = await store.AddAsync(Requests.Watch(Requests.Channel(1), "job-a", Now.AddMinutes(1)), Ct);
        var same = await store.AddAsync(Requests.Watch(Requests.Channel(1), "job-a", Now.AddMinutes(2)) with { Mentions = [Ana] }, Ct);
        var other = await store.AddAsync(Requests.Watch(Requests.Channel(1), "job-a", Now.AddMinutes(3)) with { Mentions = [Ben, Ana] }, Ct);
        var delivery = Assert.Single(await store.ClaimDeliveriesAsync(Now, Lease, 10, Ct, recordedUnder: claim.Token));

        Assert.Equal(AddWatchOutcome.AlreadyWatching, plain.Outcome);
        Assert.Equal([Ana], plain.Watch!.Mentions);
        Assert.Equal(AddWatchOutcome.AlreadyWatching, same.Outcome);
        Assert.Equal(AddWatchOutcome.MentionsUpdated, other.Outcome);
        Assert.Equal(first.Id, other.Watch!.Id);
        Assert.Equal([Ben, Ana], other.Watch.Mentions);
        var read = Assert.Single(await store.ListByConversationAsync(Requests.Channel(1), Ct));
        Assert.Equal(first with { Mentions = [Ben, Ana], NextPollAt = Now.AddMinutes(1) }, read);
        Assert.Equal([Ben, Ana], delivery.Target.Mentions);
    }

    [Fact]
    public async Task Watching_the_same_job_twice_in_a_conversation_says_already_watching()
    {
        var store = OpenStore(50);
        var first = await store.AddAsync(Requests.Watch(Requests.Channel(1), Jobs.Id, Now), Ct);

        var second = await store.AddAsync(Requests.Watch(Requests.Channel(1), Jobs.Id, Now.AddMinutes(3)), Ct);

        Assert.Equal(AddWatchOutcome.AlreadyWatching, second.Outcome);
        Assert.Equal(first.Watch!.Id, second.Watch!.Id);
        Assert.Equal(Now, second.Watch.CreatedAt);
        Assert.Single(await store.ListByConversationAsync(Requests.Channel(1), Ct));
    }

    [Fact]
    public async Task A_conversation_at_its_limit_cannot_add_more_but_another_conversation_can()
    {
        var store = OpenStore(limit: 3);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(AddWatchOutcome.Added, (await store.AddAsync(Requests.Watch(Requests.Channel(1), $"job-{i}", Now), Ct)).Outcome);
        }

        var fourth = await store.AddAsync(Requests.Watch(Requests.Channel(1), "job-3", Now), Ct);
        var elsewhere = await store.AddAsync(Requests.Watch(Requests.Channel(2), "job-3", Now), Ct);

        Assert.Equal(AddWatchOutcome.LimitReached, fourth.Outcome);
        Assert.Null(fourth.Watch);
        Assert.Equal(3, fourth.Limit);
        Assert.Equal(AddWatchOutcome.Added, elsewhere.Outcome);
        Assert.Equal(3, (await store.ListByConversationAsync(Requests.Channel(1), Ct)).Count);
    }

    [Fact]
    public async Task Unwatch_removes_only_that_watch()
    {
        var store = OpenStore(50);
        await store.AddAsync(Requests.Watch(Requests.Channel(1), "job-a", Now), Ct);
        await store.AddAsync(Requests.Watch(Requests.Channel(1), "job-b", Now.AddSeconds(1)), Ct);
        await store.AddAsync(Requests.Watch(Requests.Channel(2), "job-a", Now), Ct);

        Assert.True(await store.RemoveAsync(Requests.Channel(1), "job-a", Ct));
        Assert.False(await store.RemoveAsync(Requests.Channel(1), "job-a", Ct));

        Assert.Equal(["job-b"], (await store.ListByConversationAsync(Requests.Channel(1), Ct)).Select(w => w.JobId));
        Assert.NotNull(await store.GetAsync(Requests.Channel(2), "job-a", Ct));
    }

    [Fact]
    public async Task Listing_a_conversation_gives_its_watches_oldest_first_and_nobody_elses()
    {
        var store = OpenStore(50);
        await store.AddAsync(Requests.Watch(Requests.Channel(1), "job-late", Now.AddMinutes(5)), Ct);
        await store.AddAsync(Requests.Watch(Requests.Channel(1), "job-early", Now), Ct);
        await store.AddAsync(Requests.Watch(Requests.Channel(2), "job-other", Now), Ct);

        var listed = await store.ListByConversationAsync(Requests.Channel(1), Ct);

        Assert.Equal(["job-early", "job-late"], listed.Select(w => w.JobId));
        Assert.Empty(await store.ListByConversationAsync(Requests.Channel(9), Ct));
    }

    [Fact]
    public async Task Removing_a_conversation_forgets_all_its_watches_and_no_others()
    {
        var store = OpenStore(50);
        await store.AddAsync(Requests.Watch(Requests.Channel(1), "job-a", Now), Ct);
        await store.AddAsync(Requests.Watch(Requests.Channel(1), "job-b", Now), Ct);
        await store.AddAsync(Requests.Watch(Requests.Channel(2), "job-a", Now), Ct);

        Assert.Equal(2, await store.RemoveConversationAsync(Requests.Channel(1), Ct));

        Assert.Empty(await store.ListByConversationAsync(Requests.Channel(1), Ct));
        Assert.Single(await store.ListByConversationAsync(Requests.Channel(2), Ct));
    }

    [Fact]
    public async Task Removing_a_channel_also_forgets_the_watches_of_its_threads_but_not_of_look_alike_ids()
    {
        var store = OpenStore(50);
        const string channel = "19:abc_def@thread.tacv2";
        await store.AddAsync(Requests.Watch(channel, "job-a", Now), Ct);
        await store.AddAsync(Requests.Watch(channel + ";messageid=1795904845293", "job-b", Now), Ct);
        await store.AddAsync(Requests.Watch("19:abcXdef@thread.tacv2;messageid=1", "job-c", Now), Ct);
        await store.AddAsync(Requests.Watch(channel + "2;messageid=1", "job-d", Now), Ct);

        Assert.Equal(2, await store.RemoveConversationAsync(channel, Ct));

        Assert.Single(await store.ListByConversationAsync("19:abcXdef@thread.tacv2;messageid=1", Ct));
        Assert.Single(await store.ListByConversationAsync(channel + "2;messageid=1", Ct));
    }

    [Fact]
    public async Task The_card_to_keep_up_to_date_can_be_set_by_conversation_and_job()
    {
        var store = OpenStore(50);
        await Add(store, Requests.Watch(Requests.Channel(1), Jobs.Id, Now));

        Assert.True(await store.SetCardActivityIdAsync(Requests.Channel(1), Jobs.Id, "1700000000456", Ct));
        Assert.False(await store.SetCardActivityIdAsync(Requests.Channel(2), Jobs.Id, "1700000000456", Ct));

        Assert.Equal("1700000000456", (await store.GetAsync(Requests.Channel(1), Jobs.Id, Ct))!.CardActivityId);
    }

    [Fact]
    public async Task Concurrent_adds_to_one_conversation_never_exceed_its_limit()
    {
        var store = OpenStore(limit: 50);

        var results = await Task.WhenAll(Enumerable.Range(0, 120).Select(i =>
            Task.Run(() => store.AddAsync(Requests.Watch(Requests.Channel(1), $"job-{i:D3}", Now), Ct))));

        Assert.Equal(50, results.Count(r => r.Outcome == AddWatchOutcome.Added));
        Assert.Equal(70, results.Count(r => r.Outcome == AddWatchOutcome.LimitReached));
        Assert.Equal(50, (await store.ListByConversationAsync(Requests.Channel(1), Ct)).Count);
    }

    [Fact]
    public async Task Concurrent_watches_of_the_same_job_add_it_once()
    {
        var store = OpenStore(50);

        var results = await Task.WhenAll(Enumerable.Range(0, 30).Select(_ =>
            Task.Run(() => store.AddAsync(Requests.Watch(Requests.Channel(1), Jobs.Id, Now), Ct))));

        Assert.Single(results, r => r.Outcome == AddWatchOutcome.Added);
        Assert.Equal(29, results.Count(r => r.Outcome == AddWatchOutcome.AlreadyWatching));
    }

    [Fact]
    public async Task A_claim_takes_every_watch_of_a_due_job_together_and_nothing_twice()
    {
        var store = OpenStore(50);
        var due = await Add(store, Requests.Watch(Requests.Channel(1), "job-a", Now));
        var notYetDue = await Add(store, Requests.Watch(Requests.Channel(2), "job-a", Now) with { NextPollAt = Now.AddSeconds(40) });
        await Add(store, Requests.Watch(Requests.Channel(3), "job-b", Now) with { NextPollAt = Now.AddSeconds(40) });
        var off = await Add(store, Requests.Watch(Requests.Channel(4), "job-a", Now));
        await DisableAsync(store, off, "conversation gone (403)");

        var claim = await store.ClaimDueAsync(Now.AddSeconds(1), Lease, 10, Ct);
        var again = await store.ClaimDueAsync(Now.AddSeconds(2), Lease, 10, Ct);

        Assert.Equal([due.Id, notYetDue.Id], claim.Watches.Select(w => w.Id).Order());
        Assert.Equal(0, claim.TakenOver);
        Assert.Empty(again.Watches);
    }

    [Fact]
    public async Task A_lapsed_claim_is_taken_over_and_its_old_holder_writes_nothing()
    {
        var store = OpenStore(50);
        var watch = await Add(store, Requests.Watch(Requests.Channel(1), "job-a", Now));
        var first = await store.ClaimDueAsync(Now, Lease, 10, Ct);

        var beforeLease = await store.ClaimDueAsync(Now + Lease - TimeSpan.FromSeconds(1), Lease, 10, Ct);
        var second = await store.ClaimDueAsync(Now + Lease + TimeSpan.FromSeconds(1), Lease, 10, Ct);
        var told = JobSnapshot.From(Jobs.Make("PROCESSING", processing: 2, failed: [("disk full", 1)], id: "job-a"));
        var late = await store.RecordAsync(first, [Keep(first.Watches[0], told, "news from the stalled instance")], Now, Ct);

        Assert.Empty(beforeLease.Watches);
        Assert.Equal([watch.Id], second.Watches.Select(w => w.Id));
        Assert.Equal(1, second.TakenOver);
        Assert.Empty(late);
        Assert.Empty(await store.ClaimDeliveriesAsync(Now.AddMinutes(10), Lease, 10, Ct));
        Assert.Null((await store.GetAsync(Requests.Channel(1), "job-a", Ct))!.LastNotified);
    }

    [Fact]
    public async Task Claims_from_many_instances_at_once_hand_each_watch_out_once()
    {
        var stores = Enumerable.Range(0, 4).Select(_ => OpenStore(50)).ToList();
        for (var i = 0; i < 60; i++)
        {
            await Add(stores[0], Requests.Watch(Requests.Channel(i % 7), $"job-{i:D2}", Now));
        }

        var claims = await Task.WhenAll(Enumerable.Range(0, 12).Select(i =>
            Task.Run(() => stores[i % stores.Count].ClaimDueAsync(Now, Lease, 7, Ct))));
        var rest = await stores[0].ClaimDueAsync(Now, Lease, 100, Ct);

        var ids = claims.SelectMany(c => c.Watches).Concat(rest.Watches).Select(w => w.Id).ToList();
        Assert.Equal(60, ids.Count);
        Assert.Equal(60, ids.Distinct().Count());
    }

    [Fact]
    public async Task News_is_recorded_with_its_snapshot_and_handed_to_one_sender_until_marked_sent()
    {
        var store = OpenStore(50);
        var watch = await Add(store, Requests.Watch(Requests.Channel(1), "job-a", Now) with { CardActivityId = "card-1" });
        var claim = await store.ClaimDueAsync(Now, Lease, 10, Ct);
        var told = JobSnapshot.From(Jobs.Make("PROCESSING", processing: 2, failed: [("disk full", 1)], id: "job-a"));

        var recorded = await store.RecordAsync(claim, [Keep(claim.Watches[0], told, "🔴 1 new failed task")], Now, Ct);
        var byAnotherInstance = await store.ClaimDeliveriesAsync(Now, Lease, 10, Ct);
        var delivery = Assert.Single(await store.ClaimDeliveriesAsync(Now, Lease, 10, Ct, recordedUnder: claim.Token));
        var meanwhile = await store.ClaimDeliveriesAsync(Now.AddSeconds(5), Lease, 10, Ct, recordedUnder: claim.Token);
        var marked = await store.MarkAsync(delivery, NotifyOutcome.Sent(), Now.AddSeconds(6), Now, Ct);
        var afterLease = await store.ClaimDeliveriesAsync(Now + Lease * 2, Lease, 10, Ct);

        Assert.Equal([watch.Id], recorded);
        Assert.Empty(byAnotherInstance);
        Assert.Equal("🔴 1 new failed task", delivery.News.Text);
        Assert.Equal(Requests.Channel(1), delivery.Target.ConversationId);
        Assert.Equal(watch.ConversationReference, delivery.Target.ConversationReference);
        Assert.Equal("card-1", delivery.Target.CardActivityId);
        Assert.Equal(1, delivery.Attempts);
        Assert.Empty(meanwhile);
        Assert.True(marked);
        Assert.Empty(afterLease);
        var read = (await store.GetAsync(Requests.Channel(1), "job-a", Ct))!;
        Assert.Equal(told, read.LastNotified);
        Assert.Null(await store.GetAsync(Requests.Channel(1), "job-b", Ct));
    }

    [Fact]
    public async Task A_delivery_whose_sender_died_is_taken_over_after_the_lease_and_the_late_mark_says_so()
    {
        var store = OpenStore(50);
        await Add(store, Requests.Watch(Requests.Channel(1), "job-a", Now));
        var claim = await store.ClaimDueAsync(Now, Lease, 10, Ct);
        await store.RecordAsync(claim, [Keep(claim.Watches[0], null, "news")], Now, Ct);
        var dead = Assert.Single(await store.ClaimDeliveriesAsync(Now, Lease, 10, Ct, recordedUnder: claim.Token));

        var takenOver = Assert.Single(await store.ClaimDeliveriesAsync(Now + Lease + TimeSpan.FromSeconds(1), Lease, 10, Ct));

        Assert.Equal(dead.Id, takenOver.Id);
        Assert.Equal(2, takenOver.Attempts);
        Assert.False(await store.MarkAsync(dead, NotifyOutcome.Sent(), Now + Lease, Now, Ct));
        Assert.True(await store.MarkAsync(takenOver, NotifyOutcome.Sent(), Now + Lease, Now, Ct));
    }

    [Fact]
    public async Task News_for_one_conversation_goes_out_one_at_a_time_in_order()
    {
        var store = OpenStore(50);
        await Add(store, Requests.Watch(Requests.Channel(1), "job-a", Now));
        await Add(store, Requests.Watch(Requests.Channel(1), "job-b", Now));
        await Add(store, Requests.Watch(Requests.Channel(2), "job-b", Now));
        var claim = await store.ClaimDueAsync(Now, Lease, 10, Ct);
        foreach (var watch in claim.Watches.OrderBy(w => w.JobId).ThenBy(w => w.ConversationId))
        {
            await store.RecordAsync(claim, [Keep(watch, null, $"{watch.JobId} in {watch.ConversationId}")], Now, Ct);
        }

        var first = await store.ClaimDeliveriesAsync(Now, Lease, 10, Ct, recordedUnder: claim.Token);
        var whileFirstIsOut = await store.ClaimDeliveriesAsync(Now, Lease, 10, Ct, recordedUnder: claim.Token);
        foreach (var delivery in first)
        {
            await store.MarkAsync(delivery, NotifyOutcome.Sent(), Now, Now, Ct);
        }
        var second = await store.ClaimDeliveriesAsync(Now, Lease, 10, Ct, recordedUnder: claim.Token);

        Assert.Equal([$"job-a in {Requests.Channel(1)}", $"job-b in {Requests.Channel(2)}"], first.Select(d => d.News.Text));
        Assert.Empty(whileFirstIsOut);
        Assert.Equal([$"job-b in {Requests.Channel(1)}"], second.Select(d => d.News.Text));
    }

    [Fact]
    public async Task A_throttled_delivery_waits_until_its_retry_time()
    {
        var store = OpenStore(50);
        await Add(store, Requests.Watch(Requests.Channel(1), "job-a", Now));
        var claim = await store.ClaimDueAsync(Now, Lease, 10, Ct);
        await store.RecordAsync(claim, [Keep(claim.Watches[0], null, "news")], Now, Ct);
        var delivery = Assert.Single(await store.ClaimDeliveriesAsync(Now, Lease, 10, Ct, recordedUnder: claim.Token));

        Assert.True(await store.MarkAsync(delivery, NotifyOutcome.Throttled(TimeSpan.FromSeconds(30)), Now, Now.AddSeconds(30), Ct));

        Assert.Empty(await store.ClaimDeliveriesAsync(Now.AddSeconds(29), Lease, 10, Ct));
        Assert.Single(await store.ClaimDeliveriesAsync(Now.AddSeconds(30), Lease, 10, Ct));
    }

    [Fact]
    public async Task A_refused_post_drops_the_news_and_disables_the_watch_with_the_reason()
    {
        var store = OpenStore(50);
        await Add(store, Requests.Watch(Requests.Channel(1), "job-a", Now));
        var claim = await store.ClaimDueAsync(Now, Lease, 10, Ct);
        await store.RecordAsync(claim, [Keep(claim.Watches[0], null, "news")], Now, Ct);
        var delivery = Assert.Single(await store.ClaimDeliveriesAsync(Now, Lease, 10, Ct, recordedUnder: claim.Token));

        Assert.True(await store.MarkAsync(delivery, NotifyOutcome.ConversationGone("Teams answered 403"), Now, Now, Ct));

        var watch = (await store.GetAsync(Requests.Channel(1), "job-a", Ct))!;
        Assert.False(watch.IsActive);
        Assert.Equal("conversation gone (Teams answered 403)", watch.DisabledReason);
        Assert.Empty(await store.ClaimDeliveriesAsync(Now.AddDays(1), Lease, 10, Ct));
        Assert.Empty((await store.ClaimDueAsync(Now.AddDays(1), Lease, 10, Ct)).Watches);
    }

    [Fact]
    public async Task A_deleted_card_message_is_forgotten_and_the_watch_goes_on()
    {
        var store = OpenStore(50);
        await Add(store, Requests.Watch(Requests.Channel(1), "job-a", Now) with { CardActivityId = "card-1" });
        var claim = await store.ClaimDueAsync(Now, Lease, 10, Ct);
        await store.RecordAsync(claim, [Keep(claim.Watches[0], null, "news")], Now, Ct);
        var delivery = Assert.Single(await store.ClaimDeliveriesAsync(Now, Lease, 10, Ct, recordedUnder: claim.Token));

        Assert.True(await store.MarkAsync(delivery, NotifyOutcome.SentWithoutCard("Teams answered 404"), Now, Now, Ct));

        var watch = (await store.GetAsync(Requests.Channel(1), "job-a", Ct))!;
        Assert.True(watch.IsActive);
        Assert.Null(watch.CardActivityId);
    }

    [Fact]
    public async Task Forgetting_a_card_leaves_a_newer_card_alone()
    {
        var store = OpenStore(50);
        var watch = await Add(store, Requests.Watch(Requests.Channel(1), "job-a", Now) with { CardActivityId = "card-1" });
        await store.SetCardActivityIdAsync(Requests.Channel(1), "job-a", "card-2", Ct);

        Assert.False(await store.ForgetCardAsync(watch.Id, "card-1", Ct));
        Assert.True(await store.ForgetCardAsync(watch.Id, "card-2", Ct));
        Assert.Null((await store.GetAsync(Requests.Channel(1), "job-a", Ct))!.CardActivityId);
    }

    [Fact]
    public async Task The_end_of_a_job_removes_its_watch_but_its_last_news_is_still_delivered()
    {
        var store = OpenStore(50);
        await Add(store, Requests.Watch(Requests.Channel(1), "job-a", Now));
        var claim = await store.ClaimDueAsync(Now, Lease, 10, Ct);
        var end = new JobNotification(JobNotificationKind.JobFinished, "✅ Job job-a finished", EndsWatch: true, null);

        await store.RecordAsync(claim, [new WatchUpdate(claim.Watches[0], WatchChange.Remove, null, Now, end)], Now, Ct);

        Assert.Null(await store.GetAsync(Requests.Channel(1), "job-a", Ct));
        var delivery = Assert.Single(await store.ClaimDeliveriesAsync(Now, Lease, 10, Ct, recordedUnder: claim.Token));
        Assert.Equal("✅ Job job-a finished", delivery.News.Text);
        Assert.True(delivery.News.EndsWatch);
        Assert.Equal(Requests.Channel(1), delivery.Target.ConversationId);
    }

    [Fact]
    public async Task A_disabled_watch_stays_listed_with_its_reason_frees_its_slot_and_can_be_watched_again()
    {
        var store = OpenStore(1);
        var watch = await Add(store, Requests.Watch(Requests.Channel(1), "job-a", Now));

        await DisableAsync(store, watch, "job not visible (NotFound)");

        var listed = Assert.Single(await store.ListByConversationAsync(Requests.Channel(1), Ct));
        Assert.False(listed.IsActive);
        Assert.Equal("job not visible (NotFound)", listed.DisabledReason);
        Assert.Equal(Now, listed.DisabledAt);
        Assert.Empty((await store.ClaimDueAsync(Now.AddDays(1), Lease, 10, Ct)).Watches);

        var again = await store.AddAsync(Requests.Watch(Requests.Channel(1), "job-a", Now.AddHours(2)), Ct);

        Assert.Equal(AddWatchOutcome.Added, again.Outcome);
        Assert.NotEqual(watch.Id, again.Watch!.Id);
        var relisted = Assert.Single(await store.ListByConversationAsync(Requests.Channel(1), Ct));
        Assert.True(relisted.IsActive);
        Assert.Null(relisted.DisabledReason);
    }

    [Fact]
    public async Task A_round_for_a_watch_removed_and_added_again_meanwhile_changes_nothing()
    {
        var store = OpenStore(50);
        await Add(store, Requests.Watch(Requests.Channel(1), Jobs.Id, Now));
        var claim = await store.ClaimDueAsync(Now, Lease, 10, Ct);
        await store.RemoveAsync(Requests.Channel(1), Jobs.Id, Ct);
        var renewed = await Add(store, Requests.Watch(Requests.Channel(1), Jobs.Id, Now.AddMinutes(1)));

        var recorded = await store.RecordAsync(claim,
            [new WatchUpdate(claim.Watches[0], WatchChange.Disable, null, Now, null, "conversation gone")], Now, Ct);

        Assert.Empty(recorded);
        Assert.Equal(renewed, await store.GetAsync(Requests.Channel(1), Jobs.Id, Ct));
    }

    [Fact]
    public async Task Watches_stopped_longer_than_the_retention_are_purged_and_the_others_kept()
    {
        var store = OpenStore(50);
        var old = await Add(store, Requests.Watch(Requests.Channel(1), "job-old", Now));
        var recent = await Add(store, Requests.Watch(Requests.Channel(1), "job-recent", Now.AddDays(20)) with { NextPollAt = Now.AddDays(20) });
        await Add(store, Requests.Watch(Requests.Channel(1), "job-active", Now) with { NextPollAt = Now.AddDays(60) });
        await DisableAsync(store, old, "conversation gone", Now);
        await DisableAsync(store, recent, "conversation gone", Now.AddDays(20));

        var purged = await store.PurgeAsync(Now.AddDays(31) - TimeSpan.FromDays(30), Now.AddDays(30), Ct);

        Assert.Equal(1, purged);
        Assert.Equal(["job-recent", "job-active"], (await store.ListByConversationAsync(Requests.Channel(1), Ct)).Select(w => w.JobId).Order().Reverse());
    }

    protected static async Task<Watch> Add(IWatchStore store, Watch watch)
    {
        var result = await store.AddAsync(watch, Ct);
        Assert.Equal(AddWatchOutcome.Added, result.Outcome);
        return result.Watch!;
    }

    private static WatchUpdate Keep(Watch watch, JobSnapshot? told, string news) =>
        new(watch, WatchChange.Keep, told, Now.AddMinutes(1), new JobNotification(JobNotificationKind.NewFailures, news, EndsWatch: false, told));

    // Through a claim, as the poller does: the only way a watch is disabled.
    private static async Task DisableAsync(IWatchStore store, Watch watch, string reason, DateTimeOffset? at = null)
    {
        var when = at ?? Now;
        var claim = await store.ClaimDueAsync(when.AddDays(40), Lease, 1000, Ct);
        var mine = claim.Watches.Single(w => w.Id == watch.Id);
        var others = claim.Watches.Where(w => w.Id != watch.Id).Select(w => new WatchUpdate(w, WatchChange.Keep, null, w.NextPollAt));
        await store.RecordAsync(claim, [new WatchUpdate(mine, WatchChange.Disable, null, when, null, reason), .. others], when, Ct);
    }
}
